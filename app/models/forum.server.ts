/** Spaces and threads: the forum's own part. Posts live in discussions.server.ts. */
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { audienceReadableWhere, mayAccept, mayContributeDeclared, mayModerate, mayRead, mayStartThread, mayWiden, mustDeclareInterest, readersOfAudienceWhere, spaceListedWhere, type Member } from "~/auth/policy/index.server";
import { err, ok, type Result } from "~/lib/result";
import { slugify } from "~/lib/slug";
import { db, type Tx } from "../../db/client.server";
import {
  discussions,
  organisations,
  partnerships,
  posts,
  readPositions,
  spaces,
  terms,
  threadPartnerships,
  threads,
  threadServiceAreas,
  users,
} from "../../db/schema";
import type { Audience, InterestDeclaration, ThreadKind } from "~/lib/fixed-lists";
import { recordAudit } from "./audit.server";
import { addPost, discussionPage, listPostsPage, memberDiscussionState, pageOfNumber } from "./discussions.server";
import { recordEngagement } from "./engagement-log.server";
import { queueNotificationMails } from "./notifications.server";
import { deleteDraftIn } from "./drafts.server";
import { rememberDeclaration } from "./interest-declarations.server";
import { isLinkedToLiveProcurement, liveProcurementIds } from "./procurement.server";

export const THREADS_PER_PAGE = 30;

/** Spaces the member may read, in their set order, with counters kept at write time. */
export function listSpaces(member: Member) {
  return db()
    .select({ id: spaces.id, slug: spaces.slug, name: spaces.name, description: spaces.description, audience: spaces.audience, threadCount: spaces.threadCount, lastActivityAt: spaces.lastActivityAt })
    .from(spaces)
    .where(spaceListedWhere(member, spaces.audience, spaces.isArchived))
    .orderBy(asc(spaces.position), asc(spaces.name))
    .limit(100)
    .all();
}

/** A space by slug, or null when missing or not readable: the same 404 either way. */
export function getSpace(member: Member, slug: string) {
  const space = db().select().from(spaces).where(eq(spaces.slug, slug)).get();
  if (!space || !mayRead(member, space)) return null;
  return { ...space, may: { startThread: mayStartThread(member, space) } };
}

const lastPoster = alias(users, "last_poster");
const author = alias(users, "author");

function threadListColumns() {
  return {
    id: threads.id,
    slug: threads.slug,
    title: threads.title,
    kind: threads.kind,
    isPinned: threads.isPinned,
    isAnswered: sql<number>`${threads.acceptedPostId} IS NOT NULL`.mapWith(Boolean),
    isLocked: discussions.isLocked,
    isDemo: threads.isDemo,
    replies: sql<number>`${discussions.postCount} - 1`,
    lastActivityAt: threads.lastActivityAt,
    lastPosterName: lastPoster.name,
    authorName: author.name,
    authorOrganisation: organisations.name,
    spaceSlug: spaces.slug,
    spaceName: spaces.name,
    unread: sql<number>`${discussions.lastPostNumber} - coalesce(${readPositions.lastReadNumber}, 0)`,
    hasRead: sql<number>`${readPositions.lastReadNumber} IS NOT NULL`.mapWith(Boolean),
  };
}

/** The joins every thread list shares; the member's read position comes in the same statement. */
function threadListQuery(member: Member) {
  return db()
    .select(threadListColumns())
    .from(threads)
    .innerJoin(discussions, eq(discussions.id, threads.discussionId))
    .innerJoin(spaces, eq(spaces.id, threads.spaceId))
    .innerJoin(author, eq(author.id, threads.authorId))
    .innerJoin(organisations, eq(organisations.id, author.organisationId))
    .leftJoin(lastPoster, eq(lastPoster.id, discussions.lastPosterId))
    .leftJoin(readPositions, and(eq(readPositions.discussionId, threads.discussionId), eq(readPositions.userId, member.id)));
}

export type ThreadFilter = { page: number; unanswered: boolean; areaSlug: string | null };

/**
 * One page of a space's threads: pinned first, then latest activity. Served by the
 * (space, pinned, activity) index; one row beyond the page tells whether there is a next page.
 */
export function listSpaceThreads(member: Member, spaceId: number, filter: ThreadFilter) {
  const areaId = filter.areaSlug ? db().select({ id: terms.id }).from(terms).where(and(eq(terms.vocabulary, "service_area"), eq(terms.slug, filter.areaSlug))).get()?.id ?? -1 : null;
  const rows = threadListQuery(member)
    .where(
      and(
        eq(threads.spaceId, spaceId),
        audienceReadableWhere(member, spaces.audience),
        filter.unanswered ? and(eq(threads.kind, "question"), isNull(threads.acceptedPostId)) : undefined,
        areaId !== null ? sql`EXISTS (SELECT 1 FROM thread_service_areas tsa WHERE tsa.thread_id = ${threads.id} AND tsa.term_id = ${areaId})` : undefined,
      ),
    )
    .orderBy(desc(threads.isPinned), desc(threads.lastActivityAt), desc(threads.id))
    .limit(THREADS_PER_PAGE + 1)
    .offset((filter.page - 1) * THREADS_PER_PAGE)
    .all();
  return { threads: rows.slice(0, THREADS_PER_PAGE), hasNext: rows.length > THREADS_PER_PAGE };
}

/** Latest threads across every space the member may read, for the home page. */
export function listRecentThreads(member: Member, options: { unansweredOnly?: boolean; limit?: number } = {}) {
  return threadListQuery(member)
    .where(and(spaceListedWhere(member, spaces.audience, spaces.isArchived), options.unansweredOnly ? and(eq(threads.kind, "question"), isNull(threads.acceptedPostId)) : undefined))
    .orderBy(desc(threads.lastActivityAt), desc(threads.id))
    .limit(options.limit ?? 10)
    .all();
}



export type NewThread = { kind: ThreadKind; title: string; bodyMd: string; serviceAreaIds: number[]; partnershipIds: number[]; submissionKey: string | null; interest?: InterestDeclaration | null };

/** A thread with its discussion and first post, all in one transaction, in a space the member may post to. */
export function createThread(member: Member, space: { id: number; audience: "members" | "policing"; isArchived: boolean }, input: NewThread): Result<{ id: number; slug: string; notificationIds: number[] }, "not_found" | "archived" | "duplicate" | "declaration_required"> {
  if (!mayStartThread(member, { ...space, isArchived: false })) return err("not_found");
  if (!mayStartThread(member, space)) return err("archived");
  const live = isLinkedToLiveProcurement({ partnershipIds: input.partnershipIds });
  if (!mayContributeDeclared(member, space, live, Boolean(input.interest))) return err("declaration_required");
  if (!mustDeclareInterest(member, live)) input = { ...input, interest: null };
  if (input.submissionKey) {
    const existing = db().select({ d: posts.discussionId }).from(posts).where(and(eq(posts.authorId, member.id), eq(posts.submissionKey, input.submissionKey))).get();
    if (existing) return err("duplicate");
  }
  return ok(
    db().transaction((tx) => {
      const thread = insertThread(tx, { ...input, spaceId: space.id, audience: space.audience, authorId: member.id });
      if (input.interest) rememberDeclaration(tx, member.id, liveProcurementIds({ partnershipIds: input.partnershipIds }, tx), input.interest);
      deleteDraftIn(tx, member.id, { spaceId: space.id });
      queueNotificationMails(tx, thread.notificationIds);
      return thread;
    }),
  );
}

/** Writes a thread, its discussion and first post inside the caller's transaction (also used by the demo seed). */
export function insertThread(tx: Tx, input: NewThread & { spaceId: number; audience: Audience; authorId: number; isDemo?: boolean; at?: Date }) {
  const at = input.at ?? new Date();
  const slug = slugify(input.title, 80) || "thread";
  const discussion = tx.insert(discussions).values({ ownerKind: "thread", audience: input.audience, createdAt: at }).returning({ id: discussions.id }).get();
  const thread = tx.insert(threads).values({ discussionId: discussion.id, spaceId: input.spaceId, kind: input.kind, title: input.title, slug, authorId: input.authorId, lastActivityAt: at, isDemo: input.isDemo ?? false, createdAt: at }).returning({ id: threads.id }).get();
  for (const termId of new Set(input.serviceAreaIds)) tx.insert(threadServiceAreas).values({ threadId: thread.id, termId }).run();
  for (const partnershipId of new Set(input.partnershipIds)) tx.insert(threadPartnerships).values({ threadId: thread.id, partnershipId }).run();
  tx.update(spaces).set({ threadCount: sql`${spaces.threadCount} + 1` }).where(eq(spaces.id, input.spaceId)).run();
  const first = addPost(tx, { discussion: { id: discussion.id, audience: input.audience, ownerKind: "thread" }, authorId: input.authorId, bodyMd: input.bodyMd, submissionKey: input.submissionKey, interest: input.interest ?? null, at });
  return { id: thread.id, slug, discussionId: discussion.id, firstPostId: first.postId, notificationIds: first.notificationIds };
}

/** The thread a discussion belongs to, for redirects after a double submission. */
export function threadOfDiscussion(discussionId: number) {
  return db().select({ id: threads.id, slug: threads.slug }).from(threads).where(eq(threads.discussionId, discussionId)).get() ?? null;
}

/** A thread with its space and discussion, or null when missing or not readable. */
export function getThread(member: Member, threadId: number) {
  const row = db()
    .select({ thread: threads, space: { id: spaces.id, slug: spaces.slug, name: spaces.name, audience: spaces.audience }, discussion: { id: discussions.id, ownerKind: discussions.ownerKind, audience: discussions.audience, isLocked: discussions.isLocked, postCount: discussions.postCount, lastPostNumber: discussions.lastPostNumber } })
    .from(threads)
    .innerJoin(spaces, eq(spaces.id, threads.spaceId))
    .innerJoin(discussions, eq(discussions.id, threads.discussionId))
    .where(eq(threads.id, threadId))
    .get();
  if (!row || !mayRead(member, row.discussion)) return null;
  return row;
}

/**
 * What a thread page shows beyond its posts (loadDiscussion does those), in a fixed number of
 * statements: the thread, the accepted answer, and its tags and linked partnerships.
 */
export function getThreadPage(member: Member, threadId: number) {
  const found = getThread(member, threadId);
  if (!found) return null;
  const { thread, space, discussion } = found;
  const accepted = thread.acceptedPostId ? listPostsPage(member, discussion, 1, { fromNumber: acceptedNumber(thread.acceptedPostId) }).slice(0, 1) : [];
  const tags = db().all<{ kind: string; slug: string; name: string }>(sql`
    SELECT 'area' AS kind, terms.slug AS slug, terms.name AS name FROM thread_service_areas JOIN terms ON terms.id = thread_service_areas.term_id WHERE thread_service_areas.thread_id = ${thread.id}
    UNION ALL
    SELECT 'partnership', partnerships.slug, partnerships.name FROM thread_partnerships JOIN partnerships ON partnerships.id = thread_partnerships.partnership_id WHERE thread_partnerships.thread_id = ${thread.id}`);
  return {
    thread,
    space,
    discussion,
    accepted: accepted[0] ?? null,
    serviceAreas: tags.filter((t) => t.kind === "area"),
    partnerships: tags.filter((t) => t.kind === "partnership"),
  };
}

/**
 * Everything the thread page shows, from one call: the thread, its tags, the page of posts with
 * each post's may flags (accepting included), the accepted answer and the member's state. Null
 * when missing, unreadable or past the last page; `{ redirectTo }` for "jump to first unread".
 */
export function threadPage(member: Member, threadId: number, options: { page: number; quoteId?: number; unread?: boolean }) {
  const view = getThreadPage(member, threadId);
  if (!view) return null;
  if (options.unread) {
    const { lastReadNumber } = memberDiscussionState(member.id, view.discussion.id);
    const target = Math.min(lastReadNumber + 1, view.discussion.lastPostNumber);
    return { redirectTo: { id: view.thread.id, slug: view.thread.slug, page: pageOfNumber(target), anchor: target } };
  }
  const discussion = discussionPage(member, view.discussion, options);
  if (!discussion) return null;
  const thread = { kind: view.thread.kind, authorId: view.thread.authorId, audience: view.discussion.audience };
  const withAccept = <P extends { number: number; deletedAt: Date | null; hiddenAt: Date | null; may: { accept: boolean } }>(p: P): P => ({ ...p, may: { ...p.may, accept: mayAccept(member, thread, p) } });
  return {
    redirectTo: null,
    ...view,
    accepted: view.accepted ? withAccept(view.accepted) : null,
    discussion: { ...discussion, posts: discussion.posts.map(withAccept) },
    postCount: view.discussion.postCount,
    firstUnreadPage: discussion.firstUnread ? pageOfNumber(discussion.firstUnread) : null,
  };
}

function acceptedNumber(postId: number) {
  return db().select({ n: posts.number }).from(posts).where(eq(posts.id, postId)).get()?.n ?? 0;
}


/**
 * The asker or a moderator marks one reply as the accepted answer (or changes it, once confirmed:
 * "confirm_change" until then); its author is told.
 */
export function acceptAnswer(member: Member, threadId: number, postId: number, ip: string, confirmed = false): Result<null, "not_found" | "forbidden" | "not_question" | "confirm_change"> {
  const found = getThread(member, threadId);
  if (!found) return err("not_found");
  const { thread, discussion } = found;
  const facts = { kind: thread.kind, authorId: thread.authorId, audience: discussion.audience };
  if (thread.kind !== "question") return err(mayAccept(member, { ...facts, kind: "question" }) ? "not_question" : "forbidden");
  if (!mayAccept(member, facts)) return err("forbidden");
  const post = db().select().from(posts).where(and(eq(posts.id, postId), eq(posts.discussionId, discussion.id))).get();
  if (!post || !mayAccept(member, facts, post)) return err("not_found");
  if (thread.acceptedPostId && thread.acceptedPostId !== postId && !confirmed) return err("confirm_change");
  db().transaction((tx) => {
    tx.update(threads).set({ acceptedPostId: postId }).where(eq(threads.id, threadId)).run();
    if (post.authorId !== member.id) {
      const notified = tx.all<{ id: number }>(sql`
        INSERT INTO notifications (user_id, kind, discussion_id, post_id, actor_id)
        SELECT users.id, 'accepted', ${discussion.id}, ${postId}, ${member.id}
        FROM users JOIN organisations ON organisations.id = users.organisation_id
        WHERE users.id = ${post.authorId} AND ${readersOfAudienceWhere(discussion.audience, users.status, organisations.kind)}
        RETURNING id`);
      queueNotificationMails(tx, notified.map((n) => n.id));
    }
    if (thread.authorId !== member.id) recordAudit({ actorId: member.id, action: "answer_accepted_by_moderator", targetType: "thread", targetId: threadId, ip }, tx);
  });
  return ok(null);
}

/**
 * What the page confirming a change of accepted answer shows: the thread, the answer accepted now
 * and the one proposed. Null unless the member may accept answers there and both posts qualify.
 */
export function getAnswerChange(member: Member, threadId: number, postId: number) {
  const found = getThread(member, threadId);
  if (!found || !found.thread.acceptedPostId || found.thread.acceptedPostId === postId) return null;
  const facts = { kind: found.thread.kind, authorId: found.thread.authorId, audience: found.discussion.audience };
  const [current] = listPostsPage(member, found.discussion, 1, { fromNumber: acceptedNumber(found.thread.acceptedPostId) });
  const proposedNumber = db().select({ n: posts.number }).from(posts).where(and(eq(posts.id, postId), eq(posts.discussionId, found.discussion.id))).get()?.n;
  const [proposed] = proposedNumber ? listPostsPage(member, found.discussion, 1, { fromNumber: proposedNumber }) : [];
  if (!current || !proposed || proposed.id !== postId || !mayAccept(member, facts, proposed)) return null;
  return { thread: { id: found.thread.id, slug: found.thread.slug, title: found.thread.title }, current, proposed };
}

export type ModerationProblem = "not_found" | "forbidden" | "confirm_wider" | "procurement" | "same_space";

const FLAG_ACTIONS = { lock: "thread_locked", unlock: "thread_unlocked", pin: "thread_pinned", unpin: "thread_unpinned" } as const;

/** Lock, unlock, pin or unpin: moderators only, audit-logged. */
export function setThreadFlag(member: Member, threadId: number, change: "lock" | "unlock" | "pin" | "unpin", ip: string): Result<null, ModerationProblem> {
  const found = getThread(member, threadId);
  if (!found) return err("not_found");
  if (!mayModerate(member, found.discussion)) return err("forbidden");
  db().transaction((tx) => {
    if (change === "lock" || change === "unlock") tx.update(discussions).set({ isLocked: change === "lock" }).where(eq(discussions.id, found.discussion.id)).run();
    else tx.update(threads).set({ isPinned: change === "pin" }).where(eq(threads.id, threadId)).run();
    recordAudit({ actorId: member.id, action: FLAG_ACTIONS[change], targetType: "thread", targetId: threadId, ip }, tx);
  });
  return ok(null);
}

/**
 * Moves a thread to another space, re-labelling its discussion with the new audience. Widening
 * (policing-only to all members) needs an explicit confirmation, and is refused while a linked
 * partnership is in procurement. Narrowing (all members to policing-only) adds a "narrowed" entry to
 * the engagement record for each post suppliers could read; entries already there stay.
 */
export function moveThread(member: Member, threadId: number, toSpaceSlug: string, confirmed: boolean, ip: string): Result<{ widened: boolean }, ModerationProblem> {
  const found = getThread(member, threadId);
  if (!found || !mayModerate(member, found.discussion)) return err(found ? "forbidden" : "not_found");
  const target = getSpace(member, toSpaceSlug);
  if (!target || target.isArchived) return err("not_found");
  if (target.id === found.space.id) return err("same_space");
  const widened = found.discussion.audience === "policing" && target.audience === "members";
  if (widened && !mayWiden(member, found.discussion, isLinkedToLiveProcurement({ threadId }))) return err("procurement");
  if (widened && !confirmed) return err("confirm_wider");
  const narrowed = found.discussion.audience === "members" && target.audience === "policing";
  db().transaction((tx) => {
    // Recorded while suppliers can still read it: the entries say what they could see until now.
    if (narrowed) recordEngagement(tx, "narrowed", { discussionId: found.discussion.id }, { actorId: member.id });
    tx.update(threads).set({ spaceId: target.id }).where(eq(threads.id, threadId)).run();
    tx.update(discussions).set({ audience: target.audience }).where(eq(discussions.id, found.discussion.id)).run();
    tx.update(spaces).set({ threadCount: sql`${spaces.threadCount} - 1` }).where(eq(spaces.id, found.space.id)).run();
    tx.update(spaces).set({ threadCount: sql`${spaces.threadCount} + 1`, lastActivityAt: sql`max(coalesce(${spaces.lastActivityAt}, 0), ${found.thread.lastActivityAt.getTime() / 1000})` }).where(eq(spaces.id, target.id)).run();
    recordAudit({ actorId: member.id, action: "thread_moved", targetType: "thread", targetId: threadId, ip, detail: `${found.space.slug} → ${target.slug}` }, tx);
  });
  return ok({ widened });
}

/** A thread with its move targets, for a moderator of its audience; null for anyone else. */
export function getThreadToMove(member: Member, threadId: number) {
  const found = getThread(member, threadId);
  if (!found || !mayModerate(member, found.discussion)) return null;
  return found;
}

export function listMoveTargets(member: Member, currentSpaceId: number) {
  return listSpaces(member).filter((s) => s.id !== currentSpaceId);
}

export function serviceAreaIdsBySlug(slugs: string[]) {
  if (slugs.length === 0) return [];
  return db().select({ id: terms.id }).from(terms).where(and(eq(terms.vocabulary, "service_area"), inArray(terms.slug, slugs))).all().map((r) => r.id);
}

/**
 * Threads linked to a partnership that the member may read (the audience rule in SQL, so a
 * supplier never learns of a policing-only thread), latest activity first, at most `limit` (≤ 100).
 */
export function listThreadsForPartnership(member: Member, partnershipId: number, limit: number) {
  return threadListQuery(member)
    .innerJoin(threadPartnerships, eq(threadPartnerships.threadId, threads.id))
    .where(and(eq(threadPartnerships.partnershipId, partnershipId), audienceReadableWhere(member, spaces.audience)))
    .orderBy(desc(threads.lastActivityAt), desc(threads.id))
    .limit(Math.min(Math.max(1, Math.floor(limit)), 100))
    .all();
}

export { listLinkablePartnerships, listServiceAreas } from "./vocabularies.server";
