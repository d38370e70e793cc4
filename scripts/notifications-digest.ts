/**
 * Sends the daily notification digest to members who chose "in a daily digest". Operators run
 * it once a day from cron, for example:
 *
 *   15 7 * * *  cd /srv/exchange && npm run notifications:digest
 *
 * It uses the same configuration as the server (DATA_DIR, DATABASE_PATH, BASE_URL, SMTP_URL…),
 * migrates nothing, and is safe to run again: what has been e-mailed is not sent twice.
 */
import { existsSync } from "node:fs";
import { ConfigError, config } from "../app/lib/env.server";
import { sendDailyDigests } from "../app/models/notifications.server";
import { db } from "../db/client.server";

try {
  const cfg = config();
  if (!existsSync(cfg.databasePath)) {
    console.error(`No database at ${cfg.databasePath}. Start the server or run npm run db:migrate first.`);
    process.exit(1);
  }
  const { sent, failed } = await sendDailyDigests();
  db().$client.close();
  console.log(`Sent ${sent} daily digest${sent === 1 ? "" : "s"}.${failed ? ` ${failed} could not be sent and will be tried on the next run.` : ""}`);
  if (failed) process.exit(1);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
