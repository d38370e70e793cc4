import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { audienceReadableWhere, type Member } from "~/auth/policy.server";
import { config } from "~/lib/env.server";
import { sendMail } from "~/lib/mail.server";
import { renderPlainExcerpt } from "~/lib/markdown.server";
import { signLink } from "~/lib/signed-link.server";
import { db } from "../../db/client.server";
import { discussions, notifications, posts, users, type NotificationKind } from "../../db/schema";

export const NOTIFICATIONS_PER_PAGE = 30;

const KIND_TEXT: Record<NotificationKind, string> = {
  reply: "replied in",
  mention: "mentioned you in",
  accepted: "accepted your answer in",
};

const actor = alias(users, "actor");

/**
 * The title of whatever owns a discussion. Lessons and templates add their branch here when
 * they own discussions too.
 */
const ownerTitle = sql<string>`(SELECT title FROM threads WHERE threads.discussion_id = ${discussions.id})`;

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

/** Unread count for the header, filtered by audience in SQL like the list. */
export function countUnreadNotifications(member: Member) {
  return (
    db()
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
      .where(and(eq(notifications.userId, member.id), isNull(notifications.readAt), audienceReadableWhere(member, discussions.audience)))
      .get()?.n ?? 0
  );
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
 * E-mails new notifications to members who chose "as each one happens". Called after the
 * transaction that made them commits; the recipients were already filtered by audience.
 */
export async function deliverNotifications(ids: number[]) {
  if (ids.length === 0) return;
  const rows = db()
    .select({ id: notifications.id, kind: notifications.kind, postId: notifications.postId, to: users.email, userId: users.id, actorName: actor.name, title: ownerTitle, bodyMd: posts.bodyMd })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .innerJoin(actor, eq(actor.id, notifications.actorId))
    .innerJoin(discussions, eq(discussions.id, notifications.discussionId))
    .innerJoin(posts, eq(posts.id, notifications.postId))
    .where(and(inArray(notifications.id, ids), eq(users.notifyPreference, "each"), eq(users.status, "active"), isNull(notifications.emailedAt)))
    .all();
  const base = config().baseUrl;
  for (const n of rows) {
    const unsubscribe = unsubscribeUrl(n.userId);
    await sendMail({
      to: n.to,
      subject: `${n.actorName} ${KIND_TEXT[n.kind]} "${n.title ?? "a discussion"}"`,
      text: `${n.actorName} ${KIND_TEXT[n.kind]} "${n.title ?? "a discussion"}" on Partnering Exchange:\n\n${renderPlainExcerpt(n.bodyMd, 400)}\n\nRead it: ${base}/posts/${n.postId}\n\nStop these e-mails: ${unsubscribe}\nChange how often you are e-mailed: ${base}/settings`,
      headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
    db().update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, n.id)).run();
  }
}


