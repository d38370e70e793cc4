/** Spaces and threads: the forum's own part. Posts live in discussions.server.ts. */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { audienceReadableWhere, mayAccept, mayContributeDeclared, mayEditThreadDetails, mayLinkToPartnerships, mayModerateThread, mayRead, mayStartThread, mayUnlinkPartnerships, mayWiden, mustDeclareInterest, readersOfAudienceWhere, spaceListedWhere, type Member } from "~/auth/policy/index.server";
import { err, ok, type Result } from "~/lib/result";
import { slugify } from "~/lib/slug";
import type { ThreadListItem } from "~/lib/thread-list-html.server";
import { dateOf, db, sqlText, type Tx } from "../../db/client.server";
import {
  discussions,
  organisations,
  posts,
  spaces,
  terms,
  threadPartnerships,
  threadRevisions,
  threads,
  threadServiceAreas,
  users,
} from "../../db/schema";
import type { Audience, InterestDeclaration, ThreadKind } from "~/lib/fixed-lists";
import { recordAudit } from "./audit.server";
import { addPost, discussionPage, isSubmissionKeyClash, listPostsPage, pageOfNumber, postBySubmission } from "./discussions.server";
import { recordEngagement, recordOwnerChange } from "./engagement-log.server";
import { queueNotificationMails } from "./notifications.server";
import { keptServiceAreas, listLinkablePartnerships, listServiceAreas } from "./vocabularies.server";
import { isWatchingTopic, notifyNewThread, watchingTopicColumn } from "./topic-watches.server";
import { deleteDraftIn, getDraft } from "./drafts.server";
import { rememberDeclaration } from "./interest-declarations.server";
import { keptList } from "./kept-lists.server";
import { isLinkedToLiveProcurement, isLiveStatus, liveProcurementIds } from "./procurement.server";

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
  const found = db().select({ space: spaces, isWatching: watchingTopicColumn(member, "space", spaces.id) }).from(spaces).where(eq(spaces.slug, slug)).get();
  if (!found || !mayRead(member, found.space)) return null;
  const { space, isWatching } = found;
  return { ...space, isWatching: isWatching === 1, may: { startThread: mayStartThread(member, space) } };
}

type SharedThreadRow = Omit<ThreadListItem, "unread" | "hasRead"> & { discussionId: number; lastPostNumber: number };
type RawThreadRow = Omit<SharedThreadRow, "isPinned" | "isAnswered" | "isLocked" | "isDemo" | "lastActivityAt"> & { isPinned: number; isAnswered: number; isLocked: number; isDemo: number; lastActivityAt: number };

/**
 * The statement every thread list shares; the caller adds its joins, conditions (the policy's
 * among them), order and limit. Its rows are the same for every reader who runs the same
 * statement, so they are kept between requests (`keptList`); the member's own read positions
 * are read apart, in one statement for the list. Hand-written: these lists are on the busiest pages.
 */
function threadList(member: Member, rest: { joins?: string; where: string; params: unknown[]; order: string; limit: number; offset?: number }): ThreadListItem[] {
  const rows = keptThreadRows(member, rest);
  return withReadState(rows, readPositions(member, rows));
}

function keptThreadRows(member: Member, rest: { joins?: string; where: string; params: unknown[]; order: string; limit: number; offset?: number }) {
  const source = `
    SELECT t.id, t.slug, t.title, t.kind, t.is_pinned AS isPinned, t.accepted_post_id IS NOT NULL AS isAnswered, d.is_locked AS isLocked,
      t.is_demo AS isDemo, d.post_count - 1 AS replies, t.last_activity_at AS lastActivityAt, lp.name AS lastPosterName,
      a.name AS authorName, o.name AS authorOrganisation, s.slug AS spaceSlug, s.name AS spaceName, d.id AS discussionId, d.last_post_number AS lastPostNumber
    FROM threads t
      JOIN discussions d ON d.id = t.discussion_id
      JOIN spaces s ON s.id = t.space_id
      JOIN users a ON a.id = t.author_id
      JOIN organisations o ON o.id = a.organisation_id
      LEFT JOIN users lp ON lp.id = d.last_poster_id
      ${rest.joins ?? ""}
    WHERE ${rest.where}
    ORDER BY ${rest.order}
    LIMIT ? OFFSET ?`;
  const params = [...rest.params, rest.limit, rest.offset ?? 0];
  return keptList<RawThreadRow, SharedThreadRow>(member, source, params, (rows) =>
    rows.map((r) => ({
      ...r,
      isPinned: r.isPinned === 1,
      isAnswered: r.isAnswered === 1,
      isLocked: r.isLocked === 1,
      isDemo: r.isDemo === 1,
      lastActivityAt: dateOf(r.lastActivityAt),
    })),
  );
}

/** Kept rows with the member's reading of each: one literal per thread, as spreading a row into an object that adds fields made V8 promote it. */
function withReadState(rows: readonly SharedThreadRow[], readTo: Map<number, number>): ThreadListItem[] {
  return rows.map((r) => {
    const read = readTo.get(r.discussionId);
    return {
      id: r.id,
      slug: r.slug,
      title: r.title,
      kind: r.kind,
      isPinned: r.isPinned,
      isAnswered: r.isAnswered,
      isLocked: r.isLocked,
      isDemo: r.isDemo,
      replies: r.replies,
      lastActivityAt: r.lastActivityAt,
      lastPosterName: r.lastPosterName,
      authorName: r.authorName,
      authorOrganisation: r.authorOrganisation,
      spaceSlug: r.spaceSlug,
      spaceName: r.spaceName,
      unread: r.lastPostNumber - (read ?? 0),
      hasRead: read !== undefined,
    };
  });
}

/** How far the member has read in each listed thread's discussion: one statement for the list. */
function readPositions(member: Member, rows: readonly { discussionId: number }[]) {
  if (rows.length === 0) return new Map<number, number>();
  const found = db().$client.prepare("SELECT discussion_id, last_read_number FROM read_positions WHERE user_id = ? AND discussion_id IN (SELECT value FROM json_each(?))").raw().all(member.id, JSON.stringify(rows.map((r) => r.discussionId))) as [number, number][];
  return new Map(found);
}

const UNANSWERED = "t.kind = 'question' AND t.accepted_post_id IS NULL";

export type ThreadFilter = { page: number; unanswered: boolean; areaSlug: string | null };

/**
 * One page of a space's threads: pinned first, then latest activity. The page's ids come from the
 * (space, pinned, activity) index alone, so a deep page skips index entries rather than joined
 * rows; one row beyond the page tells whether there is a next page.
 */
export function listSpaceThreads(member: Member, spaceId: number, filter: ThreadFilter) {
  const areaId = filter.areaSlug ? db().select({ id: terms.id }).from(terms).where(and(eq(terms.vocabulary, "service_area"), eq(terms.slug, filter.areaSlug))).get()?.id ?? -1 : null;
  const gate = sqlText(audienceReadableWhere(member, sql.raw("s.audience")));
  const order = "t.is_pinned DESC, t.last_activity_at DESC, t.id DESC";
  const rows = threadList(member, {
    where: `t.id IN (SELECT t.id FROM threads t WHERE t.space_id = ?${filter.unanswered ? ` AND ${UNANSWERED}` : ""}${areaId !== null ? " AND EXISTS (SELECT 1 FROM thread_service_areas tsa WHERE tsa.thread_id = t.id AND tsa.term_id = ?)" : ""} ORDER BY ${order} LIMIT ? OFFSET ?) AND ${gate.sql}`,
    params: [spaceId, ...(areaId !== null ? [areaId] : []), THREADS_PER_PAGE + 1, (filter.page - 1) * THREADS_PER_PAGE, ...gate.params],
    order,
    limit: THREADS_PER_PAGE + 1,
  });
  return { threads: rows.slice(0, THREADS_PER_PAGE), hasNext: rows.length > THREADS_PER_PAGE };
}

/**
 * Latest threads across every space the member may read, for the home page: the latest, and the
 * latest questions without an accepted answer, with the member's reading of both read in one
 * statement. The ids come from walking the activity index newest first (CROSS JOIN keeps threads
 * the outer loop): left to itself SQLite started from the few spaces and sorted every thread in them.
 */
export function recentThreadLists(member: Member, limits: { recent: number; unanswered: number }) {
  const gate = sqlText(spaceListedWhere(member, sql.raw("s.audience"), sql.raw("s.is_archived")));
  const order = "t.last_activity_at DESC, t.id DESC";
  const latest = (unansweredOnly: boolean, limit: number) =>
    keptThreadRows(member, {
      where: `t.id IN (SELECT t.id FROM threads t CROSS JOIN spaces s ON s.id = t.space_id WHERE ${gate.sql}${unansweredOnly ? ` AND ${UNANSWERED}` : ""} ORDER BY ${order} LIMIT ?)`,
      params: [...gate.params, limit],
      order,
      limit,
    });
  const recent = latest(false, limits.recent);
  const unanswered = latest(true, limits.unanswered);
  const readTo = readPositions(member, [...recent, ...unanswered]);
  return { recent: withReadState(recent, readTo), unanswered: withReadState(unanswered, readTo) };
}

/**
 * The space a listing shows, with the member's watching, in one kept statement: getSpace builds
 * its query with drizzle and maps every column, which cost a listing more than SQLite took.
 * Null when missing, unreadable or archived.
 */
function listedSpace(member: Member, slug: string) {
  const watching = sqlText(watchingTopicColumn(member, "space", sql.raw("s.id")));
  const row = db().$client.prepare(`SELECT s.id, s.slug, s.name, s.description, s.audience, s.is_archived AS isArchived, ${watching.sql} AS isWatching FROM spaces s WHERE s.slug = ?`).get(...watching.params, slug) as
    | { id: number; slug: string; name: string; description: string; audience: Audience; isArchived: number; isWatching: number }
    | undefined;
  if (!row || row.isArchived || !mayRead(member, row)) return null;
  return { ...row, isWatching: row.isWatching === 1, may: { startThread: mayStartThread(member, { audience: row.audience, isArchived: false }) } };
}

/** A space's page: the space, a page of its threads, the service areas to filter by; null when missing, unreadable or archived. */
export function spacePage(member: Member, slug: string, filter: ThreadFilter) {
  const space = listedSpace(member, slug);
  if (!space) return null;
  const { threads, hasNext } = listSpaceThreads(member, space.id, filter);
  return {
    space: { slug: space.slug, name: space.name, description: space.description, audience: space.audience },
    threads,
    hasNext,
    filter,
    areas: keptServiceAreas(member),
    mayStart: space.may.startThread,
    isWatching: space.isWatching,
  };
}

/**
 * The "start a thread" form: the space, what may be tagged, a fresh submission key, and whether
 * the member must declare an interest should they link a partnership in procurement (suppliers).
 * Null unless the member may start a thread there.
 */
export function newThreadPage(member: Member, slug: string, partnershipParam: string | null = null) {
  const space = getSpace(member, slug);
  if (!space || !space.may.startThread) return null;
  const draft = getDraft(member, { spaceId: space.id });
  return {
    space: { slug: space.slug, name: space.name, audience: space.audience },
    draft: draft ? { title: draft.title, kind: draft.kind ?? "question", body: draft.bodyMd } : null,
    // "Ask about this partnership" on a partnership's page arrives with it ticked.
    preselected: partnershipParam && /^\d{1,15}$/.test(partnershipParam) ? [partnershipParam] : [],
    areas: listServiceAreas(),
    partnerships: listLinkablePartnerships(),
    submissionKey: randomUUID(),
    mustDeclareIfLive: mustDeclareInterest(member, true),
  };
}

export type NewThread = { kind: ThreadKind; title: string; bodyMd: string; serviceAreaIds: number[]; partnershipIds: number[]; submissionKey: string | null; interest?: InterestDeclaration | null };

/** A thread with its discussion and first post, all in one transaction, in a space the member may post to. */
export function createThread(member: Member, space: { id: number; audience: "members" | "policing"; isArchived: boolean }, input: NewThread): Result<{ id: number; slug: string; notificationIds: number[] }, "not_found" | "archived" | "duplicate" | "declaration_required"> {
  if (!mayStartThread(member, { ...space, isArchived: false })) return err("not_found");
  if (!mayStartThread(member, space)) return err("archived");
  const live = isLinkedToLiveProcurement({ partnershipIds: input.partnershipIds });
  if (!mayContributeDeclared(member, space, live, Boolean(input.interest))) return err("declaration_required");
  if (!mustDeclareInterest(member, live)) input = { ...input, interest: null };
  if (input.submissionKey && postBySubmission(member.id, input.submissionKey)) return err("duplicate");
  try {
    return ok(
      db().transaction((tx) => {
        const thread = insertThread(tx, { ...input, spaceId: space.id, audience: space.audience, authorId: member.id });
        if (input.interest) rememberDeclaration(tx, member.id, liveProcurementIds({ partnershipIds: input.partnershipIds }, tx), input.interest);
        deleteDraftIn(tx, member.id, { spaceId: space.id });
        const watchers = notifyNewThread(tx, { discussionId: thread.discussionId, firstPostId: thread.firstPostId, authorId: member.id, spaceId: space.id, audience: space.audience, partnershipIds: input.partnershipIds, serviceAreaIds: input.serviceAreaIds });
        queueNotificationMails(tx, [...thread.notificationIds, ...watchers]);
        return thread;
      }),
    );
  } catch (error) {
    // Another worker published the same form between the check above and this transaction.
    if (isSubmissionKeyClash(error)) return err("duplicate");
    throw error;
  }
}

/** The pages under a thread's address: a thread titled "History" must not take its history's address. */
const THREAD_SUBPAGES = new Set(["details", "history"]);

function threadSlug(title: string) {
  const slug = slugify(title, 80) || "thread";
  return THREAD_SUBPAGES.has(slug) ? `${slug}-thread` : slug;
}

/** Writes a thread, its discussion and first post inside the caller's transaction (also used by the demo seed). */
export function insertThread(tx: Tx, input: NewThread & { spaceId: number; audience: Audience; authorId: number; isDemo?: boolean; at?: Date }) {
  const at = input.at ?? new Date();
  const slug = threadSlug(input.title);
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

type ThreadPageRow = {
  id: number; discussionId: number; spaceId: number; kind: ThreadKind; title: string; slug: string; authorId: number; isPinned: number; acceptedPostId: number | null;
  lastActivityAt: number; isDemo: number; createdAt: number;
  spaceSlug: string; spaceName: string; spaceAudience: Audience;
  ownerKind: "thread"; audience: Audience; isLocked: number; postCount: number; lastPostNumber: number;
  watching: number | null; lastRead: number | null; draft: string | null; unreadNotifications: number; acceptedNumber: number | null; tags: string; hasHistory: number;
};

/**
 * What a thread page shows beyond its page of posts, in one statement: the thread, its space and
 * discussion, the member's watching and read position, the accepted answer's number, and its tags
 * and linked partnerships (as JSON, with which of them are in a live procurement), and whether the
 * member may see any change of its details. Null when missing or not readable.
 */
function getThreadPage(member: Member, threadId: number) {
  const historyGate = sqlText(audienceReadableWhere(member, sql.raw("r.audience")));
  const r = db().$client.prepare(`
    SELECT t.id, t.discussion_id AS discussionId, t.space_id AS spaceId, t.kind, t.title, t.slug, t.author_id AS authorId, t.is_pinned AS isPinned,
      t.accepted_post_id AS acceptedPostId, t.last_activity_at AS lastActivityAt, t.is_demo AS isDemo, t.created_at AS createdAt,
      s.slug AS spaceSlug, s.name AS spaceName, s.audience AS spaceAudience,
      d.owner_kind AS ownerKind, d.audience, d.is_locked AS isLocked, d.post_count AS postCount, d.last_post_number AS lastPostNumber,
      (SELECT is_watching FROM watches WHERE user_id = ? AND discussion_id = d.id) AS watching,
      (SELECT last_read_number FROM read_positions WHERE user_id = ? AND discussion_id = d.id) AS lastRead,
      (SELECT body_md FROM drafts WHERE user_id = ? AND discussion_id = d.id) AS draft,
      EXISTS (SELECT 1 FROM notifications WHERE user_id = ? AND discussion_id = d.id AND read_at IS NULL) AS unreadNotifications,
      (SELECT number FROM posts WHERE id = t.accepted_post_id) AS acceptedNumber,
      EXISTS (SELECT 1 FROM thread_revisions r WHERE r.thread_id = t.id AND ${historyGate.sql}) AS hasHistory,
      (SELECT json_group_array(json_array(kind, slug, name, id, status)) FROM (
        SELECT 'area' AS kind, terms.slug AS slug, terms.name AS name, NULL AS id, NULL AS status FROM thread_service_areas JOIN terms ON terms.id = thread_service_areas.term_id WHERE thread_service_areas.thread_id = t.id
        UNION ALL
        SELECT 'partnership', partnerships.slug, partnerships.name, partnerships.id, partnerships.status FROM thread_partnerships JOIN partnerships ON partnerships.id = thread_partnerships.partnership_id WHERE thread_partnerships.thread_id = t.id)) AS tags
    FROM threads t JOIN spaces s ON s.id = t.space_id JOIN discussions d ON d.id = t.discussion_id
    WHERE t.id = ?`).get(member.id, member.id, member.id, member.id, ...historyGate.params, threadId) as ThreadPageRow | undefined;
  if (!r) return null;
  const discussion = { id: r.discussionId, ownerKind: r.ownerKind, audience: r.audience, isLocked: r.isLocked === 1, postCount: r.postCount, lastPostNumber: r.lastPostNumber };
  if (!mayRead(member, discussion)) return null;
  const thread = { id: r.id, discussionId: r.discussionId, spaceId: r.spaceId, kind: r.kind, title: r.title, slug: r.slug, authorId: r.authorId, isPinned: r.isPinned === 1, acceptedPostId: r.acceptedPostId, lastActivityAt: dateOf(r.lastActivityAt), isDemo: r.isDemo === 1, createdAt: dateOf(r.createdAt) };
  const tags = (JSON.parse(r.tags) as [string, string, string, number | null, string | null][]).map(([kind, slug, name, id, status]) => ({ kind, slug, name, id, status }));
  const accepted = r.acceptedNumber !== null ? listPostsPage(member, discussion, 1, { fromNumber: r.acceptedNumber, count: 1 }) : [];
  return {
    thread,
    space: { id: r.spaceId, slug: r.spaceSlug, name: r.spaceName, audience: r.spaceAudience },
    discussion,
    state: { isWatching: r.watching === 1, lastReadNumber: r.lastRead ?? 0, draftMd: r.draft, hasUnreadNotifications: r.unreadNotifications === 1 },
    // A thread's discussion is linked to a procurement only through the thread's own partnerships.
    liveIds: tags.filter((t) => t.kind === "partnership" && isLiveStatus(t.status)).map((t) => t.id!),
    hasHistory: r.hasHistory === 1,
    accepted: accepted[0] ?? null,
    serviceAreas: tags.filter((t) => t.kind === "area").map(({ slug, name }) => ({ slug, name })),
    partnerships: tags.filter((t) => t.kind === "partnership").map(({ slug, name }) => ({ slug, name })),
  };
}

/**
 * Everything the thread page shows, from one call: the thread, its tags, the page of posts with
 * each post's may flags (accepting included), whether the member may edit the thread's details,
 * the accepted answer and the member's state. Null
 * when missing, unreadable or past the last page; `{ redirectTo }` for "jump to first unread".
 */
export function threadPage(member: Member, threadId: number, options: { page: number; quoteId?: number; unread?: boolean }) {
  const found = getThreadPage(member, threadId);
  if (!found) return null;
  const { state, liveIds, ...view } = found;
  if (options.unread) {
    const target = Math.min(state.lastReadNumber + 1, view.discussion.lastPostNumber);
    return { redirectTo: { id: view.thread.id, slug: view.thread.slug, page: pageOfNumber(target), anchor: target } };
  }
  const discussion = discussionPage(member, view.discussion, { ...options, state, liveIds });
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
    may: { editDetails: mayEditThreadDetails(member, { authorId: view.thread.authorId, discussion: view.discussion }) },
  };
}

// ---- Details after publishing: title, kind, service areas, partnerships (issue 14, item 4) ------

type Named = { id: number; name: string };

/** A thread's service areas and partnerships with their names, in one statement. */
function threadLinks(reader: Pick<Tx, "all">, threadId: number) {
  const rows = reader.all<{ kind: "area" | "partnership"; id: number; name: string }>(sql`
    SELECT 'area' AS kind, terms.id AS id, terms.name AS name FROM thread_service_areas x JOIN terms ON terms.id = x.term_id WHERE x.thread_id = ${threadId}
    UNION ALL
    SELECT 'partnership', partnerships.id, partnerships.name FROM thread_partnerships x JOIN partnerships ON partnerships.id = x.partnership_id WHERE x.thread_id = ${threadId}
    ORDER BY 1, 3`);
  const pick = (kind: "area" | "partnership"): Named[] => rows.filter((r) => r.kind === kind).map(({ id, name }) => ({ id, name }));
  return { areas: pick("area"), partnerships: pick("partnership") };
}

/** A thread whose details the member may change, or null: missing, unreadable and not theirs read the same. */
function getThreadForDetails(member: Member, threadId: number) {
  const found = getThread(member, threadId);
  return found && mayEditThreadDetails(member, { authorId: found.thread.authorId, discussion: found.discussion }) ? found : null;
}

/**
 * The "edit thread details" form, filled in with the thread as it is, the lists to choose from,
 * and what the member may do about partnerships in procurement. Null unless they may edit it.
 */
export function threadDetailsPage(member: Member, threadId: number) {
  const found = getThreadForDetails(member, threadId);
  if (!found) return null;
  const { thread } = found;
  const links = threadLinks(db(), threadId);
  const linkedLive = liveProcurementIds({ partnershipIds: links.partnerships.map((p) => p.id) }).length > 0;
  return {
    thread: { id: thread.id, slug: thread.slug, title: thread.title },
    values: { title: thread.title, kind: thread.kind, serviceAreas: links.areas.map((a) => String(a.id)), partnerships: links.partnerships.map((p) => String(p.id)) },
    hasAcceptedAnswer: thread.kind === "question" && thread.acceptedPostId !== null,
    isOwn: thread.authorId === member.id,
    areas: listServiceAreas(),
    partnerships: listLinkablePartnerships(),
    may: { linkLiveProcurement: mayLinkToPartnerships(member, true), unlinkPartnerships: mayUnlinkPartnerships(member, linkedLive) },
  };
}

export type ThreadDetails = { title: string; kind: ThreadKind; serviceAreaIds: number[]; partnershipIds: number[]; clearAnswer: boolean };
export type ThreadDetailsProblem = "not_found" | "unknown_links" | "supplier_live_procurement" | "supplier_unlink_live" | "confirm_clear_answer";

const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id) => b.includes(id));
const names = (items: Named[]) => JSON.stringify(items.map((i) => i.name));

/**
 * Changes a thread's details, in one transaction with its history entry. A supplier may not link
 * a partnership in procurement (the thread's posts were written without a declaration) nor unlink
 * while the thread is linked to one; a moderator's change to someone else's thread is audit-logged;
 * newly linked partnerships in procurement get "linked" entries in their engagement record, and
 * unlinking removes none. A question with an accepted answer becomes a discussion only when
 * `clearAnswer` confirms the answer is cleared. Unchanged details write nothing.
 */
export function updateThreadDetails(member: Member, threadId: number, input: ThreadDetails, ip: string): Result<{ id: number; slug: string; changed: boolean }, ThreadDetailsProblem> {
  const found = getThreadForDetails(member, threadId);
  if (!found) return err("not_found");
  const { thread, discussion } = found;
  const areaIds = [...new Set(input.serviceAreaIds)];
  const partnershipIds = [...new Set(input.partnershipIds)];
  const areaNames = new Map(listServiceAreas().map((a) => [a.id, a.name]));
  const partnershipNames = new Map(listLinkablePartnerships().map((p) => [p.id, p.name]));
  if (areaIds.some((id) => !areaNames.has(id)) || partnershipIds.some((id) => !partnershipNames.has(id))) return err("unknown_links");
  const before = threadLinks(db(), threadId);
  const linkedBefore = before.partnerships.map((p) => p.id);
  const added = partnershipIds.filter((id) => !linkedBefore.includes(id));
  const removed = linkedBefore.filter((id) => !partnershipIds.includes(id));
  if (!mayLinkToPartnerships(member, liveProcurementIds({ partnershipIds: added }).length > 0)) return err("supplier_live_procurement");
  if (removed.length > 0 && !mayUnlinkPartnerships(member, liveProcurementIds({ partnershipIds: linkedBefore }).length > 0)) return err("supplier_unlink_live");
  const clearsAnswer = thread.kind === "question" && input.kind === "discussion" && thread.acceptedPostId !== null;
  if (clearsAnswer && !input.clearAnswer) return err("confirm_clear_answer");

  const areasBefore = before.areas.map((a) => a.id);
  const titleChanged = input.title !== thread.title;
  const kindChanged = input.kind !== thread.kind;
  if (!titleChanged && !kindChanged && sameSet(areasBefore, areaIds) && sameSet(linkedBefore, partnershipIds)) return ok({ id: thread.id, slug: thread.slug, changed: false });
  const after = { areas: areaIds.map((id) => ({ id, name: areaNames.get(id)! })), partnerships: partnershipIds.map((id) => ({ id, name: partnershipNames.get(id)! })) };
  const slug = titleChanged ? threadSlug(input.title) : thread.slug;
  db().transaction((tx) => {
    const afterLinks = recordOwnerChange(tx, { discussionId: discussion.id, fromAudience: discussion.audience, toAudience: discussion.audience, linkedBefore, linkedAfter: partnershipIds, actorId: member.id });
    // Only what changed is set: the search index's trigger re-indexes the thread's posts on a title update.
    const set = { ...(titleChanged ? { title: input.title, slug } : {}), ...(kindChanged ? { kind: input.kind } : {}), ...(clearsAnswer ? { acceptedPostId: null } : {}) };
    if (Object.keys(set).length > 0) tx.update(threads).set(set).where(eq(threads.id, threadId)).run();
    const areasGone = areasBefore.filter((id) => !areaIds.includes(id));
    if (areasGone.length > 0) tx.delete(threadServiceAreas).where(and(eq(threadServiceAreas.threadId, threadId), inArray(threadServiceAreas.termId, areasGone))).run();
    for (const termId of areaIds.filter((id) => !areasBefore.includes(id))) tx.insert(threadServiceAreas).values({ threadId, termId }).run();
    if (removed.length > 0) tx.delete(threadPartnerships).where(and(eq(threadPartnerships.threadId, threadId), inArray(threadPartnerships.partnershipId, removed))).run();
    for (const partnershipId of added) tx.insert(threadPartnerships).values({ threadId, partnershipId }).run();
    afterLinks();
    tx.insert(threadRevisions)
      .values({
        threadId, editorId: member.id, oldTitle: thread.title, newTitle: input.title, oldKind: thread.kind, newKind: input.kind,
        oldServiceAreas: names(before.areas), newServiceAreas: names(after.areas), oldPartnerships: names(before.partnerships), newPartnerships: names(after.partnerships),
        audience: discussion.audience, clearedAnswer: clearsAnswer, changedAt: new Date(),
      })
      .run();
    if (thread.authorId !== member.id) {
      const list = (items: Named[]) => items.map((i) => i.name).join(", ") || "none";
      const detail = [
        titleChanged ? `title: ${thread.title} → ${input.title}` : "",
        kindChanged ? `kind: ${thread.kind} → ${input.kind}${clearsAnswer ? " (accepted answer cleared)" : ""}` : "",
        sameSet(areasBefore, areaIds) ? "" : `service areas: ${list(before.areas)} → ${list(after.areas)}`,
        sameSet(linkedBefore, partnershipIds) ? "" : `partnerships: ${list(before.partnerships)} → ${list(after.partnerships)}`,
      ].filter(Boolean).join("; ");
      recordAudit({ actorId: member.id, action: "thread_details_edited_by_moderator", targetType: "thread", targetId: threadId, ip, detail }, tx);
    }
  });
  return ok({ id: thread.id, slug, changed: true });
}

/**
 * A thread's history of details changes, newest first, for whoever may read the thread: every
 * reader saw those details. Changes made while the thread was policing-only stay hidden from
 * suppliers after it is opened to every member (the read rule over the change's own audience).
 * Null when the thread is missing or not readable.
 */
export function threadHistoryPage(member: Member, threadId: number) {
  const found = getThread(member, threadId);
  if (!found) return null;
  const rows = db()
    .select({ revision: threadRevisions, editorName: users.name })
    .from(threadRevisions)
    .innerJoin(users, eq(users.id, threadRevisions.editorId))
    .where(and(eq(threadRevisions.threadId, threadId), audienceReadableWhere(member, threadRevisions.audience)))
    .orderBy(desc(threadRevisions.id))
    .limit(200)
    .all();
  const list = (json: string) => JSON.parse(json) as string[];
  return {
    thread: { id: found.thread.id, slug: found.thread.slug, title: found.thread.title },
    revisions: rows.map(({ revision: r, editorName }) => ({
      id: r.id,
      editorName,
      changedAt: r.changedAt,
      clearedAnswer: r.clearedAnswer,
      title: { from: r.oldTitle, to: r.newTitle },
      kind: { from: r.oldKind, to: r.newKind },
      serviceAreas: { from: list(r.oldServiceAreas), to: list(r.newServiceAreas) },
      partnerships: { from: list(r.oldPartnerships), to: list(r.newPartnerships) },
    })),
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
  if (!mayModerateThread(member, found.discussion)) return err("forbidden");
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
  if (!found || !mayModerateThread(member, found.discussion)) return err(found ? "forbidden" : "not_found");
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

/** A thread, for a moderator of its audience; null for anyone else. */
export function getThreadToMove(member: Member, threadId: number) {
  const found = getThread(member, threadId);
  if (!found || !mayModerateThread(member, found.discussion)) return null;
  return found;
}

/** The move page: the thread, its space and the other listed spaces it may go to; null unless the member moderates it. */
export function threadMovePage(member: Member, threadId: number) {
  const found = getThreadToMove(member, threadId);
  if (!found) return null;
  return {
    thread: { id: found.thread.id, slug: found.thread.slug, title: found.thread.title },
    space: found.space,
    targets: listSpaces(member).filter((s) => s.id !== found.space.id).map((s) => ({ slug: s.slug, name: s.name, audience: s.audience })),
  };
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
  const gate = sqlText(audienceReadableWhere(member, sql.raw("s.audience")));
  return threadList(member, {
    joins: "JOIN thread_partnerships tp ON tp.thread_id = t.id",
    where: `tp.partnership_id = ? AND ${gate.sql}`,
    params: [partnershipId, ...gate.params],
    order: "t.last_activity_at DESC, t.id DESC",
    limit: Math.min(Math.max(1, Math.floor(limit)), 100),
  });
}

/**
 * A service area's page: the threads tagged with it in every space the member may read (the
 * audience rule in SQL), latest activity first, paged, and whether the member watches it. Null
 * for an unknown area.
 */
export function serviceAreaPage(member: Member, slug: string, page: number) {
  const area = db().select({ id: terms.id, slug: terms.slug, name: terms.name }).from(terms).where(and(eq(terms.vocabulary, "service_area"), eq(terms.slug, slug))).get();
  if (!area) return null;
  const gate = sqlText(spaceListedWhere(member, sql.raw("s.audience"), sql.raw("s.is_archived")));
  const rows = threadList(member, {
    joins: "JOIN thread_service_areas tsa ON tsa.thread_id = t.id",
    where: `tsa.term_id = ? AND ${gate.sql}`,
    params: [area.id, ...gate.params],
    order: "t.last_activity_at DESC, t.id DESC",
    limit: THREADS_PER_PAGE + 1,
    offset: (page - 1) * THREADS_PER_PAGE,
  });
  return { area, threads: rows.slice(0, THREADS_PER_PAGE), hasNext: rows.length > THREADS_PER_PAGE, page, isWatching: isWatchingTopic(member, "service_area", area.id) };
}

export { listLinkablePartnerships, listServiceAreas };
