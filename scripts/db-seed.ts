import { ConfigError, config } from "../app/lib/env.server";
import { openDatabase } from "../db/client.server";
import { migrateDatabase } from "../db/migrate.server";
import { seed } from "../db/seed/index";

try {
  const cfg = config();
  const database = openDatabase(cfg.databasePath);
  migrateDatabase(database);
  await seed(database, { demo: cfg.demoData });
  database.$client.close();
  console.log(`Seeded ${cfg.databasePath}${cfg.demoData ? " with demo content" : " with reference data only"}`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
