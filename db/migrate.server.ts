import { fileURLToPath } from "node:url";
import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "./client.server";

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export function migrateDatabase(database: Db) {
  migrate(database, { migrationsFolder: MIGRATIONS_FOLDER });
}
