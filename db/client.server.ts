import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { SQL } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { config } from "../app/lib/env.server";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** WAL lets readers run beside the one writer; the busy timeout waits out short write locks. */
export function openDatabase(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  cachePreparedStatements(sqlite);
  return drizzle(sqlite, { schema });
}

/**
 * drizzle prepares every query afresh; preparing is a large part of a short query's cost. The
 * same SQL text gets the same compiled statement back, reset to its default (object rows) mode
 * because drizzle switches some to raw rows and search plucks single values. Bounded, so ad hoc
 * SQL cannot grow it forever.
 */
function cachePreparedStatements(sqlite: Database.Database, limit = 1000) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    } else if (statement.reader) {
      statement.pluck(false).raw(false);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

const dialect = new SQLiteSyncDialect();

/**
 * A drizzle fragment (a policy rule, say) as SQLite text and its parameters, to splice into a
 * hand-written statement on a hot page: building a whole query with drizzle, and mapping its rows
 * back, cost more CPU than running it. The statement text then differs per rule variant, so the
 * statement cache keeps one compiled statement for each.
 */
export function sqlText(fragment: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(fragment);
}

/**
 * Whether SQLite refused for another connection's write: SQLITE_BUSY, or SQLITE_BUSY_SNAPSHOT when
 * that write came after this connection's read began. For work that may simply be skipped.
 */
export const isBusyError = (error: unknown) => String((error as { code?: unknown } | null)?.code ?? "").startsWith("SQLITE_BUSY");

/** A stored timestamp (seconds, drizzle's "timestamp" mode) as a Date. */
export function dateOf(seconds: number): Date;
export function dateOf(seconds: number | null): Date | null;
export function dateOf(seconds: number | null) {
  return seconds === null ? null : new Date(seconds * 1000);
}

let shared: Db | undefined;
/** The process's one connection to the configured database. */
export function db(): Db {
  shared ??= openDatabase(config().databasePath);
  return shared;
}

/** The handle a synchronous drizzle transaction callback receives (never await inside one). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
