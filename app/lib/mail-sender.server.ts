import { claimDueMail, markMailFailed, markMailSent, type OutboxMessage } from "~/models/mail-outbox.server";
import { deliverMail } from "./mail.server";
import { onMailQueued } from "./mail-wake.server";

/** 5 s, 10 s, 20 s … doubling to an hour: about 21 hours of trying before giving up. */
export const MAIL_MAX_ATTEMPTS = 30;
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 60 * 60_000;
const BATCH = 10;
/** Longer than a batch of sends can take with the SMTP timeouts in mail.server.ts. */
const CLAIM_MS = 10 * 60_000;

/** How long to wait after the given number of failed attempts. */
export function retryDelayMs(attempts: number) {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/** Stable per message, and sorting by it sorts by when the mail was queued. */
const fileName = (m: OutboxMessage) => `${m.createdAt.toISOString().replace(/[:.]/g, "-")}-${m.id}`;

type Options = { now?: () => Date; deliver?: (m: OutboxMessage) => Promise<void>; batch?: number; shouldStop?: () => boolean };

/**
 * One pass over the outbox: claims due messages in bounded batches and delivers them one by one,
 * until none is due. A failure is kept in last_error and retried with back-off; after
 * MAIL_MAX_ATTEMPTS the message is given up (failed_at) and logged.
 */
export async function sendDueMail(options: Options = {}) {
  const now = options.now ?? (() => new Date());
  const deliver = options.deliver ?? ((m: OutboxMessage) => deliverMail({ to: m.recipient, subject: m.subject, text: m.text, headers: m.headers }, fileName(m)));
  const result = { sent: 0, failed: 0, gaveUp: 0 };
  while (!options.shouldStop?.()) {
    const claimed = claimDueMail(now(), options.batch ?? BATCH, CLAIM_MS);
    if (claimed.length === 0) break;
    for (const message of claimed) {
      try {
        await deliver(message);
        markMailSent(message.id, now());
        result.sent++;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const giveUp = message.attempts >= MAIL_MAX_ATTEMPTS;
        markMailFailed(message.id, reason.slice(0, 2000), giveUp ? null : new Date(now().getTime() + retryDelayMs(message.attempts)), now());
        if (giveUp) {
          result.gaveUp++;
          console.error(`Gave up e-mailing ${message.recipient} ("${message.subject}", outbox ${message.id}) after ${message.attempts} attempts: ${reason}`);
        } else {
          result.failed++;
          console.error(`E-mail to ${message.recipient} (outbox ${message.id}) failed, attempt ${message.attempts}; trying again later: ${reason}`);
        }
      }
    }
  }
  return result;
}

/**
 * Delivers queued mail in the background: at start (so a restart resumes what a crash left),
 * when a request queues mail in this process, and every `pollMs` for mail queued by another
 * process or waiting out its back-off. stop() lets the message being sent finish and claims no
 * more; anything unsent stays queued for the next start.
 */
export function startMailSender({ pollMs = 1000 }: { pollMs?: number } = {}) {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  let again = false;
  const pass = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = sendDueMail({ shouldStop: () => stopped })
      .catch((error: unknown) => console.error("The mail sender failed; it will try again:", error))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const timer = setInterval(pass, pollMs);
  onMailQueued(pass);
  pass();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      onMailQueued(undefined);
      await running;
    },
  };
}
