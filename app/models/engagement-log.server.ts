/**
 * Writes the market engagement record (Procurement Act 2023): an append-only log of what
 * suppliers could read in content linked to a partnership in procurement. Every function here runs
 * inside the caller's transaction, so a post, edit, removal, hide or move is never saved without
 * its entry. Entries copy the text, names and organisation as they are at that moment; nothing
 * ever changes or removes one (the database refuses it too). Reading the log is engagement.server.ts.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client.server";
import type { EngagementChange } from "~/lib/fixed-lists";
import { liveStatusWhere } from "./procurement.server";

type Scope =
  /** One post, whatever its state: posted, edited, deleted, hidden or restored. */
  | { postId: number }
  /** Every post of a discussion that suppliers can read now (narrowed, or newly linked to `partnershipIds`). */
  | { discussionId: number; partnershipIds?: number[] }
  /** Every post suppliers can read now in content linked to a partnership (it has just entered procurement). */
  | { partnershipId: number };

/**
 * Before an owner's audience or links change: "narrowed" entries when suppliers lose sight of the
 * discussion. Returns what to call after the change, which writes "linked" entries for partnerships
 * newly linked (content suppliers could read joins their record from then on).
 */
export function recordOwnerChange(tx: Tx, input: { discussionId: number; fromAudience: string; toAudience: string; linkedBefore: number[]; linkedAfter: number[]; actorId: number }) {
  if (input.fromAudience === "members" && input.toAudience === "policing") recordEngagement(tx, "narrowed", { discussionId: input.discussionId }, { actorId: input.actorId });
  const added = [...new Set(input.linkedAfter)].filter((id) => !input.linkedBefore.includes(id));
  return () => recordEngagement(tx, "linked", { discussionId: input.discussionId, partnershipIds: added }, { actorId: input.actorId });
}

/** Writes one entry per partnership in procurement that the scope's content is linked to; returns how many. */
export function recordEngagement(tx: Tx, change: EngagementChange, scope: Scope, options: { actorId?: number | null; at?: Date } = {}) {
  const at = Math.floor((options.at ?? new Date()).getTime() / 1000);
  const actorId = options.actorId ?? null;
  const visible = sql`p.deleted_at IS NULL AND p.hidden_at IS NULL`;
  let links: (alias: string) => SQL;
  let posts: SQL;
  let partnershipFilter = sql``;
  if ("postId" in scope) {
    links = (a) => sql`${sql.raw(a)}.discussion_id = (SELECT discussion_id FROM posts WHERE id = ${scope.postId})`;
    posts = sql`p.id = ${scope.postId}`;
  } else if ("discussionId" in scope) {
    links = (a) => sql`${sql.raw(a)}.discussion_id = ${scope.discussionId}`;
    posts = visible;
    if (scope.partnershipIds) {
      if (scope.partnershipIds.length === 0) return 0;
      partnershipFilter = sql`AND pa.id IN (${sql.join(scope.partnershipIds.map((id) => sql`${id}`), sql`, `)})`;
    }
  } else {
    links = () => sql`x.partnership_id = ${scope.partnershipId}`;
    posts = visible;
  }
  return tx.run(sql`
    WITH linked(partnership_id, discussion_id, owner_title) AS (
      SELECT x.partnership_id, t.discussion_id, t.title FROM thread_partnerships x JOIN threads t ON t.id = x.thread_id WHERE ${links("t")}
      UNION SELECT x.partnership_id, l.discussion_id, l.title FROM lesson_partnerships x JOIN lessons l ON l.id = x.lesson_id WHERE ${links("l")}
      UNION SELECT x.partnership_id, m.discussion_id, m.title FROM template_partnerships x JOIN templates m ON m.id = x.template_id WHERE ${links("m")}
    )
    INSERT INTO engagement_entries (partnership_id, post_id, discussion_id, owner_kind, owner_title, change, body_md, author_id, author_name,
                                    organisation_name, organisation_kind, interest, actor_id, actor_name, at)
    SELECT linked.partnership_id, p.id, d.id, d.owner_kind, linked.owner_title, ${change}, p.body_md, p.author_id, u.name,
           o.name, o.kind, p.interest, ${actorId}, (SELECT name FROM users WHERE id = ${actorId}), ${at}
    FROM linked
    JOIN partnerships pa ON pa.id = linked.partnership_id AND ${liveStatusWhere(sql`pa.status`)} ${partnershipFilter}
    JOIN discussions d ON d.id = linked.discussion_id AND d.audience = 'members'
    JOIN posts p ON p.discussion_id = d.id AND ${posts}
    JOIN users u ON u.id = p.author_id
    JOIN organisations o ON o.id = u.organisation_id
    ORDER BY p.id, linked.partnership_id`).changes;
}
