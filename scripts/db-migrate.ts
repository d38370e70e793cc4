import { ConfigError, config } from "../app/lib/env.server";
import { openDatabase } from "../db/client.server";
import { migrateDatabase } from "../db/migrate.server";

try {
  const cfg = config();
  const database = openDatabase(cfg.databasePath);
  migrateDatabase(database);
  database.$client.close();
  console.log(`Migrated ${cfg.databasePath}`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
