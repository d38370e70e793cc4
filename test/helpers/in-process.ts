import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Member } from "~/auth/policy/index.server";
import type { Db } from "../../db/client.server";

type UserRow = { id: number; handle: string; name: string; email: string; job_title: string; role: Member["role"]; status: Member["status"]; organisation_id: number; okind: Member["organisationKind"]; oname: string; oslug: string; totp_enabled: number };

/** The Member a signed-in request would carry, read straight from the database, for in-process model tests. */
export function memberFor(database: Db, email: string): Member {
  const row = database.$client.prepare(`SELECT u.*, o.kind AS okind, o.name AS oname, o.slug AS oslug FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE email = ?`).get(email) as UserRow;
  return { id: row.id, handle: row.handle, name: row.name, email: row.email, jobTitle: row.job_title, role: row.role, status: row.status, organisationId: row.organisation_id, organisationKind: row.okind, organisationName: row.oname, organisationSlug: row.oslug, totpEnabled: Boolean(row.totp_enabled), sessionId: "test" };
}

/** Counts the SQL statements run on the connection while `fn` runs, whether prepared then or earlier and kept. */
export function countStatements(database: Db, fn: () => unknown) {
  return statementsRun(database, fn).length;
}

/** countStatements for work that awaits, such as a route's loader; nothing else may use the connection meanwhile. Also counts the writes among them. */
export async function countStatementsAsync(database: Db, fn: () => Promise<unknown>) {
  const { counted, stop } = startCounting(database);
  try {
    await fn();
  } finally {
    stop();
  }
  return counted().statements;
}

/** The statements and writes (statements that are not readers) that `fn` runs. */
export async function countStatementsAndWrites(database: Db, fn: () => Promise<unknown>) {
  const { counted, stop } = startCounting(database);
  try {
    await fn();
  } finally {
    stop();
  }
  const { statements, writes } = counted();
  return { statements, writes };
}

/** The text of each statement `fn` runs, in order. */
export function statementsRun(database: Db, fn: () => unknown) {
  const { counted, stop } = startCounting(database);
  try {
    fn();
  } finally {
    stop();
  }
  return counted().sources;
}

const RUNNERS = ["run", "get", "all", "iterate"] as const;

/** Every statement of a connection shares one prototype; counting there sees kept statements too. */
function startCounting(database: Db) {
  const proto = Object.getPrototypeOf(database.$client.prepare("SELECT 1")) as Record<(typeof RUNNERS)[number], (...args: unknown[]) => unknown>;
  const originals = RUNNERS.map((name) => proto[name]);
  let statements = 0;
  let writes = 0;
  const sources: string[] = [];
  RUNNERS.forEach((name, i) => {
    const original = originals[i]!;
    proto[name] = function (this: { reader: boolean; database: unknown; source: string }, ...args: unknown[]) {
      if (this.database === database.$client) {
        statements++;
        if (!this.reader) writes++;
        sources.push(this.source);
      }
      return original.apply(this, args);
    };
  });
  return { counted: () => ({ statements, writes, sources }), stop: () => RUNNERS.forEach((name, i) => void (proto[name] = originals[i]!)) };
}

/**
 * Writes `n` posts of `body` at the end of a discussion straight to SQLite, in one statement (the
 * search index follows by its triggers): many additions at once, or another process's, for tests.
 */
export function addPosts(client: Pick<Db["$client"], "prepare">, discussionId: number, authorId: number, n: number, body: string) {
  client
    .prepare(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
      INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version, created_at)
      SELECT ?, (SELECT max(number) FROM posts WHERE discussion_id = ?) + i, ?, ?, '<p>x</p>', 1, unixepoch() FROM n`)
    .run(n, discussionId, discussionId, authorId, body);
}

/**
 * A fresh data folder for an in-process test, set in the environment before the app's modules are
 * first imported (the database client reads it then); so a test file calls this before importing
 * any of them. Vitest sets BASE_URL to "/", which the app would take for its address.
 */
export function freshDataDir(name: string) {
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), `exchange-${name}-`));
  process.env.DATABASE_PATH = path.join(process.env.DATA_DIR, "exchange.db");
  delete process.env.BASE_URL;
}

/** freshDataDir, then its database migrated and seeded with the demo content; returns the app's `db`. */
export async function demoDatabase(name: string) {
  freshDataDir(name);
  const { db } = await import("../../db/client.server");
  const { migrateDatabase } = await import("../../db/migrate.server");
  const { seed } = await import("../../db/seed/index");
  migrateDatabase(db());
  await seed(db(), { demo: true });
  return db;
}
