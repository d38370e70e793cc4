/**
 * Sends the daily notification digest to members who chose "in a daily digest". Operators run
 * it once a day from cron, for example:
 *
 *   15 7 * * *  cd /srv/exchange && npm run notifications:digest
 *
 * It uses the same configuration as the server (DATA_DIR, DATABASE_PATH, BASE_URL, SMTP_URL…),
 * migrates nothing, and is safe to run again: what has been e-mailed is not sent twice. Digests
 * are queued in the mail outbox; it then delivers what is due itself, so it works with the
 * server stopped, and anything that cannot be delivered now is retried by the server's sender.
 */
import { existsSync } from "node:fs";
import { ConfigError, config } from "../app/lib/env.server";
import { sendDueMail } from "../app/lib/mail-sender.server";
import { queueDailyDigests } from "../app/models/notifications.server";
import { db } from "../db/client.server";

try {
  const cfg = config();
  if (!existsSync(cfg.databasePath)) {
    console.error(`No database at ${cfg.databasePath}. Start the server or run npm run db:migrate first.`);
    process.exit(1);
  }
  const { queued } = queueDailyDigests();
  const { failed } = await sendDueMail();
  db().$client.close();
  console.log(`Sent ${queued} daily digest${queued === 1 ? "" : "s"}.${failed ? ` ${failed} e-mail(s) could not be delivered yet; the server's mail sender will try again.` : ""}`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
