import { and, desc, eq, exists, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { audienceReadableWhere, recipientMayReadWhere, type Member } from "~/auth/policy/index.server";
import { config } from "~/lib/env.server";
import { renderPlainExcerpt } from "~/lib/markdown.server";
import { err, ok, type Result } from "~/lib/result";
import { signLink, verifyLink } from "~/lib/signed-link.server";
import { db, sqlText, type Tx } from "../../db/client.server";
import { discussions, notifications, organisations, posts, users } from "../../db/schema";
import type { NotificationKind } from "~/lib/fixed-lists";
import { queueMail } from "./mail-outbox.server";

export const NOTIFICATIONS_PER_PAGE = 30;

const KIND_TEXT: Record<NotificationKind, string> = {
  reply: "replied in",
  mention: "mentioned you in",
  accepted: "accepted your answer in",
};

const actor = alias(users, "actor");

/** The title of whatever owns a discussion: a thread, a lesson or a template. */
const ownerTitle = sql<string>`coalesce(
  (SELECT title FROM threads WHERE threads.discussion_id = ${discussions.id}),
  (SELECT title FROM lessons WHERE lessons.discussion_id = ${discussions.id}),
  (SELECT title FROM templates WHERE templates.discussion_id = ${discussions.id}))`;

function notificationQuery(member: Member, before?: number) {
  return db()
    .select({
      id: notifications.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      postId: notifications.postId,
      actorName: actor.name,
      title: ownerTitle,
    })
    .from(notifications)
    .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
    .innerJoin(actor, eq(actor.id, notifications.actorId))
    .where(and(eq(notifications.userId, member.id), audienceReadableWhere(member, discussions.audience), before ? lt(notifications.id, before) : undefined));
}

/** Newest first, keyset-paged; a thread moved out of the member's reach drops out at once. */
export function listNotifications(member: Member, options: { before?: number } = {}) {
  const rows = notificationQuery(member, options.before)
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATIONS_PER_PAGE + 1)
    .all();
  return { notifications: rows.slice(0, NOTIFICATIONS_PER_PAGE).map((r) => ({ ...r, text: `${r.actorName} ${KIND_TEXT[r.kind]} ${r.title ?? "a discussion"}` })), hasOlder: rows.length > NOTIFICATIONS_PER_PAGE };
}

/** Unread count for the header, filtered by audience in SQL like the list; on every page, so a kept statement. */
export function countUnreadNotifications(member: Member) {
  const gate = sqlText(audienceReadableWhere(member, sql.raw("d.audience")));
  const row = db().$client.prepare(`SELECT count(*) AS n FROM notifications n JOIN discussions d ON d.id = n.discussion_id WHERE n.user_id = ? AND n.read_at IS NULL AND ${gate.sql}`).get(member.id, ...gate.params) as { n: number };
  return row.n;
}

export function markNotificationsRead(member: Member, ids?: number[]) {
  db().update(notifications).set({ readAt: new Date() })
    .where(and(eq(notifications.userId, member.id), isNull(notifications.readAt), ids ? inArray(notifications.id, ids) : undefined))
    .run();
}

export function unsubscribeUrl(userId: number) {
  return `${config().baseUrl}/unsubscribe?u=${userId}&s=${signLink("unsubscribe", userId)}`;
}

/**
 * Queues an e-mail for each new notification whose member chose "as each one happens", inside
 * the transaction that made the notifications, and marks them e-mailed: the mail exists exactly
 * when the notification does, and a crash before sending leaves it queued, not lost. The
 * recipients were already filtered by audience.
 */
export function queueNotificationMails(tx: Tx, ids: number[]) {
  if (ids.length === 0) return;
  const rows = tx
    .select({ id: notifications.id, kind: notifications.kind, postId: notifications.postId, to: users.email, userId: users.id, actorName: actor.name, title: ownerTitle, bodyMd: posts.bodyMd })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .innerJoin(actor, eq(actor.id, notifications.actorId))
    .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
    .innerJoin(posts, eq(posts.id, notifications.postId))
    .where(and(inArray(notifications.id, ids), eq(users.notifyPreference, "each"), eq(users.status, "active"), isNull(notifications.emailedAt)))
    .all();
  const base = config().baseUrl;
  const excerpts = new Map<number, string>();
  for (const n of rows) {
    const unsubscribe = unsubscribeUrl(n.userId);
    // One post usually notifies many watchers; its excerpt is rendered once.
    if (!excerpts.has(n.postId)) excerpts.set(n.postId, renderPlainExcerpt(n.bodyMd, 400));
    queueMail(tx, {
      kind: "notification",
      dedupeKey: `notification:${n.id}`,
      to: n.to,
      subject: `${n.actorName} ${KIND_TEXT[n.kind]} "${n.title ?? "a discussion"}"`,
      text: `${n.actorName} ${KIND_TEXT[n.kind]} "${n.title ?? "a discussion"}" on Partnering Exchange:\n\n${excerpts.get(n.postId)}\n\nRead it: ${base}/posts/${n.postId}\n\nStop these e-mails: ${unsubscribe}\nChange how often you are e-mailed: ${base}/settings`,
      headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
  }
  if (rows.length > 0) tx.update(notifications).set({ emailedAt: new Date() }).where(inArray(notifications.id, rows.map((n) => n.id))).run();
}

/**
 * Opens one of the member's notifications: marks it read and returns its post id. Null when it
 * is someone else's, does not exist, or its discussion has moved out of the member's reach (the
 * same audience filter as the list), so all three read as "not found".
 */
export function openNotification(member: Member, id: number): { postId: number } | null {
  const row = db()
    .select({ postId: notifications.postId, readAt: notifications.readAt })
    .from(notifications)
    .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
    .where(and(eq(notifications.id, id), eq(notifications.userId, member.id), audienceReadableWhere(member, discussions.audience)))
    .get();
  if (!row) return null;
  if (!row.readAt) markNotificationsRead(member, [id]);
  return { postId: row.postId };
}

/** True when the signature is the one unsubscribeUrl put in that user's e-mails. */
export function isUnsubscribeLinkValid(userId: number, signature: string) {
  return verifyLink("unsubscribe", userId, signature);
}

/**
 * One-click unsubscribe (RFC 8058): the signed link, not a session, proves who asks, so it
 * works from a mail client. A forged or altered link changes nothing.
 */
export function stopEmailsBySignedLink(userId: number, signature: string): Result<null, "bad_link"> {
  if (!isUnsubscribeLinkValid(userId, signature)) return err("bad_link");
  db().update(users).set({ notifyPreference: "none" }).where(eq(users.id, userId)).run();
  return ok(null);
}

export const DIGEST_MAX_ITEMS = 50;
const DIGEST_MEMBER_BATCH = 100;

/**
 * What a daily digest may carry for the user in the outer query: unread, not yet e-mailed,
 * created before the run began, and in a discussion that user may still read. The audience rule
 * is the policy's, over the recipient's own status and organisation kind, so a thread moved to
 * policing-only never reaches a supplier's inbox.
 */
function digestDueWhere(now: Date) {
  return and(
    eq(notifications.userId, users.id),
    isNull(notifications.emailedAt),
    isNull(notifications.readAt),
    lt(notifications.createdAt, now),
    recipientMayReadWhere(discussions.audience, users.status, organisations.kind),
  );
}

/**
 * Queues one digest e-mail for each active member who chose "in a daily digest" and has
 * notifications due, listing up to DIGEST_MAX_ITEMS of them, newest first. Members are read in
 * bounded batches. Each member's notifications are claimed (emailed_at set) and the digest
 * queued in one transaction, so two overlapping runs never send the same line twice and a crash
 * leaves either both or neither. Operators run it daily: `npm run notifications:digest`.
 */
export function queueDailyDigests(now = new Date()): { queued: number } {
  let queued = 0;
  let after = 0;
  for (;;) {
    const recipients = db()
      .select({ id: users.id, email: users.email })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(
        and(
          gt(users.id, after),
          eq(users.notifyPreference, "daily"),
          eq(users.status, "active"),
          exists(
            db()
              .select({ one: sql`1` })
              .from(notifications)
              .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
              .where(digestDueWhere(now)),
          ),
        ),
      )
      .orderBy(users.id)
      .limit(DIGEST_MEMBER_BATCH)
      .all();
    if (recipients.length === 0) break;
    after = recipients.at(-1)!.id;
    for (const recipient of recipients) if (queueDigest(recipient, now)) queued++;
    if (recipients.length < DIGEST_MEMBER_BATCH) break;
  }
  return { queued };
}

/** Selects one member's due notifications (newest first, bounded), marks them e-mailed and queues the digest, atomically. */
function queueDigest(recipient: { id: number; email: string }, now: Date) {
  const base = config().baseUrl;
  return db().transaction((tx) => {
    const rows = tx
      .select({ id: notifications.id, kind: notifications.kind, postId: notifications.postId, actorName: actor.name, title: ownerTitle })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
      .innerJoin(actor, eq(actor.id, notifications.actorId))
      .where(and(eq(notifications.userId, recipient.id), digestDueWhere(now)))
      .orderBy(desc(notifications.id))
      .limit(DIGEST_MAX_ITEMS + 1)
      .all();
    const included = rows.slice(0, DIGEST_MAX_ITEMS);
    if (included.length === 0) return false;
    tx.update(notifications).set({ emailedAt: new Date() }).where(inArray(notifications.id, included.map((n) => n.id))).run();
    const unsubscribe = unsubscribeUrl(recipient.id);
    const count = included.length;
    const lines = included.map((n) => `${n.actorName} ${KIND_TEXT[n.kind]} ${n.title ?? "a discussion"}: ${base}/posts/${n.postId}`);
    queueMail(tx, {
      kind: "digest",
      to: recipient.email,
      subject: `Your daily digest: ${count} new notification${count === 1 ? "" : "s"} on Partnering Exchange`,
      text: [
        `New on Partnering Exchange, not yet read:`,
        lines.join("\n"),
        rows.length > DIGEST_MAX_ITEMS ? `There are more on the site: ${base}/notifications` : `All your notifications: ${base}/notifications`,
        `Stop these e-mails: ${unsubscribe}\nChange how often you are e-mailed: ${base}/settings`,
      ].join("\n\n"),
      headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
    return true;
  });
}
