import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Db } from "./client.server";

/**
 * An online backup: SQLite's backup API copies a consistent snapshot while the server keeps
 * serving and writing (WAL readers are not blocked). Returns the new file's path.
 */
export async function backupDatabase(database: Db, folder: string, at = new Date()) {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `exchange-${at.toISOString().replace(/[:.]/g, "-")}.db`);
  await database.$client.backup(file);
  return file;
}
