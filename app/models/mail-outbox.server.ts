import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Mail } from "~/lib/mail.server";
import { wakeMailSender } from "~/lib/mail-wake.server";
import { db, type Db, type Tx } from "../../db/client.server";
import { mailOutbox } from "../../db/schema";

export type QueuedMail = Mail & {
  /** What caused it: notification, verify_email, password_reset, digest… */
  kind: string;
  /** The same key is queued at most once (e.g. "notification:12"). */
  dedupeKey?: string;
};

export type OutboxMessage = typeof mailOutbox.$inferSelect;

/**
 * Queues an e-mail inside the caller's transaction, so it exists exactly when the event that
 * caused it does: if the transaction rolls back, so does the mail. The sender delivers it.
 * Returns the row's id (null when the dedupe key was already queued).
 */
export function queueMail(writer: Tx | Db, mail: QueuedMail & { notBefore?: Date; batchKey?: string }) {
  const now = new Date();
  const row = writer
    .insert(mailOutbox)
    .values({ kind: mail.kind, dedupeKey: mail.dedupeKey ?? null, batchKey: mail.batchKey ?? null, recipient: mail.to, subject: mail.subject, text: mail.text, headers: mail.headers ?? {}, createdAt: now, nextAttemptAt: mail.notBefore ?? now })
    .onConflictDoNothing()
    .returning({ id: mailOutbox.id })
    .get();
  if (!mail.notBefore) wakeMailSender();
  return row?.id ?? null;
}

/**
 * The batched mail still gathering under this key: queued, not yet claimed by a sender. Claiming
 * takes the write lock, as does the caller's transaction, so a mail found here cannot be sent
 * until that transaction commits, and then it goes with what was written into it.
 */
export function openBatch(tx: Tx, batchKey: string): number | null {
  return (
    tx
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.batchKey, batchKey), isNull(mailOutbox.sentAt), isNull(mailOutbox.failedAt), isNull(mailOutbox.claimedUntil), eq(mailOutbox.attempts, 0)))
      .get()?.id ?? null
  );
}

/**
 * Mail that waits `delayMs` and gathers every event under its key until then: the first event
 * queues it, later ones rewrite its subject and text (the caller composes them from the whole
 * batch). Returns the row's id. Once a sender has claimed it, the next event starts a new batch.
 */
export function queueBatchedMail(tx: Tx, mail: QueuedMail & { batchKey: string; delayMs: number; into?: number | null }) {
  const open = mail.into ?? openBatch(tx, mail.batchKey);
  if (open !== null) {
    tx.update(mailOutbox).set({ recipient: mail.to, subject: mail.subject, text: mail.text, headers: mail.headers ?? {} }).where(eq(mailOutbox.id, open)).run();
    return open;
  }
  return queueMail(tx, { ...mail, notBefore: new Date(Date.now() + mail.delayMs) })!;
}

/** Drops a batch nobody needs any more (its news was read first); a claimed one is already on its way. */
export function dropOpenBatch(writer: Tx | Db, id: number) {
  writer.delete(mailOutbox).where(and(eq(mailOutbox.id, id), isNull(mailOutbox.sentAt), isNull(mailOutbox.claimedUntil), eq(mailOutbox.attempts, 0))).run();
}

/**
 * Claims up to `limit` due messages for `leaseMs` and counts the attempt. One UPDATE takes
 * SQLite's write lock, so two processes can never claim the same row; a claim left by a process
 * that died runs out and the row is due again. The attempt is counted now, so a message that
 * kills the sender still reaches its last attempt.
 */
export function claimDueMail(now: Date, limit: number, leaseMs: number): OutboxMessage[] {
  // IMMEDIATE takes the write lock before reading, so a busy database is waited out
  // (busy_timeout) rather than failing on a snapshot another process has just changed.
  return db().transaction((tx) => claimIn(tx, now, limit, leaseMs), { behavior: "immediate" });
}

function claimIn(tx: Tx, now: Date, limit: number, leaseMs: number) {
  const due = tx
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      and(
        isNull(mailOutbox.sentAt),
        isNull(mailOutbox.failedAt),
        lte(mailOutbox.nextAttemptAt, now),
        or(isNull(mailOutbox.claimedUntil), lt(mailOutbox.claimedUntil, now)),
      ),
    )
    .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
    .limit(limit);
  return tx
    .update(mailOutbox)
    .set({ claimedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${mailOutbox.attempts} + 1` })
    .where(inArray(mailOutbox.id, due))
    .returning()
    .all()
    .sort((a, b) => a.id - b.id);
}

export function markMailSent(id: number, at: Date) {
  db().update(mailOutbox).set({ sentAt: at, claimedUntil: null }).where(and(eq(mailOutbox.id, id), isNull(mailOutbox.sentAt))).run();
}

/** Records a failed attempt: due again at `retryAt`, or given up for good when it is null. */
export function markMailFailed(id: number, error: string, retryAt: Date | null, at: Date) {
  db()
    .update(mailOutbox)
    .set(retryAt ? { lastError: error, nextAttemptAt: retryAt, claimedUntil: null } : { lastError: error, failedAt: at, claimedUntil: null })
    .where(eq(mailOutbox.id, id))
    .run();
}
