import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { projectRoot } from "../app/lib/project-root.server";
import type { Db } from "./client.server";

export const MIGRATIONS_FOLDER = path.join(projectRoot(import.meta.url), "db", "migrations");

export function migrateDatabase(database: Db) {
  migrate(database, { migrationsFolder: MIGRATIONS_FOLDER });
}
