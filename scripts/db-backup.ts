// Online backup of the configured database to $DATA_DIR/backups (or the folder given):
//   npm run db:backup [-- /path/to/folder]
import path from "node:path";
import { ConfigError, config } from "../app/lib/env.server";
import { backupDatabase } from "../db/backup.server";
import { openDatabase } from "../db/client.server";

try {
  const cfg = config();
  const database = openDatabase(cfg.databasePath);
  const file = await backupDatabase(database, process.argv[2] ?? path.join(cfg.dataDir, "backups"));
  database.$client.close();
  console.log(`Backed up ${cfg.databasePath} to ${file}`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
