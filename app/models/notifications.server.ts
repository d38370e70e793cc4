import { and, asc, desc, eq, exists, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { audienceReadableWhere, recipientMayReadWhere, type Member } from "~/auth/policy/index.server";
import { config } from "~/lib/env.server";
import { renderPlainExcerpt } from "~/lib/markdown.server";
import { err, ok, type Result } from "~/lib/result";
import { signLink, verifyLink } from "~/lib/signed-link.server";
import { db, sqlText, type Tx } from "../../db/client.server";
import { discussions, notifications, organisations, posts, users } from "../../db/schema";
import type { NotificationKind } from "~/lib/fixed-lists";
import { dropOpenBatch, openBatch, queueBatchedMail, queueMail } from "./mail-outbox.server";

export const NOTIFICATIONS_PER_PAGE = 30;

const actor = alias(users, "actor");
const lastPost = alias(posts, "last_post");

/** The title of whatever owns a discussion: a thread, a lesson or a template. */
const ownerTitle = sql<string>`coalesce(
  (SELECT title FROM threads WHERE threads.discussion_id = ${discussions.id}),
  (SELECT title FROM lessons WHERE lessons.discussion_id = ${discussions.id}),
  (SELECT title FROM templates WHERE templates.discussion_id = ${discussions.id}))`;

type Described = { kind: NotificationKind; actorName: string; title: string | null; replyCount: number; hiddenReason: string | null };

/**
 * What a notification says, the same on the page, in its e-mail and in the digest. Moderators'
 * decisions do not name the moderator: the post and its reason are what the member needs.
 */
function describeNotification(n: Described) {
  const title = n.title ?? "a discussion";
  switch (n.kind) {
    case "reply":
      return n.replyCount > 1 ? `${n.replyCount} new replies in ${title} (the latest from ${n.actorName})` : `${n.actorName} replied in ${title}`;
    case "mention":
      return `${n.actorName} mentioned you in ${title}`;
    case "accepted":
      return `${n.actorName} accepted your answer in ${title}`;
    case "new_thread":
      return `${n.actorName} started a new thread: ${title}`;
    case "post_hidden":
      return `A moderator hid your post in ${title}${n.hiddenReason ? `. The reason given: ${n.hiddenReason}` : ""}`;
    case "report_upheld":
      return `A moderator hid the post you reported in ${title}. Thank you for reporting it`;
    case "report_dismissed":
      return `A moderator looked at the post you reported in ${title} and left it up`;
  }
}

const describedColumns = {
  kind: notifications.kind,
  actorName: actor.name,
  title: ownerTitle,
  replyCount: notifications.replyCount,
  hiddenReason: posts.hiddenReason,
};

function notificationQuery() {
  return db()
    .select({ id: notifications.id, createdAt: notifications.createdAt, updatedAt: notifications.updatedAt, readAt: notifications.readAt, postId: notifications.postId, ...describedColumns })
    .from(notifications)
    .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
    .innerJoin(actor, eq(actor.id, notifications.actorId))
    .innerJoin(posts, eq(posts.id, notifications.postId));
}

/**
 * Latest news first (a notification that grew moves up), keyset-paged from the notification
 * `before` names; a thread moved out of the member's reach drops out at once.
 */
export function listNotifications(member: Member, options: { before?: number } = {}) {
  const cursor = options.before
    ? db().select({ updatedAt: notifications.updatedAt, id: notifications.id }).from(notifications).where(and(eq(notifications.id, options.before), eq(notifications.userId, member.id))).get()
    : null;
  if (options.before && !cursor) return { notifications: [], hasOlder: false };
  const rows = notificationQuery()
    .where(
      and(
        eq(notifications.userId, member.id),
        audienceReadableWhere(member, discussions.audience),
        cursor ? sql`(${notifications.updatedAt}, ${notifications.id}) < (${Math.floor(cursor.updatedAt.getTime() / 1000)}, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(desc(notifications.updatedAt), desc(notifications.id))
    .limit(NOTIFICATIONS_PER_PAGE + 1)
    .all();
  return {
    notifications: rows.slice(0, NOTIFICATIONS_PER_PAGE).map((r) => ({ id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt, readAt: r.readAt, postId: r.postId, kind: r.kind, text: describeNotification(r) })),
    hasOlder: rows.length > NOTIFICATIONS_PER_PAGE,
  };
}

/**
 * The unread count for the header, filtered by audience in SQL like the list, and the session's
 * waiting flash messages (usually none) read in the same statement: it runs on every page.
 */
export function unreadCountAndFlash(member: Member) {
  const gate = sqlText(audienceReadableWhere(member, sql.raw("d.audience")));
  const row = db().$client.prepare(`
    SELECT (SELECT count(*) FROM notifications n JOIN discussions d ON d.id = n.discussion_id WHERE n.user_id = ? AND n.read_at IS NULL AND ${gate.sql}) AS n,
      (SELECT json_group_array(json_array(id, message)) FROM (SELECT id, message FROM flash_messages WHERE session_id = ? ORDER BY id LIMIT 5)) AS flash`)
    .get(member.id, ...gate.params, member.sessionId) as { n: number; flash: string };
  return { unread: row.n, flash: JSON.parse(row.flash) as [number, string][] };
}

/**
 * Marks the member's notifications read: all, some ids, or those of one discussion whose newest
 * post is numbered `readTo` or lower (the member has read that far). A batched
 * e-mail whose news has all been read before it went is dropped: the member has seen it.
 */
export function markNotificationsRead(member: Member, which: { ids?: number[]; discussionId?: number; readTo?: number } = {}) {
  db().transaction((tx) => {
    const marked = tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(
        and(
          eq(notifications.userId, member.id),
          isNull(notifications.readAt),
          which.ids ? inArray(notifications.id, which.ids) : undefined,
          which.discussionId ? eq(notifications.discussionId, which.discussionId) : undefined,
          which.readTo !== undefined ? sql`(SELECT number FROM posts WHERE posts.id = coalesce(${notifications.lastPostId}, ${notifications.postId})) <= ${which.readTo}` : undefined,
        ),
      )
      .returning({ mailId: notifications.mailId })
      .all();
    for (const mailId of new Set(marked.map((m) => m.mailId).filter((id): id is number => id !== null))) {
      const stillUnread = tx.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.mailId, mailId), isNull(notifications.readAt))).get();
      if (!stillUnread) dropOpenBatch(tx, mailId);
    }
  });
}

export function unsubscribeUrl(userId: number) {
  return `${config().baseUrl}/unsubscribe?u=${userId}&s=${signLink("unsubscribe", userId)}`;
}

function unsubscribeParts(userId: number) {
  const base = config().baseUrl;
  const unsubscribe = unsubscribeUrl(userId);
  return {
    footer: `Stop these e-mails: ${unsubscribe}\nChange how often you are e-mailed: ${base}/settings`,
    headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

/**
 * The e-mail that carries a batch: everything still unread among the notifications it gathered,
 * composed afresh each time the batch grows. Audience is checked again for each line, over the
 * recipient's current status and organisation, so nothing they may no longer read goes out.
 */
function composeBatch(tx: Tx, mailId: number, recipient: { id: number }) {
  const rows = tx
    .select({ ...describedColumns, postId: notifications.postId, lastBodyMd: sql<string>`coalesce(${lastPost.bodyMd}, ${posts.bodyMd})` })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
    .innerJoin(actor, eq(actor.id, notifications.actorId))
    .innerJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(lastPost, eq(lastPost.id, notifications.lastPostId))
    .where(and(eq(notifications.mailId, mailId), eq(notifications.userId, recipient.id), isNull(notifications.readAt), recipientMayReadWhere(discussions.audience, users.status, organisations.kind)))
    .orderBy(asc(notifications.id))
    .limit(20)
    .all();
  const base = config().baseUrl;
  const title = rows[0]?.title ?? "a discussion";
  const subject = rows.length === 1 ? describeNotification(rows[0]!) : `${rows.length} new notifications in ${title}`;
  const blocks = rows.map((r) => {
    const excerpt = r.kind === "post_hidden" || r.kind.startsWith("report_") ? "" : `\n\n${renderPlainExcerpt(r.lastBodyMd, 400)}`;
    return `${describeNotification(r)}.${excerpt}\n\nRead it: ${base}/posts/${r.postId}`;
  });
  const { footer, headers } = unsubscribeParts(recipient.id);
  return { subject, text: `On Partnering Exchange:\n\n${blocks.join("\n\n---\n\n")}\n\n${footer}`, headers, empty: rows.length === 0 };
}

/**
 * Puts each new (or grown) notification whose member chose "as each one happens" into that
 * member's open e-mail for its discussion, inside the transaction that made it: the first one
 * queues the e-mail to go MAIL_BATCH_SECONDS later, the rest rewrite it, so several replies in a
 * thread make one message. The outbox keeps it crash-safe: queued with the event, sent once a
 * sender claims it; after the claim, the next notification starts a new e-mail.
 */
export function queueNotificationMails(tx: Tx, ids: number[]) {
  if (ids.length === 0) return;
  const rows = tx
    .select({ id: notifications.id, discussionId: notifications.discussionId, to: users.email, userId: users.id })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(inArray(notifications.id, ids), eq(users.notifyPreference, "each"), eq(users.status, "active"), isNull(notifications.readAt)))
    .all();
  const delayMs = config().mailBatchMs;
  for (const n of rows) {
    const batchKey = `discussion:${n.userId}:${n.discussionId}`;
    const mailId = openBatch(tx, batchKey) ?? queueMail(tx, { kind: "notification", batchKey, to: n.to, subject: "", text: "", notBefore: new Date(Date.now() + delayMs) })!;
    tx.update(notifications).set({ mailId, emailedAt: new Date() }).where(eq(notifications.id, n.id)).run();
    const mail = composeBatch(tx, mailId, { id: n.userId });
    queueBatchedMail(tx, { kind: "notification", batchKey, to: n.to, subject: mail.subject, text: mail.text, headers: mail.headers, delayMs, into: mailId });
  }
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
  if (!row.readAt) markNotificationsRead(member, { ids: [id] });
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
      .select({ id: notifications.id, postId: notifications.postId, ...describedColumns })
      .from(notifications)
      .innerJoin(posts, eq(posts.id, notifications.postId))
      .innerJoin(users, eq(users.id, notifications.userId))
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
      .innerJoin(actor, eq(actor.id, notifications.actorId))
      .where(and(eq(notifications.userId, recipient.id), digestDueWhere(now)))
      .orderBy(desc(notifications.updatedAt), desc(notifications.id))
      .limit(DIGEST_MAX_ITEMS + 1)
      .all();
    const included = rows.slice(0, DIGEST_MAX_ITEMS);
    if (included.length === 0) return false;
    tx.update(notifications).set({ emailedAt: new Date() }).where(inArray(notifications.id, included.map((n) => n.id))).run();
    const unsubscribe = unsubscribeUrl(recipient.id);
    const count = included.length;
    const lines = included.map((n) => `${describeNotification(n)}: ${base}/posts/${n.postId}`);
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
