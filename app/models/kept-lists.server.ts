/**
 * Lists that every reader with the same audience rule sees alike (the latest threads, a space's
 * page of threads, the newest lessons and templates), kept in the process between requests
 * (issue 13: on the home page these statements were a fifth of its CPU).
 *
 * A kept list is found by its statement's text and parameters, nothing else, and the policy's
 * audience rule is spliced into that text: two readers share rows only when they ran the same
 * statement with the same values, so a supplier can never be given rows a policing member's
 * statement read. A list must not read a member's own state (read positions, watches); callers
 * read that apart.
 *
 * The rows last while the content version (migration 0021) has not moved. Triggers move it on
 * every write to the tables these lists read, in whichever process, and each process reads it
 * with the request's session, so a write shows on the next page anywhere.
 */
import type { Member } from "~/auth/policy/index.server";
import { db } from "../../db/client.server";

/** Roughly what a process may hold: about 1,200 pages of posts (20 KB each), or many more short lists. */
const BUDGET_BYTES = 24 * 1024 * 1024;

/** The version as the request's session statement read it, before any of the page's reads. */
const versionSeen = new WeakMap<Member, number>();
const lists = new Map<string, { version: number; rows: unknown; bytes: number }>();
let newest = 0;
let held = 0;

export function noteContentVersion(member: Member, version: number) {
  versionSeen.set(member, version);
}

function versionFor(member: Member) {
  return versionSeen.get(member) ?? (db().$client.prepare("SELECT n FROM content_version").pluck().get() as number);
}

/**
 * The rows `read` returns for this statement and these parameters, from the last time it ran if
 * no content has changed since the request began. Rows read later than the request's version are
 * at least as new, so they serve it too. Frozen, as other requests share them.
 */
export function keptList<T extends object>(member: Member, source: string, params: unknown[], read: () => T[]): readonly T[] {
  const version = versionFor(member);
  if (version > newest) {
    lists.clear();
    held = 0;
    newest = version;
  }
  const key = `${source}\u0000${JSON.stringify(params)}`;
  const found = lists.get(key);
  if (found && found.version >= version) {
    // Most recently used last, so the oldest goes first when the map is full.
    lists.delete(key);
    lists.set(key, found);
    return found.rows as readonly T[];
  }
  const rows = Object.freeze(read().map((row) => Object.freeze(row)));
  const bytes = key.length + sizeOf(rows);
  if (found) held -= found.bytes;
  lists.delete(key);
  for (const [oldest, entry] of lists) {
    if (held + bytes <= BUDGET_BYTES) break;
    lists.delete(oldest);
    held -= entry.bytes;
  }
  lists.set(key, { version, rows, bytes });
  held += bytes;
  return rows;
}

/**
 * An estimate, near what V8 holds for a row of short values read from SQLite (measured: a thousand
 * pages of posts, 25 rows each): an object and a word for each value, and a string's characters.
 */
function sizeOf(rows: readonly object[]) {
  let bytes = 0;
  for (const row of rows) {
    bytes += 64;
    for (const value of Object.values(row)) bytes += typeof value === "string" ? 32 + value.length : 8;
  }
  return bytes;
}
