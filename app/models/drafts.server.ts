/**
 * Drafts: what a member has typed and not yet posted, kept on the server per discussion (a reply)
 * or per space (a new thread), so a reload, a navigation or another device keeps it (issue 14,
 * item 3). Saved as they type (JavaScript) or with "Save draft"; deleted in the transaction that
 * posts it. A draft is its author's alone, and is listed only while they may still read where it
 * belongs.
 */
import { and, eq, sql } from "drizzle-orm";
import { audienceReadableWhere, draftsOwnedWhere, mayReply, mayStartThread, templateVisibleWhere, type Member } from "~/auth/policy/index.server";
import { BODY_MAX_CHARS } from "~/forms/post-input";
import type { ThreadKind } from "~/lib/fixed-lists";
import { err, ok, type Result } from "~/lib/result";
import { db, type Tx } from "../../db/client.server";
import { drafts, spaces } from "../../db/schema";
import { getDiscussion } from "./discussions.server";

export type DraftTarget = { discussionId: number } | { spaceId: number };
export type DraftFields = { bodyMd: string; title?: string; kind?: ThreadKind | null };


function targetWhere(userId: number, target: DraftTarget) {
  return and(eq(drafts.userId, userId), "discussionId" in target ? eq(drafts.discussionId, target.discussionId) : eq(drafts.spaceId, target.spaceId));
}

/** The member's draft for a discussion or space they are looking at (the page has checked they may), or null. */
export function getDraft(member: Member, target: DraftTarget, reader: Tx | ReturnType<typeof db> = db()) {
  return reader.select({ bodyMd: drafts.bodyMd, title: drafts.title, kind: drafts.kind, updatedAt: drafts.updatedAt }).from(drafts).where(targetWhere(member.id, target)).get() ?? null;
}

/** Deletes the member's draft there, inside the transaction that posts it. */
export function deleteDraftIn(tx: Tx, userId: number, target: DraftTarget) {
  tx.delete(drafts).where(targetWhere(userId, target)).run();
}

/**
 * Saves the member's draft for a discussion they may reply to, or a space they may start a thread
 * in (by slug); an empty draft is deleted. Anywhere else reads as not found.
 */
export function saveDraft(member: Member, where: { discussionId: number } | { spaceSlug: string }, fields: DraftFields): Result<{ kept: boolean }, "not_found"> {
  let target: DraftTarget;
  if ("discussionId" in where) {
    const discussion = getDiscussion(where.discussionId);
    if (!discussion || !mayReply(member, discussion) || !withdrawnTemplateReadable(member, discussion.id)) return err("not_found");
    target = { discussionId: discussion.id };
  } else {
    const space = db().select({ id: spaces.id, audience: spaces.audience, isArchived: spaces.isArchived }).from(spaces).where(eq(spaces.slug, where.spaceSlug)).get();
    if (!space || !mayStartThread(member, space)) return err("not_found");
    target = { spaceId: space.id };
  }
  const bodyMd = fields.bodyMd.slice(0, BODY_MAX_CHARS);
  const title = (fields.title ?? "").slice(0, 200);
  if (!bodyMd.trim() && !title.trim()) {
    db().delete(drafts).where(targetWhere(member.id, target)).run();
    return ok({ kept: false });
  }
  const values = { userId: member.id, ...("discussionId" in target ? { discussionId: target.discussionId } : { spaceId: target.spaceId }), bodyMd, title, kind: fields.kind ?? null, updatedAt: new Date() };
  db().insert(drafts).values(values)
    .onConflictDoUpdate({ target: "discussionId" in target ? [drafts.userId, drafts.discussionId] : [drafts.userId, drafts.spaceId], set: { bodyMd, title, kind: values.kind, updatedAt: values.updatedAt } })
    .run();
  return ok({ kept: true });
}

/** A withdrawn template's discussion is hidden with it (mayReadTemplate), drafts included. */
function withdrawnTemplateReadable(member: Member, discussionId: number) {
  return Boolean(db().get(sql`SELECT 1 FROM discussions d LEFT JOIN templates m ON m.discussion_id = d.id
    WHERE d.id = ${discussionId} AND (m.id IS NULL OR ${templateVisibleWhere(member, sql`d.audience`, sql`m.withdrawn_at`)})`));
}

/** Deletes one of the member's own drafts; anyone else's reads as not found. */
export function deleteDraft(member: Member, draftId: number): Result<null, "not_found"> {
  const changed = db().delete(drafts).where(and(eq(drafts.id, draftId), draftsOwnedWhere(member, drafts.userId))).run();
  return changed.changes === 1 ? ok(null) : err("not_found");
}

export type DraftListItem = { id: number; where: string; url: string; excerpt: string; updatedAt: Date; isNewThread: boolean };

/**
 * The member's drafts, latest first (at most 100), each with where it belongs and a link back;
 * a draft where they can no longer read (a thread moved to policing only, a withdrawn template,
 * an archived space) is left out, in SQL.
 */
export function listDrafts(member: Member): DraftListItem[] {
  const rows = db().all<{ id: number; bodyMd: string; title: string; updatedAt: number; spaceSlug: string | null; spaceName: string | null; threadId: number | null; threadSlug: string | null; threadTitle: string | null; lessonId: number | null; lessonTitle: string | null; templateId: number | null; templateTitle: string | null }>(sql`
    SELECT dr.id AS id, dr.body_md AS bodyMd, dr.title AS title, dr.updated_at AS updatedAt,
      s.slug AS spaceSlug, s.name AS spaceName,
      t.id AS threadId, t.slug AS threadSlug, t.title AS threadTitle,
      l.id AS lessonId, l.title AS lessonTitle, m.id AS templateId, m.title AS templateTitle
    FROM drafts dr
    LEFT JOIN spaces s ON s.id = dr.space_id
    LEFT JOIN discussions d ON d.id = dr.discussion_id
    LEFT JOIN threads t ON t.discussion_id = d.id
    LEFT JOIN lessons l ON l.discussion_id = d.id
    LEFT JOIN templates m ON m.discussion_id = d.id
    WHERE ${draftsOwnedWhere(member, sql`dr.user_id`)}
      AND ((s.id IS NOT NULL AND s.is_archived = 0 AND ${audienceReadableWhere(member, sql`s.audience`)})
        OR (d.id IS NOT NULL AND ${audienceReadableWhere(member, sql`d.audience`)} AND (m.id IS NULL OR ${templateVisibleWhere(member, sql`d.audience`, sql`m.withdrawn_at`)})))
    ORDER BY dr.updated_at DESC, dr.id DESC
    LIMIT 100`);
  return rows.flatMap((r): DraftListItem[] => {
    const excerpt = r.bodyMd.replace(/\s+/g, " ").trim().slice(0, 160);
    const base = { id: r.id, excerpt, updatedAt: new Date(r.updatedAt * 1000) };
    if (r.spaceSlug) return [{ ...base, where: r.title.trim() ? `${r.title} (new thread in ${r.spaceName})` : `New thread in ${r.spaceName}`, url: `/spaces/${r.spaceSlug}/new`, isNewThread: true }];
    if (r.threadId) return [{ ...base, where: r.threadTitle!, url: `/threads/${r.threadId}/${r.threadSlug}#reply`, isNewThread: false }];
    if (r.lessonId) return [{ ...base, where: r.lessonTitle!, url: `/lessons/${r.lessonId}#reply`, isNewThread: false }];
    if (r.templateId) return [{ ...base, where: r.templateTitle!, url: `/library/${r.templateId}#reply`, isNewThread: false }];
    return [];
  });
}
