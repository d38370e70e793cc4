/**
 * Lists that many readers see alike (the latest threads, a space's page of threads and its
 * service areas, the newest lessons and templates), kept in the process between requests
 * (issue 13: on the home page these statements were a fifth of its CPU).
 *
 * A kept list is found by its statement's text and parameters, nothing else, and keptList runs
 * that statement itself, so the rows are what the statement returns and nothing a caller made for
 * one reader. Two readers share rows only when they would have run the same statement with the
 * same values. Where a list is filtered by audience, the policy's rule is spliced into the text,
 * so a supplier never shares a policing member's list. A list must not read a member's own state
 * (read positions, marks, watches); callers read that apart.
 *
 * The rows last while the content version (migration 0021) has not moved. Triggers move it on
 * every write to the tables these lists read, in whichever process, and each process reads it
 * with the request's session, so a write shows on the next page anywhere.
 */
import type { Member } from "~/auth/policy/index.server";
import { db } from "../../db/client.server";

/**
 * Roughly what a process may hold: thousands of lists of 30 threads. (Pages of posts were kept
 * too, at 20 KB each: three times this budget took the workers to 300 and 308 MB after
 * `npm run bench`, and this one held too few of them to pay, issue 13.)
 */
const BUDGET_BYTES = 8 * 1024 * 1024;
/** No one list may take more than this share, so one huge list cannot empty the rest. */
const LARGEST_BYTES = BUDGET_BYTES / 16;
/** What a kept list costs beside its rows: its key in the map, and the record. */
const ENTRY_BYTES = 200;

/** The version as the request's session statement read it, before any of the page's reads. */
const versionSeen = new WeakMap<Member, number>();
const lists = new Map<string, { version: number; rows: readonly object[]; bytes: number }>();
let newest = 0;
let held = 0;

/** Only for a request that cannot change content before its page reads its lists: a GET or HEAD. */
export function noteContentVersion(member: Member, version: number) {
  versionSeen.set(member, version);
}

function versionFor(member: Member) {
  return versionSeen.get(member) ?? (db().$client.prepare("SELECT n FROM content_version").pluck().get() as number);
}

/**
 * The rows of this statement with these parameters, shaped by `shape` (from the rows, and content
 * the version covers, never the member), from the last time it ran if no content has changed
 * since the request began. Rows read later than the request's version are at least as new, so
 * they serve it too. Frozen throughout, as other requests share them (a Date cannot be frozen:
 * nothing may change one).
 */
export function keptList<R, T extends object = R & object>(member: Member, source: string, params: unknown[], shape?: (rows: R[]) => T[]): readonly Readonly<T>[] {
  const run = () => {
    const rows = db().$client.prepare(source).all(...params) as R[];
    return deepFreeze(shape ? shape(rows) : (rows as unknown as T[]));
  };
  // Inside a transaction the version may count writes that are then rolled back: read afresh.
  if (db().$client.inTransaction) return run();
  const version = versionFor(member);
  if (version > newest) {
    lists.clear();
    held = 0;
    newest = version;
  }
  const key = `${source}\u0000${JSON.stringify(params)}`;
  const found = lists.get(key);
  if (found && found.version >= version) {
    // Most recently used last, so the oldest goes first when the budget is spent.
    lists.delete(key);
    lists.set(key, found);
    return found.rows as readonly Readonly<T>[];
  }
  const rows = run();
  const bytes = ENTRY_BYTES + key.length + sizeOf(rows);
  const stale = lists.get(key);
  if (stale) {
    lists.delete(key);
    held -= stale.bytes;
  }
  // An empty list costs little to read again, and keeping it would let made-up page numbers crowd out real lists.
  if (rows.length === 0 || bytes > LARGEST_BYTES) return rows;
  for (const [oldest, entry] of lists) {
    if (held + bytes <= BUDGET_BYTES) break;
    lists.delete(oldest);
    held -= entry.bytes;
  }
  lists.set(key, { version, rows, bytes });
  held += bytes;
  return rows;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !(value instanceof Date) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * An estimate near what V8 holds for rows of short values read from SQLite (measured on 1,332
 * pages of 25 posts, 20 KB a page): an object and a word for each value, a string's characters
 * (two bytes each if any is beyond Latin-1), and the same again for what is nested.
 */
function sizeOf(value: unknown): number {
  if (typeof value === "string") return 32 + (/[^\u0000-\u00ff]/.test(value) ? 2 : 1) * value.length;
  if (typeof value !== "object" || value === null) return 8;
  if (value instanceof Date) return 48;
  let bytes = 64;
  for (const inner of Object.values(value)) bytes += sizeOf(inner);
  return bytes;
}
