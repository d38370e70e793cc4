/**
 * Watching a space, a partnership or a service area (issue 14): the member is told about each
 * new thread there that they may read. The audience rule is applied in SQL to the recipients, so
 * a supplier watching a partnership never hears of a policing-only thread about it.
 */
import { and, eq, sql, type SQLWrapper } from "drizzle-orm";
import { mayListSpace, readersOfAudienceWhere, type Member } from "~/auth/policy/index.server";
import type { Audience, WatchScope } from "~/lib/fixed-lists";
import { db, type Tx } from "../../db/client.server";
import { organisations, partnerships, spaces, terms, topicWatches, users } from "../../db/schema";

/** Whether this member may watch it: a space they may read, a partnership in the registry, a service area. */
function watchable(member: Member, scope: WatchScope, scopeId: number) {
  if (scope === "space") {
    const space = db().select({ audience: spaces.audience, isArchived: spaces.isArchived }).from(spaces).where(eq(spaces.id, scopeId)).get();
    return Boolean(space && mayListSpace(member, space));
  }
  if (scope === "partnership") return Boolean(db().select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.id, scopeId)).get());
  return Boolean(db().select({ id: terms.id }).from(terms).where(and(eq(terms.id, scopeId), eq(terms.vocabulary, "service_area"))).get());
}

/** Starts or stops watching; false when the member may not watch it (the route answers "not found"). */
export function setTopicWatch(member: Member, scope: WatchScope, scopeId: number, watching: boolean) {
  if (!watchable(member, scope, scopeId)) return false;
  if (watching) db().insert(topicWatches).values({ userId: member.id, scope, scopeId }).onConflictDoNothing().run();
  else db().delete(topicWatches).where(and(eq(topicWatches.userId, member.id), eq(topicWatches.scope, scope), eq(topicWatches.scopeId, scopeId))).run();
  return true;
}

export function isWatchingTopic(member: Member, scope: WatchScope, scopeId: number) {
  return Boolean(db().select({ one: sql`1` }).from(topicWatches).where(and(eq(topicWatches.userId, member.id), eq(topicWatches.scope, scope), eq(topicWatches.scopeId, scopeId))).get());
}

/** isWatchingTopic as a column of the page's own statement (1 or 0), so a listing reads it for free. */
export function watchingTopicColumn(member: Member, scope: WatchScope, scopeId: SQLWrapper) {
  return sql<number>`EXISTS (SELECT 1 FROM topic_watches WHERE user_id = ${member.id} AND scope = ${scope} AND scope_id = ${scopeId})`;
}

/**
 * Tells everyone watching the new thread's space, partnerships or service areas, once each,
 * inside the transaction that made it: never its author, nor anyone its first post already
 * mentions, nor anyone who may not read its audience. Returns the new notification ids.
 */
export function notifyNewThread(tx: Tx, thread: { discussionId: number; firstPostId: number; authorId: number; spaceId: number; audience: Audience; partnershipIds: number[]; serviceAreaIds: number[] }) {
  const list = (ids: number[]) => (ids.length ? sql.join(ids.map((id) => sql`${id}`), sql`, `) : sql`NULL`);
  const rows = tx.all<{ id: number }>(sql`
    INSERT INTO notifications (user_id, kind, discussion_id, post_id, last_post_id, actor_id)
    SELECT DISTINCT users.id, 'new_thread', ${thread.discussionId}, ${thread.firstPostId}, ${thread.firstPostId}, ${thread.authorId}
    FROM topic_watches JOIN users ON users.id = topic_watches.user_id JOIN organisations ON organisations.id = users.organisation_id
    WHERE ((topic_watches.scope = 'space' AND topic_watches.scope_id = ${thread.spaceId})
        OR (topic_watches.scope = 'partnership' AND topic_watches.scope_id IN (${list(thread.partnershipIds)}))
        OR (topic_watches.scope = 'service_area' AND topic_watches.scope_id IN (${list(thread.serviceAreaIds)})))
      AND users.id <> ${thread.authorId}
      AND ${readersOfAudienceWhere(thread.audience, users.status, organisations.kind)}
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = users.id AND n.post_id = ${thread.firstPostId})
    RETURNING id`);
  return rows.map((r) => r.id);
}
