import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
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
  return drizzle(sqlite, { schema });
}

let shared: Db | undefined;
/** The process's one connection to the configured database. */
export function db(): Db {
  shared ??= openDatabase(config().databasePath);
  return shared;
}

/** The handle a synchronous drizzle transaction callback receives (never await inside one). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
