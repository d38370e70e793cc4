import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "../../db/client.server";
import { migrateDatabase } from "../../db/migrate.server";

/** A fresh, migrated SQLite file in its own temporary folder. */
export function freshDatabase(): Db {
  const dir = mkdtempSync(path.join(tmpdir(), "exchange-test-"));
  const database = openDatabase(path.join(dir, "exchange.db"));
  migrateDatabase(database);
  return database;
}

export function countRows(database: Db, tables: string[]) {
  return Object.fromEntries(
    tables.map((t) => [t, (database.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}
