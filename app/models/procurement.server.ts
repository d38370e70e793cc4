/**
 * The one answer to "is this linked to a live procurement?", for a discussion, a thread, a
 * lesson, a template, a space's threads, or a set of partnerships. A partnership is in a live
 * procurement while its status is "in-procurement"; the policy's procurement rules
 * (app/auth/policy/procurement.server.ts) take the answer.
 */
import { fillPlaceholders, sql, type Placeholder, type SQL, type SQLWrapper } from "drizzle-orm";
import { db, sqlText } from "../../db/client.server";
import type { PartnershipStatus } from "~/lib/fixed-lists";

const LIVE: PartnershipStatus = "in-procurement";

/** Whether a partnership of this status is in a live procurement. */
export function isLiveStatus(status: PartnershipStatus | string | null | undefined) {
  return status === LIVE;
}

/** The same as SQL over a partnership status column, for queries that join partnerships. */
export function liveStatusWhere(statusColumn: SQLWrapper): SQL {
  return sql`${statusColumn} = ${LIVE}`;
}

export type LinkedThing =
  | { discussionId: number }
  | { threadId: number }
  | { lessonId: number }
  | { templateId: number }
  /** Any thread in the space. */
  | { spaceId: number }
  | { partnershipIds: readonly number[] };

/** The partnership ids the thing is linked to, as a subquery (of a discussion to come, for a kept statement). */
function linkedPartnerships(thing: LinkedThing | { discussionId: Placeholder }): SQL {
  if ("partnershipIds" in thing) return sql.join(thing.partnershipIds.map((id) => sql`${id}`), sql`, `);
  if ("threadId" in thing) return sql`SELECT partnership_id FROM thread_partnerships WHERE thread_id = ${thing.threadId}`;
  if ("lessonId" in thing) return sql`SELECT partnership_id FROM lesson_partnerships WHERE lesson_id = ${thing.lessonId}`;
  if ("templateId" in thing) return sql`SELECT partnership_id FROM template_partnerships WHERE template_id = ${thing.templateId}`;
  if ("spaceId" in thing) return sql`SELECT tp.partnership_id FROM thread_partnerships tp JOIN threads t ON t.id = tp.thread_id WHERE t.space_id = ${thing.spaceId}`;
  return sql`
    SELECT tp.partnership_id FROM thread_partnerships tp JOIN threads t ON t.id = tp.thread_id WHERE t.discussion_id = ${thing.discussionId}
    UNION SELECT lp.partnership_id FROM lesson_partnerships lp JOIN lessons l ON l.id = lp.lesson_id WHERE l.discussion_id = ${thing.discussionId}
    UNION SELECT mp.partnership_id FROM template_partnerships mp JOIN templates m ON m.id = mp.template_id WHERE m.discussion_id = ${thing.discussionId}`;
}

/** Whether the thing is linked to a partnership in a live procurement: one statement. */
export function isLinkedToLiveProcurement(thing: LinkedThing): boolean {
  if ("partnershipIds" in thing && thing.partnershipIds.length === 0) return false;
  return Boolean(db().get(sql`SELECT 1 FROM partnerships p WHERE ${liveStatusWhere(sql`p.status`)} AND p.id IN (${linkedPartnerships(thing)}) LIMIT 1`));
}

/** The ids of the partnerships in a live procurement that the thing is linked to: one statement. */
export function liveProcurementIds(thing: LinkedThing, reader: Pick<ReturnType<typeof db>, "all"> = db()): number[] {
  if ("partnershipIds" in thing && thing.partnershipIds.length === 0) return [];
  if ("discussionId" in thing && reader === db()) return db().$client.prepare(liveForDiscussion.sql).pluck(true).all(...fillPlaceholders(liveForDiscussion.params, { discussionId: thing.discussionId })) as number[];
  return reader.all<{ id: number }>(sql`SELECT p.id AS id FROM partnerships p WHERE ${liveStatusWhere(sql`p.status`)} AND p.id IN (${linkedPartnerships(thing)}) ORDER BY p.id`).map((r) => r.id);
}

// Every page of a discussion's posts asks this, so its text is built once (one kept statement)
// instead of by drizzle on each call, which cost the thread page more than SQLite took to answer.
const liveForDiscussion = sqlText(
  sql`SELECT p.id FROM partnerships p WHERE ${liveStatusWhere(sql`p.status`)} AND p.id IN (${linkedPartnerships({ discussionId: sql.placeholder("discussionId") })}) ORDER BY p.id`,
);
