/**
 * Posts and the machinery every discussion shares, whether a thread, a lesson or a template owns
 * it: rendering once at write time, numbering, counters, watching, read positions, mentions,
 * quotes, helpful marks, revisions and notifications.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  isAuthor,
  mayContributeDeclared,
  mayDelete,
  mayEdit,
  mayFlag,
  mayMarkHelpful,
  mayModerate,
  mayPurgeRevision,
  mayQuote,
  mayRead,
  mayReadPostText,
  mayReadRevisions,
  mayReadTemplate,
  mayReply,
  mustDeclareInterest,
  readersOfAudienceWhere,
  type Member,
} from "~/auth/policy/index.server";
import { pageCount } from "~/lib/paging";
import { extractMentions, markdownProblem, renderAsWritten, renderMarkdownWithMentions, RENDER_VERSION } from "~/lib/markdown.server";
import { err, ok, type Result } from "~/lib/result";
import { dateOf, db, type Tx } from "../../db/client.server";
import {
  discussions,
  organisations,
  postHelpfulMarks,
  postRevisions,
  posts,
  readPositions,
  spaces,
  threads,
  users,
  watches,
} from "../../db/schema";
import type { Audience, DiscussionOwner, InterestDeclaration } from "~/lib/fixed-lists";
import { recordAudit } from "./audit.server";
import { recordEngagement } from "./engagement-log.server";
import { markNotificationsRead, queueNotificationMails } from "./notifications.server";
import { deleteDraftIn } from "./drafts.server";
import { rememberDeclaration, rememberedDeclaration } from "./interest-declarations.server";
import { isLinkedToLiveProcurement, liveProcurementIds } from "./procurement.server";

export const POSTS_PER_PAGE = 25;

export type Discussion = { id: number; ownerKind: DiscussionOwner; audience: Audience; isLocked: boolean; postCount: number; lastPostNumber: number };

export function getDiscussion(id: number): Discussion | null {
  return (
    db()
      .select({ id: discussions.id, ownerKind: discussions.ownerKind, audience: discussions.audience, isLocked: discussions.isLocked, postCount: discussions.postCount, lastPostNumber: discussions.lastPostNumber })
      .from(discussions)
      .where(eq(discussions.id, id))
      .get() ?? null
  );
}

/** Handles of active members that a body mentions, so only real members are linked and told. */
function existingHandles(handles: string[], reader: Tx | ReturnType<typeof db>) {
  if (handles.length === 0) return new Map<string, number>();
  const rows = reader.select({ id: users.id, handle: users.handle }).from(users).where(and(inArray(users.handle, handles.slice(0, 50)), eq(users.status, "active"))).all();
  return new Map(rows.map((r) => [r.handle, r.id]));
}

/**
 * Markdown to safe HTML with mentions of real members linked; the one place posts are rendered.
 * Throws MarkdownRefused for text beyond the renderer's limits, which postBody refuses first.
 */
export function renderPost(bodyMd: string, reader: Tx | ReturnType<typeof db> = db()) {
  let known = new Map<string, number>();
  const { html, mentions } = renderMarkdownWithMentions(bodyMd, (handles) => {
    known = existingHandles(handles, reader);
    return (h) => (known.has(h) ? `/members/${h}` : null);
  });
  // Linked wherever they appear; told only when the author wrote the mention, not quoted it.
  const mentioned = mentions.filter((h) => known.has(h));
  return { bodyHtml: html, mentionedIds: mentioned.map((h) => known.get(h)!) };
}

/**
 * What the Preview button shows: the post as it would be published, or why it cannot be; and,
 * for a discussion of `audience`, who it mentions that will not be told because they may not
 * read it.
 */
export function previewPost(bodyMd: string, audience: Audience = "members"): { html: string; problem: null; unreachable: string[] } | { html: null; problem: string; unreachable: string[] } {
  const problem = markdownProblem(bodyMd);
  return problem === null ? { html: renderPost(bodyMd).bodyHtml, problem: null, unreachable: unreachableMentions(bodyMd, audience) } : { html: null, problem, unreachable: [] };
}

/**
 * The names of members a post mentions (outside quotes) who may not read content of this
 * audience, so the author is warned before posting that they will not be told (issue 14). Asks
 * the policy about each; a mention of an unknown handle is not a member and is left out.
 */
export function unreachableMentions(bodyMd: string, audience: Audience): string[] {
  if (audience === "members" || markdownProblem(bodyMd) !== null || !bodyMd.includes("@")) return [];
  const handles = extractMentions(bodyMd).slice(0, 50);
  if (handles.length === 0) return [];
  return db()
    .select({ id: users.id, name: users.name, role: users.role, status: users.status, organisationId: users.organisationId, organisationKind: organisations.kind })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(inArray(users.handle, handles), eq(users.status, "active")))
    .all()
    .filter((m) => !mayRead(m, { audience }))
    .map((m) => m.name);
}

/** A stored post's HTML; one written before the renderer had limits, and beyond them, is shown as written. */
function renderStoredPost(bodyMd: string, reader: Tx) {
  return markdownProblem(bodyMd) === null ? renderPost(bodyMd, reader).bodyHtml : renderAsWritten(bodyMd);
}

export type NewPost = {
  discussion: Pick<Discussion, "id" | "audience" | "ownerKind">;
  authorId: number;
  bodyMd: string;
  submissionKey?: string | null;
  interest?: InterestDeclaration | null;
  at?: Date;
};

/**
 * Writes a post inside the caller's transaction: numbers it, moves the counters of its
 * discussion and owner, makes the author a watcher with everything read, and notifies watchers
 * and mentioned members who may read it. Returns the post and the new notification ids.
 */
export function addPost(tx: Tx, input: NewPost) {
  const at = input.at ?? new Date();
  const { bodyHtml, mentionedIds } = renderPost(input.bodyMd, tx);
  const number = tx
    .update(discussions)
    .set({ postCount: sql`${discussions.postCount} + 1`, lastPostNumber: sql`${discussions.lastPostNumber} + 1`, lastPostAt: at, lastPosterId: input.authorId })
    .where(eq(discussions.id, input.discussion.id))
    .returning({ number: discussions.lastPostNumber })
    .get()!.number;
  const post = tx
    .insert(posts)
    .values({ discussionId: input.discussion.id, number, authorId: input.authorId, bodyMd: input.bodyMd, bodyHtml, renderVersion: RENDER_VERSION, submissionKey: input.submissionKey ?? null, interest: input.interest ?? null, createdAt: at })
    .returning({ id: posts.id })
    .get();
  if (input.discussion.ownerKind === "thread") {
    tx.update(threads).set({ lastActivityAt: at }).where(eq(threads.discussionId, input.discussion.id)).run();
    tx.update(spaces).set({ lastActivityAt: at }).where(sql`${spaces.id} = (SELECT space_id FROM threads WHERE discussion_id = ${input.discussion.id})`).run();
  }
  tx.insert(watches).values({ userId: input.authorId, discussionId: input.discussion.id, isWatching: true }).onConflictDoUpdate({ target: [watches.userId, watches.discussionId], set: { isWatching: true } }).run();
  markReadUpTo(tx, input.authorId, input.discussion.id, number);
  recordEngagement(tx, "posted", { postId: post.id }, { at });
  const notified = notify(tx, { discussion: input.discussion, postId: post.id, actorId: input.authorId, mentionedIds, kind: "reply" });
  return { postId: post.id, number, notificationIds: notified };
}

/**
 * Mentioned members get a "mention"; other watchers a "reply" (or the given kind). Recipients are
 * filtered by the audience in SQL, so nobody is told about what they may not read.
 */
export function notify(tx: Tx, input: { discussion: Pick<Discussion, "id" | "audience">; postId: number; actorId: number; mentionedIds: number[]; kind: "reply" | "accepted"; onlyUserIds?: number[] }) {
  const readers = readersOfAudienceWhere(input.discussion.audience, users.status, organisations.kind);
  const mentioned = input.mentionedIds.filter((id) => id !== input.actorId);
  const ids: number[] = [];
  if (mentioned.length > 0) {
    const rows = tx.all<{ id: number }>(sql`
      INSERT INTO notifications (user_id, kind, discussion_id, post_id, last_post_id, actor_id)
      SELECT users.id, 'mention', ${input.discussion.id}, ${input.postId}, ${input.postId}, ${input.actorId}
      FROM users JOIN organisations ON organisations.id = users.organisation_id
      WHERE users.id IN (${sql.join(mentioned.map((id) => sql`${id}`), sql`, `)}) AND ${readers}
      RETURNING id`);
    ids.push(...rows.map((r) => r.id));
  }
  const exclude = sql.join([input.actorId, ...mentioned].map((id) => sql`${id}`), sql`, `);
  const only = input.onlyUserIds ? sql`AND watches.user_id IN (${sql.join(input.onlyUserIds.map((id) => sql`${id}`), sql`, `)})` : sql``;
  const now = Math.floor(Date.now() / 1000);
  // An unread "reply" notification in this discussion grows instead of a second one (issue 14).
  const rows = tx.all<{ id: number }>(sql`
    INSERT INTO notifications (user_id, kind, discussion_id, post_id, last_post_id, actor_id, created_at, updated_at)
    SELECT watches.user_id, ${input.kind}, ${input.discussion.id}, ${input.postId}, ${input.postId}, ${input.actorId}, ${now}, ${now}
    FROM watches JOIN users ON users.id = watches.user_id JOIN organisations ON organisations.id = users.organisation_id
    WHERE watches.discussion_id = ${input.discussion.id} AND watches.is_watching = 1
      AND watches.user_id NOT IN (${exclude}) ${only} AND ${readers}
    ON CONFLICT (user_id, discussion_id) WHERE kind = 'reply' AND read_at IS NULL
    DO UPDATE SET reply_count = reply_count + 1, last_post_id = excluded.last_post_id, actor_id = excluded.actor_id, updated_at = excluded.updated_at, emailed_at = NULL
    RETURNING id`);
  ids.push(...rows.map((r) => r.id));
  return ids;
}

function markReadUpTo(tx: Tx | ReturnType<typeof db>, userId: number, discussionId: number, number: number) {
  tx.insert(readPositions)
    .values({ userId, discussionId, lastReadNumber: number })
    .onConflictDoUpdate({ target: [readPositions.userId, readPositions.discussionId], set: { lastReadNumber: sql`max(${readPositions.lastReadNumber}, excluded.last_read_number)` } })
    .run();
}

/** Remembers how far a member has read; never moves backwards. */
export function markRead(userId: number, discussionId: number, number: number) {
  markReadUpTo(db(), userId, discussionId, number);
}

export type ReplyProblem = "not_found" | "locked" | "duplicate" | "declaration_required";

/**
 * A reply from a member who may contribute; the same form submitted twice makes one post, even
 * when both arrive at once (the unique submission index settles a race between processes). A
 * supplier posting in a live procurement uses the declaration given, or the one they made before
 * for it; the declaration is remembered and the member's draft there deleted with the post.
 */
export function createReply(member: Member, discussionId: number, input: { bodyMd: string; submissionKey: string | null; interest?: InterestDeclaration | null }): Result<{ postId: number; number: number; notificationIds: number[] }, ReplyProblem> {
  const discussion = getDiscussion(discussionId);
  if (!discussion || !mayRead(member, discussion)) return err("not_found");
  if (!mayReply(member, { ...discussion, isLocked: false })) return err("not_found");
  if (!mayReply(member, discussion)) return err("locked");
  const liveIds = liveProcurementIds({ discussionId: discussion.id });
  const live = liveIds.length > 0;
  const declared = input.interest ?? (live ? rememberedDeclaration(member.id, liveIds) : null);
  if (!mayContributeDeclared(member, discussion, live, Boolean(declared))) return err("declaration_required");
  const interest = mustDeclareInterest(member, live) ? declared : null;
  if (input.submissionKey && postBySubmission(member.id, input.submissionKey)) return err("duplicate");
  try {
    return ok(
      db().transaction((tx) => {
        const added = addPost(tx, { discussion, authorId: member.id, bodyMd: input.bodyMd, submissionKey: input.submissionKey, interest });
        if (interest) rememberDeclaration(tx, member.id, liveIds, interest);
        deleteDraftIn(tx, member.id, { discussionId: discussion.id });
        queueNotificationMails(tx, added.notificationIds);
        return added;
      }),
    );
  } catch (error) {
    if (isSubmissionKeyClash(error)) return err("duplicate");
    throw error;
  }
}

/** Another process wrote a post with the same submission key between our check and our insert. */
export function isSubmissionKeyClash(error: unknown) {
  return error instanceof Error && (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" && /posts\.author_id, posts\.submission_key/.test(error.message);
}

/** The post a submission key made, so a repeated submission lands on the post it already made. */
export function postBySubmission(authorId: number, submissionKey: string) {
  return db().select({ id: posts.id, number: posts.number, discussionId: posts.discussionId }).from(posts).where(and(eq(posts.authorId, authorId), eq(posts.submissionKey, submissionKey))).get() ?? null;
}

export type PostView = {
  id: number;
  number: number;
  bodyHtml: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  helpfulCount: number;
  interest: InterestDeclaration | null;
  author: { id: number; name: string; handle: string; jobTitle: string; organisationName: string; organisationSlug: string; organisationKind: string };
  /** Whether the reader may open the earlier versions (author and moderators only), so others get no link. */
  mayReadRevisions: boolean;
  /** What the reader may do with this post, from the policy; the page only shows these. */
  may: PostMay;
  /** The reader's own helpful mark and report. */
  markedHelpful: boolean;
  reportedByMe: boolean;
};

export type PostMay = { edit: boolean; delete: boolean; quote: boolean; markHelpful: boolean; flag: boolean; moderate: boolean; accept: boolean };

/** A post as the policy's rules see it. */
function postFacts(r: { authorId: number; number: number; deletedAt: Date | null; hiddenAt: Date | null }, discussion: Pick<Discussion, "audience" | "isLocked" | "ownerKind" | "postCount">) {
  return { authorId: r.authorId, number: r.number, deletedAt: r.deletedAt, hiddenAt: r.hiddenAt, discussion };
}

/**
 * A post's row as read: an array, not an object, because better-sqlite3 builds an object's
 * properties one call at a time (19 columns by 25 posts made the statement 60 % dearer, issue
 * 13). Times are in seconds; the reader's own helpful mark and report are 1 or 0.
 */
type PostRow = [
  id: number,
  number: number,
  bodyHtml: string,
  createdAt: number,
  editedAt: number | null,
  deletedAt: number | null,
  hiddenAt: number | null,
  hiddenReason: string | null,
  helpfulCount: number,
  interest: InterestDeclaration | null,
  authorId: number,
  authorName: string,
  authorHandle: string,
  authorJobTitle: string,
  organisationName: string,
  organisationSlug: string,
  organisationKind: string,
  markedHelpful: number,
  reportedByMe: number,
];

/**
 * Removed and hidden posts keep their place; their text reaches only moderators (hidden) or nobody
 * (removed). The view is built whole, in one literal: spreading a view into a new object that
 * adds fields (`{ ...view, markedHelpful }`) made V8 keep every post of the page through a
 * young-generation collection and promote it (issue 13: about 12 KB a thread page, all collected
 * later by full mark-compacts).
 */
function toView(row: PostRow, member: Member, discussion: Discussion): PostView {
  const [id, number, bodyHtml, createdAt, editedAt, deletedSeconds, hiddenSeconds, hiddenReason, helpfulCount, interest, authorId, name, handle, jobTitle, organisationName, organisationSlug, organisationKind, markedHelpful, reportedByMe] = row;
  const deletedAt = dateOf(deletedSeconds);
  const hiddenAt = dateOf(hiddenSeconds);
  const post = postFacts({ authorId, number, deletedAt, hiddenAt }, discussion);
  return {
    id,
    number,
    bodyHtml: mayReadPostText(member, post) ? bodyHtml : "",
    createdAt: dateOf(createdAt),
    editedAt: dateOf(editedAt),
    deletedAt,
    hiddenAt,
    hiddenReason,
    helpfulCount,
    interest,
    author: { id: authorId, name, handle, jobTitle, organisationName, organisationSlug, organisationKind },
    mayReadRevisions: Boolean(editedAt) && mayReadRevisions(member, { authorId, audience: discussion.audience }),
    // Accepting depends on the thread; threadPage fills it in.
    may: { edit: mayEdit(member, post), delete: mayDelete(member, post), quote: mayQuote(member, post), markHelpful: mayMarkHelpful(member, post), flag: mayFlag(member, post), moderate: mayModerate(member, discussion), accept: false },
    markedHelpful: markedHelpful === 1,
    reportedByMe: reportedByMe === 1,
  };
}

/**
 * One page of a discussion's posts by number range (an index lookup, whatever the length of the
 * discussion), with the member's own helpful marks and reports: one prepared statement, its rows
 * made into views by hand. (Keeping the rows between requests, as the lists are, paid only while
 * every page fitted: with room for a third of the benchmark's pages, the page cost 6 % more.)
 */
export function listPostsPage(member: Member, discussion: Discussion, page: number, options: { fromNumber?: number; count?: number } = {}) {
  const first = options.fromNumber ?? (page - 1) * POSTS_PER_PAGE + 1;
  const rows = db().$client.prepare(`
    SELECT p.id, p.number, p.body_html, p.created_at, p.edited_at, p.deleted_at, p.hidden_at, p.hidden_reason, p.helpful_count, p.interest,
      u.id, u.name, u.handle, u.job_title, o.name, o.slug, o.kind,
      EXISTS (SELECT 1 FROM post_helpful_marks m WHERE m.post_id = p.id AND m.user_id = ?),
      EXISTS (SELECT 1 FROM flags f WHERE f.post_id = p.id AND f.user_id = ?)
    FROM posts p JOIN users u ON u.id = p.author_id JOIN organisations o ON o.id = u.organisation_id
    WHERE p.discussion_id = ? AND p.number BETWEEN ? AND ?
    ORDER BY p.number`)
    .raw(true)
    .all(member.id, member.id, discussion.id, first, first + (options.count ?? POSTS_PER_PAGE) - 1) as PostRow[];
  return rows.map((row) => toView(row, member, discussion));
}

/** The page post `number` is on; the last post's number gives the count of pages. */
export function pageOfNumber(number: number) {
  return pageCount(number, POSTS_PER_PAGE);
}

/** A post with its discussion, or null when missing or not readable by this member. */
export function getPostForMember(member: Member, postId: number) {
  const row = db()
    .select({ post: posts, discussion: { id: discussions.id, ownerKind: discussions.ownerKind, audience: discussions.audience, isLocked: discussions.isLocked, postCount: discussions.postCount, lastPostNumber: discussions.lastPostNumber } })
    .from(posts)
    .innerJoin(discussions, eq(discussions.id, posts.discussionId))
    .where(eq(posts.id, postId))
    .get();
  if (!row || !mayRead(member, row.discussion)) return null;
  if (row.discussion.ownerKind === "template" && !mayReadTemplate(member, { audience: row.discussion.audience, withdrawnAt: templateWithdrawnAt(row.discussion.id) })) return null;
  return row;
}

/** A withdrawn template's discussion is hidden with it (mayReadTemplate). */
function templateWithdrawnAt(discussionId: number) {
  const row = db().get<{ at: number | null }>(sql`SELECT withdrawn_at AS at FROM templates WHERE discussion_id = ${discussionId}`);
  return row?.at ? new Date(row.at * 1000) : null;
}

/**
 * Markdown that quotes a post with attribution, for the reply box: the whole post, or only the
 * words the member selected in it (`selection`, as the browser gives it). Removed or hidden posts
 * cannot be quoted; a post outside `discussionId` (when given) or unreadable gives "".
 */
export function quoteFor(member: Member, postId: number, options: { discussionId?: number; selection?: string } = {}) {
  const found = getPostForMember(member, postId);
  if (!found || (options.discussionId !== undefined && found.discussion.id !== options.discussionId) || !mayQuote(member, postFacts(found.post, found.discussion))) return "";
  const author = db().select({ handle: users.handle, name: users.name }).from(users).where(eq(users.id, found.post.authorId)).get()!;
  const text = options.selection?.trim() ? options.selection.trim().slice(0, BODY_QUOTE_MAX) : found.post.bodyMd;
  const quoted = text.split("\n").map((line) => `> ${line}`.trimEnd()).join("\n");
  return `> **${author.name.replace(/[*_[\]]/g, "")}** (@${author.handle}) wrote in [post ${found.post.number}](/posts/${postId}):\n>\n${quoted}\n\n`;
}

/** A selection longer than this is quoted cut short: a quote is a pointer, not a copy. */
const BODY_QUOTE_MAX = 5_000;

export type EditProblem = "not_found" | "forbidden" | "locked" | "declaration_required";

/**
 * Whether this member must declare an interest to change this post: its author, on the supplier
 * side, while it is linked to a partnership in procurement (as for posting). A moderator changing
 * someone else's post declares nothing.
 */
export function mustDeclareToChange(member: Member, post: { authorId: number; discussionId: number }) {
  return post.authorId === member.id && mustDeclareInterest(member, isLinkedToLiveProcurement({ discussionId: post.discussionId }));
}

/**
 * The edit page of a post: for its author and moderators of its audience, with what they may do
 * (`may.edit`, `may.delete`) and whether they must declare an interest; null for anyone else and
 * for a removed post. The author of a post in a locked discussion still gets the page, so saving
 * says why it is refused.
 */
export function getPostToEdit(member: Member, postId: number) {
  const found = getPostForMember(member, postId);
  if (!found || found.post.deletedAt) return null;
  const post = postFacts(found.post, found.discussion);
  const own = isAuthor(member, post);
  if (!own && !mayEdit(member, post)) return null;
  return { post: found.post, discussion: found.discussion, isOwn: own, mustDeclare: mustDeclareToChange(member, found.post), may: { edit: mayEdit(member, post), delete: mayDelete(member, post) } };
}

/**
 * Replaces a post's text, keeping the old text as a revision and adding it to the engagement
 * record. Authors edit their own (declaring their interest during a procurement); moderators any
 * they may read.
 */
export function editPost(member: Member, postId: number, bodyMd: string, ip: string, interest: InterestDeclaration | null = null): Result<{ discussionId: number; number: number }, EditProblem> {
  const found = getPostForMember(member, postId);
  if (!found || found.post.deletedAt) return err("not_found");
  const post = postFacts(found.post, found.discussion);
  const byAuthor = isAuthor(member, post);
  if (!mayEdit(member, post)) return err(byAuthor && found.discussion.isLocked ? "locked" : "forbidden");
  const declare = byAuthor && mustDeclareToChange(member, found.post);
  if (declare && !interest) return err("declaration_required");
  const { bodyHtml } = renderPost(bodyMd);
  db().transaction((tx) => {
    const at = new Date();
    tx.insert(postRevisions).values({ postId, bodyMd: found.post.bodyMd, bodyHtml: found.post.bodyHtml, renderVersion: found.post.renderVersion, editorId: member.id, replacedAt: at }).run();
    tx.update(posts).set({ bodyMd, bodyHtml, renderVersion: RENDER_VERSION, editedAt: at, ...(declare ? { interest } : {}) }).where(eq(posts.id, postId)).run();
    recordEngagement(tx, "edited", { postId }, { actorId: byAuthor ? null : member.id, at });
    if (!byAuthor) recordAudit({ actorId: member.id, action: "post_edited_by_moderator", targetType: "post", targetId: postId, ip }, tx);
  });
  return ok({ discussionId: found.discussion.id, number: found.post.number });
}

/**
 * Soft delete by the author: the post shows as removed; moderators can still see it in
 * revisions, and the engagement record keeps its text. During a procurement a supplier declares
 * its interest first, as for posting.
 */
export function deleteOwnPost(member: Member, postId: number, interest: InterestDeclaration | null = null): Result<{ discussionId: number; number: number }, EditProblem> {
  const found = getPostForMember(member, postId);
  if (!found || found.post.deletedAt) return err("not_found");
  if (!mayDelete(member, postFacts(found.post, found.discussion))) return err("forbidden");
  const declare = mustDeclareToChange(member, found.post);
  if (declare && !interest) return err("declaration_required");
  db().transaction((tx) => {
    const at = new Date();
    tx.update(posts).set({ deletedAt: at, ...(declare ? { interest } : {}) }).where(eq(posts.id, postId)).run();
    recordEngagement(tx, "deleted", { postId }, { at });
  });
  return ok({ discussionId: found.discussion.id, number: found.post.number });
}

/**
 * The revisions of a post, oldest first, for its author and moderators only (mayReadRevisions);
 * null for anyone else, as for a missing post. A purged revision keeps its place with no text.
 */
export function listRevisions(member: Member, postId: number) {
  const found = getPostForMember(member, postId);
  if (!found || !mayReadRevisions(member, { authorId: found.post.authorId, audience: found.discussion.audience })) return null;
  const revisions = db().select({ id: postRevisions.id, bodyHtml: postRevisions.bodyHtml, replacedAt: postRevisions.replacedAt, purgedAt: postRevisions.purgedAt, editorName: users.name })
    .from(postRevisions).innerJoin(users, eq(users.id, postRevisions.editorId))
    .where(eq(postRevisions.postId, postId)).orderBy(asc(postRevisions.id)).limit(100).all();
  return { post: found.post, discussion: found.discussion, revisions, may: { purge: mayPurgeRevision(member, found.discussion) } };
}

/** One unpurged revision of a post for the purge confirmation page, or null unless the member may purge it. */
export function getRevisionToPurge(member: Member, postId: number, revisionId: number) {
  const found = getPostForMember(member, postId);
  if (!found || !mayPurgeRevision(member, found.discussion)) return null;
  const revision = db().select({ id: postRevisions.id, bodyHtml: postRevisions.bodyHtml, replacedAt: postRevisions.replacedAt, editorName: users.name })
    .from(postRevisions).innerJoin(users, eq(users.id, postRevisions.editorId))
    .where(and(eq(postRevisions.id, revisionId), eq(postRevisions.postId, postId), isNull(postRevisions.purgedAt))).get();
  return revision ? { postId, revision } : null;
}

/**
 * Deletes the text of an earlier version (an accidental disclosure), leaving a dated marker, and
 * audit-logs it in the same transaction. The text is overwritten on disk (secure_delete) rather
 * than left in a free page, and the write-ahead log is emptied of older copies. Search holds only
 * a post's current text, so it dropped this version's words when the post was edited.
 */
export function purgeRevision(member: Member, postId: number, revisionId: number, ip: string): Result<{ postId: number }, "not_found"> {
  if (!getRevisionToPurge(member, postId, revisionId)) return err("not_found");
  const client = db().$client;
  const before = client.pragma("secure_delete", { simple: true });
  client.pragma("secure_delete = ON");
  try {
    const purged = db().transaction((tx) => {
      const changed = tx.update(postRevisions).set({ bodyMd: "", bodyHtml: "", purgedAt: new Date(), purgedById: member.id })
        .where(and(eq(postRevisions.id, revisionId), eq(postRevisions.postId, postId), isNull(postRevisions.purgedAt))).run();
      if (changed.changes !== 1) return false;
      recordAudit({ actorId: member.id, action: "post_revision_purged", targetType: "post", targetId: postId, ip, detail: `revision ${revisionId}` }, tx);
      return true;
    });
    if (!purged) return err("not_found");
    // Earlier copies of the page sit in the write-ahead log until it is reset; a purge is rare enough to pay for that.
    client.pragma("wal_checkpoint(TRUNCATE)");
    return ok({ postId });
  } finally {
    client.pragma(`secure_delete = ${before ? "ON" : "OFF"}`);
  }
}

/** Once per member per post, never one's own; the count moves in the same transaction. */
export function markHelpful(member: Member, postId: number): Result<{ discussionId: number; number: number }, "not_found" | "own" | "already"> {
  const found = getPostForMember(member, postId);
  if (!found || found.post.deletedAt || found.post.hiddenAt) return err("not_found");
  if (!mayMarkHelpful(member, postFacts(found.post, found.discussion))) return err("own");
  const added = db().transaction((tx) => {
    const r = tx.insert(postHelpfulMarks).values({ postId, userId: member.id }).onConflictDoNothing().run();
    if (r.changes === 1) tx.update(posts).set({ helpfulCount: sql`${posts.helpfulCount} + 1` }).where(eq(posts.id, postId)).run();
    return r.changes === 1;
  });
  return added ? ok({ discussionId: found.discussion.id, number: found.post.number }) : err("already");
}

/** Takes back one's own helpful mark; the count moves in the same transaction. Undoing twice changes nothing. */
export function unmarkHelpful(member: Member, postId: number): Result<{ discussionId: number; number: number }, "not_found"> {
  const found = getPostForMember(member, postId);
  if (!found) return err("not_found");
  db().transaction((tx) => {
    const r = tx.delete(postHelpfulMarks).where(and(eq(postHelpfulMarks.postId, postId), eq(postHelpfulMarks.userId, member.id))).run();
    if (r.changes === 1) tx.update(posts).set({ helpfulCount: sql`max(${posts.helpfulCount} - 1, 0)` }).where(eq(posts.id, postId)).run();
  });
  return ok({ discussionId: found.discussion.id, number: found.post.number });
}

export function setWatching(member: Member, discussion: Discussion, isWatching: boolean) {
  db().insert(watches).values({ userId: member.id, discussionId: discussion.id, isWatching }).onConflictDoUpdate({ target: [watches.userId, watches.discussionId], set: { isWatching } }).run();
}

export type MemberDiscussionState = { isWatching: boolean; lastReadNumber: number; draftMd: string | null; hasUnreadNotifications: boolean };

/**
 * Whether the member watches, how far they have read, their draft reply and whether notifications
 * about it wait unread: one statement (the thread page reads the same in its own).
 */
export function memberDiscussionState(memberId: number, discussionId: number): MemberDiscussionState {
  const row = db().get<{ watching: number | null; lastRead: number | null; draft: string | null; unread: number }>(sql`
    SELECT (SELECT is_watching FROM watches WHERE user_id = ${memberId} AND discussion_id = ${discussionId}) AS watching,
           (SELECT last_read_number FROM read_positions WHERE user_id = ${memberId} AND discussion_id = ${discussionId}) AS lastRead,
           (SELECT body_md FROM drafts WHERE user_id = ${memberId} AND discussion_id = ${discussionId}) AS draft,
           EXISTS (SELECT 1 FROM notifications WHERE user_id = ${memberId} AND discussion_id = ${discussionId} AND read_at IS NULL) AS unread`);
  return { isWatching: row?.watching === 1, lastReadNumber: row?.lastRead ?? 0, draftMd: row?.draft ?? null, hasUnreadNotifications: row?.unread === 1 };
}


/**
 * The page a post lives on, whatever owns its discussion, for links that name only the post
 * (notifications, quotes, e-mails). Null when missing or not readable.
 */
export function locatePost(member: Member, postId: number): string | null {
  const row = db().get<{ number: number; ownerKind: DiscussionOwner; audience: Audience; threadId: number | null; threadSlug: string | null; lessonId: number | null; templateId: number | null }>(sql`
    SELECT p.number AS number, d.owner_kind AS ownerKind, d.audience AS audience,
      (SELECT id FROM threads WHERE discussion_id = d.id) AS threadId,
      (SELECT slug FROM threads WHERE discussion_id = d.id) AS threadSlug,
      (SELECT id FROM lessons WHERE discussion_id = d.id) AS lessonId,
      (SELECT id FROM templates WHERE discussion_id = d.id) AS templateId
    FROM posts p JOIN discussions d ON d.id = p.discussion_id WHERE p.id = ${postId}`);
  if (!row || !mayRead(member, row)) return null;
  if (row.ownerKind === "template" && !getPostForMember(member, postId)) return null;
  const page = pageOfNumber(row.number);
  const query = `${page > 1 ? `?page=${page}` : ""}#post-${row.number}`;
  if (row.ownerKind === "thread" && row.threadId) return `/threads/${row.threadId}/${row.threadSlug}${query}`;
  if (row.ownerKind === "lesson" && row.lessonId) return `/lessons/${row.lessonId}${query}`;
  if (row.ownerKind === "template" && row.templateId) return `/library/${row.templateId}${query}`;
  return null;
}

/**
 * Re-renders posts made by an older Markdown pipeline (render_version below RENDER_VERSION), in
 * batches so a large forum never holds the write lock for long. Returns how many were re-rendered.
 */
export function rebakePosts(options: { batchSize?: number; all?: boolean } = {}) {
  const batchSize = options.batchSize ?? 500;
  let done = 0;
  let afterId = 0;
  for (;;) {
    const batch = db()
      .select({ id: posts.id, bodyMd: posts.bodyMd })
      .from(posts)
      .where(and(sql`${posts.id} > ${afterId}`, options.all ? undefined : sql`${posts.renderVersion} < ${RENDER_VERSION}`))
      .orderBy(asc(posts.id))
      .limit(batchSize)
      .all();
    if (batch.length === 0) return done;
    db().transaction((tx) => {
      for (const post of batch) tx.update(posts).set({ bodyHtml: renderStoredPost(post.bodyMd, tx), renderVersion: RENDER_VERSION }).where(eq(posts.id, post.id)).run();
    });
    done += batch.length;
    afterId = batch.at(-1)!.id;
  }
}

/**
 * A page of a discussion for the member, with their state and what they may do: the posts (each
 * with its may flags), the pager, watching and read position, and the reply form's needs. Marks
 * the page read (a write only when the page goes beyond the member's read position). `state` is
 * the member's watching and read position, and `liveIds` the discussion's partnerships in a live
 * procurement, when the caller already read them in its own statement.
 * Null when the page is past the end.
 */
export function discussionPage(member: Member, discussion: Discussion, options: { page: number; quoteId?: number; state?: MemberDiscussionState; liveIds?: number[] }) {
  const page = options.page;
  const pages = pageOfNumber(discussion.lastPostNumber);
  if (page > pages) return null;
  const state = options.state ?? memberDiscussionState(member.id, discussion.id);
  const posts = listPostsPage(member, discussion, page);
  const lastOnPage = posts.at(-1)?.number ?? 0;
  if (lastOnPage > state.lastReadNumber) {
    markRead(member.id, discussion.id, lastOnPage);
    // Having read this far, the member has seen what the notifications about these posts say.
    if (state.hasUnreadNotifications) markNotificationsRead(member, { discussionId: discussion.id, readTo: lastOnPage });
  }
  const quoteId = options.quoteId ?? 0;
  const liveIds = options.liveIds ?? liveProcurementIds({ discussionId: discussion.id });
  const mustDeclare = mustDeclareInterest(member, liveIds.length > 0);
  return {
    posts,
    page,
    pages,
    isWatching: state.isWatching,
    firstUnread: state.lastReadNumber < discussion.lastPostNumber ? state.lastReadNumber + 1 : null,
    mayModerate: mayModerate(member, discussion),
    mayReply: mayReply(member, discussion),
    isLocked: discussion.isLocked,
    mustDeclare,
    declared: mustDeclare ? rememberedDeclaration(member.id, liveIds) : null,
    quote: Number.isInteger(quoteId) && quoteId > 0 ? quoteFor(member, quoteId, { discussionId: discussion.id }) : "",
    draft: mayReply(member, discussion) ? (state.draftMd ?? "") : "",
    discussionId: discussion.id,
    submissionKey: randomUUID(),
  };
}
