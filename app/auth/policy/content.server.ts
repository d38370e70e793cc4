/**
 * Content and discussions: who reads, starts, replies, edits, deletes, accepts, moderates and
 * widens. Each rule is asked about the thing itself (a post, a thread, a discussion); the SQL
 * twins below are the same rules for lists and search, proved equal in test/unit/policy.test.ts.
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { AUDIENCES, type Audience, type DiscussionOwner, type ThreadKind } from "~/lib/fixed-lists";
import { can, isActive, isPolicingSide, POLICING_KINDS, type Actor } from "./rules.server";

/** A discussion as the rules see it: whose audience, and whether a moderator locked it. */
export type DiscussionFacts = { audience: Audience; isLocked: boolean; ownerKind?: DiscussionOwner; postCount?: number };

/** A post as the rules see it, with its discussion. */
export type PostFacts = { authorId: number; number: number; deletedAt: Date | null; hiddenAt: Date | null; discussion: DiscussionFacts };

export function mayRead(actor: Actor | null, item: { audience: Audience }) {
  return can(actor, { do: "read", audience: item.audience });
}

export function mayModerate(actor: Actor | null, item: { audience: Audience }) {
  return can(actor, { do: "moderate", audience: item.audience });
}

/** Hiding, restoring or dismissing reports on a post: moderators of its discussion's audience. */
export function mayModeratePost(actor: Actor | null, post: { discussion: { audience: Audience } }) {
  return mayModerate(actor, post.discussion);
}

/** Locking, pinning or moving a thread to another space: moderators of its audience. */
export function mayModerateThread(actor: Actor | null, thread: { audience: Audience }) {
  return mayModerate(actor, thread);
}

/** Starting something (a thread, a lesson, a template) of this audience. */
export function mayContribute(actor: Actor | null, item: { audience: Audience }) {
  return can(actor, { do: "contribute", audience: item.audience });
}

/** Archived spaces are not listed and take no new threads; their threads stay readable by link. */
export function mayListSpace(actor: Actor | null, space: { audience: Audience; isArchived: boolean }) {
  return mayRead(actor, space) && !space.isArchived;
}

export function mayStartThread(actor: Actor | null, space: { audience: Audience; isArchived: boolean }) {
  return mayContribute(actor, space) && !space.isArchived;
}

/** A locked discussion takes replies from its moderators only. */
export function mayReply(actor: Actor | null, discussion: DiscussionFacts) {
  return mayContribute(actor, discussion) && (!discussion.isLocked || mayModerate(actor, discussion));
}

/** A hidden post's text reaches moderators of its audience only; a removed post's reaches nobody. */
export function mayReadPostText(actor: Actor | null, post: Pick<PostFacts, "deletedAt" | "hiddenAt" | "discussion">) {
  if (post.deletedAt || !mayRead(actor, post.discussion)) return false;
  return !post.hiddenAt || mayModerate(actor, post.discussion);
}

/**
 * Changing a post's text: its author while the post is neither hidden nor in a locked
 * discussion; moderators of its audience always. Removed posts are never edited.
 */
export function mayEdit(actor: Actor | null, post: PostFacts) {
  if (post.deletedAt) return false;
  if (mayModerate(actor, post.discussion)) return true;
  return can(actor, { do: "editOwn", audience: post.discussion.audience, authorId: post.authorId }) && !post.hiddenAt && !post.discussion.isLocked;
}

/** Whether the edit is the author's own (engagement record) rather than a moderator's (audit log). */
export function isAuthor(actor: Actor | null, post: { authorId: number; discussion: { audience: Audience } }) {
  return can(actor, { do: "editOwn", audience: post.discussion.audience, authorId: post.authorId });
}

/**
 * Removing one's own post: its author only. A thread's first post stays while it has replies,
 * or the replies would answer nothing.
 */
export function mayDelete(actor: Actor | null, post: PostFacts) {
  if (post.deletedAt || !isAuthor(actor, post)) return false;
  return !(post.number === 1 && post.discussion.ownerKind === "thread" && (post.discussion.postCount ?? 0) > 1);
}

/** Marking a reply the accepted answer of a question: the asker or a moderator; never the question itself, a removed or a hidden post. */
export function mayAccept(actor: Actor | null, thread: { kind: ThreadKind; authorId: number; audience: Audience }, post?: Pick<PostFacts, "number" | "deletedAt" | "hiddenAt">) {
  if (thread.kind !== "question" || !mayRead(actor, thread)) return false;
  if (actor!.id !== thread.authorId && !mayModerate(actor, thread)) return false;
  return !post || (post.number > 1 && !post.deletedAt && !post.hiddenAt);
}

/** Helpful marks: readers of a visible post that is not their own. */
export function mayMarkHelpful(actor: Actor | null, post: Pick<PostFacts, "authorId" | "deletedAt" | "hiddenAt" | "discussion">) {
  return mayRead(actor, post.discussion) && !post.deletedAt && !post.hiddenAt && actor!.id !== post.authorId;
}

/** "Useful" marks on a lesson: its readers, never its author. */
export function mayMarkLessonUseful(actor: Actor | null, lesson: { audience: Audience; authorId: number }) {
  return mayRead(actor, lesson) && actor!.id !== lesson.authorId;
}

/** Writing a lesson: every active member (suppliers for all members only, as mayContribute says). */
export function mayWriteLesson(actor: Actor | null) {
  return mayContribute(actor, { audience: "members" });
}

/** Editing a lesson: its author, or a moderator of its audience. */
export function mayEditLesson(actor: Actor | null, lesson: { audience: Audience; authorId: number }) {
  return can(actor, { do: "editOwn", audience: lesson.audience, authorId: lesson.authorId }) || mayModerate(actor, lesson);
}

/** Quoting: a visible post in a discussion the member may reply to. */
export function mayQuote(actor: Actor | null, post: Pick<PostFacts, "deletedAt" | "hiddenAt" | "discussion">) {
  return mayReply(actor, post.discussion) && !post.deletedAt && !post.hiddenAt;
}

/**
 * Changing a thread's details after publishing (title, kind, service areas, linked partnerships):
 * its author while the discussion is open, and moderators of its audience always.
 */
export function mayEditThreadDetails(actor: Actor | null, thread: { authorId: number; discussion: DiscussionFacts }) {
  if (mayModerate(actor, thread.discussion)) return true;
  return can(actor, { do: "editOwn", audience: thread.discussion.audience, authorId: thread.authorId }) && !thread.discussion.isLocked;
}

/**
 * Drafts are their author's alone, and listed only while the author may still read where they
 * belong; this is the owner half, as SQL (the audience half is audienceReadableWhere).
 */
export function draftsOwnedWhere(actor: Actor | null, userColumn: SQLWrapper): SQL {
  return isActive(actor) ? sql`${userColumn} = ${actor.id}` : sql`0`;
}

/** Reporting a post to the moderators: any reader, of any post but their own. */
export function mayFlag(actor: Actor | null, post: Pick<PostFacts, "authorId" | "discussion">) {
  return mayRead(actor, post.discussion) && actor!.id !== post.authorId;
}

/**
 * Earlier versions of a post keep what its author took out, such as a figure disclosed by mistake,
 * so only the author and moderators of its audience may read them (issue 11, item 14). Asked
 * about the post; a miss reads as "not found".
 */
export function mayReadRevisions(actor: Actor | null, post: { authorId: number; audience: Audience }) {
  return can(actor, { do: "editOwn", audience: post.audience, authorId: post.authorId }) || can(actor, { do: "moderate", audience: post.audience });
}

/** Deleting the text of an earlier version, to undo an accidental disclosure: moderators of the post's audience. */
export function mayPurgeRevision(actor: Actor | null, post: { audience: Audience }) {
  return can(actor, { do: "moderate", audience: post.audience });
}

/**
 * Opening policing-only content (a thread moved, a lesson or template edited) to every member.
 * One rule for all three: never while it is linked to a live procurement; otherwise policing-side
 * moderators, and the content's own side: its author, or for a template a colleague in the
 * uploader's organisation. (A thread is only widened by moving it, which moderators do.)
 */
export function mayWiden(actor: Actor | null, item: { audience: Audience; authorId?: number; organisationId?: number }, inLiveProcurement: boolean) {
  return can(actor, { do: "widen", audience: item.audience, inLiveProcurement, authorId: item.authorId, organisationId: item.organisationId });
}

// ---- SQL twins: the same rules for lists and search -------------------------------------------

/**
 * The "read" rule as SQL over an audience column: `1` for the policing side, `column =
 * 'members'` for suppliers, `0` for guests and inactive accounts.
 */
export function audienceReadableWhere(actor: Actor | null, audienceColumn: SQLWrapper): SQL {
  if (!isActive(actor)) return sql`0`;
  if (isPolicingSide(actor)) return sql`1`;
  return sql`${audienceColumn} = 'members'`;
}

/** The moderate rule as SQL over an audience column. */
export function moderatableWhere(actor: Actor | null, audienceColumn: SQLWrapper): SQL {
  if (!isActive(actor) || !(actor.role === "moderator" || actor.role === "administrator")) return sql`0`;
  return audienceReadableWhere(actor, audienceColumn);
}

/** mayReadPostText as SQL: a post's text is found only by those who may read it on the page. */
export function postTextReadableWhere(actor: Actor | null, audienceColumn: SQLWrapper, deletedColumn: SQLWrapper, hiddenColumn: SQLWrapper): SQL {
  return sql`(${deletedColumn} IS NULL AND ${audienceReadableWhere(actor, audienceColumn)} AND (${hiddenColumn} IS NULL OR ${moderatableWhere(actor, audienceColumn)}))`;
}

/** mayListSpace as SQL: readable and not archived. */
export function spaceListedWhere(actor: Actor | null, audienceColumn: SQLWrapper, archivedColumn: SQLWrapper): SQL {
  return sql`(${audienceReadableWhere(actor, audienceColumn)} AND ${archivedColumn} = 0)`;
}

/**
 * The "read" rule from the other side: which members may read content of a given audience, as
 * SQL over a user's status and organisation-kind columns. Notifications and mentions use it, so
 * nobody is told about content they may not open.
 */
export function readersOfAudienceWhere(audience: Audience, statusColumn: SQLWrapper, kindColumn: SQLWrapper): SQL {
  const policing = sql.join([...POLICING_KINDS].map((k) => sql`${k}`), sql`, `);
  if (audience === "members") return sql`${statusColumn} = 'active'`;
  return sql`(${statusColumn} = 'active' AND ${kindColumn} IN (${policing}))`;
}

/**
 * The "read" rule over three columns at once, content audience × user status × organisation kind,
 * for queries that serve many recipients in one statement (the daily digest): true when that user
 * may read content of that audience. Built from readersOfAudienceWhere, so the two cannot drift.
 */
export function recipientMayReadWhere(audienceColumn: SQLWrapper, statusColumn: SQLWrapper, kindColumn: SQLWrapper): SQL {
  const branches = AUDIENCES.map((audience) => sql`(${audienceColumn} = ${audience} AND ${readersOfAudienceWhere(audience, statusColumn, kindColumn)})`);
  return sql`(${sql.join(branches, sql` OR `)})`;
}

/**
 * A search index row as SQL (issue 15): its audience column and its `restricted` flag, which the
 * index's triggers set for a hidden post and for a withdrawn template or a post under one. The
 * same rule as postTextReadableWhere and templateVisibleWhere; removed posts are never indexed.
 */
export function searchEntryReadableWhere(actor: Actor | null, audienceColumn: SQLWrapper, restrictedColumn: SQLWrapper): SQL {
  return sql`(${audienceReadableWhere(actor, audienceColumn)} AND (${restrictedColumn} = 0 OR ${moderatableWhere(actor, audienceColumn)}))`;
}
