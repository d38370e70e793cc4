/**
 * Reports (flags) on posts and what moderators do about them: hide, restore, dismiss. Every
 * function takes the acting member and asks the policy; a moderator never reaches a post they may
 * not read, whether by id or through the queue, whose query filters by audience in SQL.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { audienceReadableWhere, isModeratorRole, mayApproveAccounts, mayFlag, mayModerate, mayModeratePost, mayOpenModeration, readersOfAudienceWhere, type Actor, type Member } from "~/auth/policy/index.server";
import { config } from "~/lib/env.server";
import { renderPlainExcerpt } from "~/lib/markdown.server";
import { FLAG_DETAILS_MAX, flagReasonLabel, HIDE_REASON_MAX, type FlagReason } from "~/lib/moderation";
import { err, ok, type Result } from "~/lib/result";
import { db, type Tx } from "../../db/client.server";
import { discussions, flags, organisations, posts, threads, users } from "../../db/schema";
import { queueBatchedMail } from "./mail-outbox.server";
import { countPendingAccounts } from "./members.server";
import type { Audience, DiscussionOwner } from "~/lib/fixed-lists";
import { recordAudit } from "./audit.server";
import { recordEngagement } from "./engagement-log.server";
import { getPostForMember, locatePost } from "./discussions.server";
import { queueNotificationMails } from "./notifications.server";

export const FLAG_QUEUE_PAGE_SIZE = 50;
/** Reports shown per post in the queue; the rest are counted. */
const REPORTS_SHOWN = 10;
const EXCERPT_LENGTH = 300;

export type PostSummary = {
  id: number;
  number: number;
  excerpt: string;
  bodyHtml: string;
  createdAt: Date;
  isDeleted: boolean;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  audience: Audience;
  ownerKind: DiscussionOwner;
  thread: { id: number; title: string } | null;
  author: { id: number; name: string; handle: string; organisationName: string };
};

const summaryColumns = {
  id: posts.id,
  number: posts.number,
  bodyMd: posts.bodyMd,
  bodyHtml: posts.bodyHtml,
  createdAt: posts.createdAt,
  deletedAt: posts.deletedAt,
  hiddenAt: posts.hiddenAt,
  hiddenReason: posts.hiddenReason,
  audience: discussions.audience,
  ownerKind: discussions.ownerKind,
  threadId: threads.id,
  threadTitle: threads.title,
  authorId: users.id,
  authorName: users.name,
  authorHandle: users.handle,
  organisationName: organisations.name,
};

function selectSummaries() {
  return db()
    .select(summaryColumns)
    .from(posts)
    .innerJoin(discussions, eq(discussions.id, posts.discussionId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .leftJoin(threads, eq(threads.discussionId, posts.discussionId));
}

type SummaryRow = ReturnType<ReturnType<typeof selectSummaries>["all"]>[number];

/** A removed post's text reaches nobody, moderators included. */
function toSummary(r: SummaryRow): PostSummary {
  const isDeleted = Boolean(r.deletedAt);
  return {
    id: r.id,
    number: r.number,
    excerpt: isDeleted ? "" : renderPlainExcerpt(r.bodyMd, EXCERPT_LENGTH),
    bodyHtml: isDeleted ? "" : r.bodyHtml,
    createdAt: r.createdAt,
    isDeleted,
    hiddenAt: r.hiddenAt,
    hiddenReason: r.hiddenReason,
    audience: r.audience,
    ownerKind: r.ownerKind,
    thread: r.threadId !== null && r.threadTitle !== null ? { id: r.threadId, title: r.threadTitle } : null,
    author: { id: r.authorId, name: r.authorName, handle: r.authorHandle, organisationName: r.organisationName },
  };
}

function summaryOf(postId: number) {
  const row = selectSummaries().where(eq(posts.id, postId)).get();
  return row ? toSummary(row) : null;
}

/** A report's reason as stored: the label, then the reporter's own words on the next lines. */
function storedReason(reason: FlagReason, details: string) {
  const label = flagReasonLabel(reason);
  return details ? `${label}\n${details}` : label;
}

function splitReason(stored: string) {
  const at = stored.indexOf("\n");
  return at === -1 ? { label: stored, details: "" } : { label: stored.slice(0, at), details: stored.slice(at + 1) };
}

function openFlagCount(postId: number) {
  return db().select({ n: sql<number>`count(*)` }).from(flags).where(and(eq(flags.postId, postId), isNull(flags.resolvedAt))).get()?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Reporting

export type PostToFlag = PostSummary & { isOwn: boolean; alreadyFlagged: boolean };

/**
 * The post a member wants to report, or null when it is missing, removed, or not readable by
 * them (a supplier asking for a policing-only post gets the same null as for a missing one).
 */
export function getPostToFlag(member: Member, postId: number): PostToFlag | null {
  const found = getPostForMember(member, postId);
  if (!found || found.post.deletedAt) return null;
  const summary = summaryOf(postId);
  if (!summary) return null;
  const mine = db().select({ id: flags.id }).from(flags).where(and(eq(flags.postId, postId), eq(flags.userId, member.id))).get();
  return { ...summary, isOwn: found.post.authorId === member.id, alreadyFlagged: Boolean(mine) };
}

export type FlagProblem = "not_found" | "own" | "already" | "hidden" | "invalid";

/** One report per member per post, never on one's own post nor on a post a moderator has already hidden. */
export function flagPost(member: Member, postId: number, input: { reason: FlagReason; details: string }): Result<{ flagId: number; location: string }, FlagProblem> {
  const found = getPostForMember(member, postId);
  if (!found || found.post.deletedAt) return err("not_found");
  if (!mayFlag(member, { authorId: found.post.authorId, discussion: found.discussion })) return err("own");
  if (found.post.hiddenAt) return err("hidden");
  const details = input.details.trim();
  if (details.length > FLAG_DETAILS_MAX || (input.reason === "other" && !details)) return err("invalid");
  const inserted = db().transaction((tx) => {
    const row = tx
      .insert(flags)
      .values({ postId, userId: member.id, reason: storedReason(input.reason, details) })
      .onConflictDoNothing({ target: [flags.postId, flags.userId] })
      .returning({ id: flags.id })
      .get();
    // The moderators who may read the post hear of it, gathered into one e-mail while it waits.
    if (row) queueModeratorMail(tx, found.discussion.audience);
    return row;
  });
  return inserted ? ok({ flagId: inserted.id, location: locatePost(member, postId) ?? `/posts/${postId}` }) : err("already");
}

// ---------------------------------------------------------------------------------------------
// The queue

export type Report = { id: number; label: string; details: string; at: Date; reporter: { name: string; handle: string; organisationName: string } };
export type FlaggedPost = PostSummary & { firstFlagId: number; firstReportedAt: Date; openCount: number; reports: Report[] };

/**
 * Posts with open reports that this moderator may read, the longest-waiting first, paged by the
 * id of each post's oldest open report (keyset: a later page costs the same as the first).
 * Suppliers' moderators never see reports on policing-only posts: the audience filter is in SQL.
 * Returns an empty page for members who may not moderate.
 */
export function listOpenFlags(member: Member, options: { after?: number } = {}): { posts: FlaggedPost[]; nextAfter: number | null } {
  if (!mayOpenModeration(member)) return { posts: [], nextAfter: null };
  const firstFlagId = sql<number>`min(${flags.id})`;
  const groups = db()
    .select({ postId: flags.postId, firstFlagId, openCount: sql<number>`count(*)`, firstReportedAt: sql<Date>`min(${flags.createdAt})`.mapWith(flags.createdAt) })
    .from(flags)
    .innerJoin(posts, eq(posts.id, flags.postId))
    .innerJoin(discussions, eq(discussions.id, posts.discussionId))
    .where(and(isNull(flags.resolvedAt), audienceReadableWhere(member, discussions.audience)))
    .groupBy(flags.postId)
    .having(options.after ? sql`min(${flags.id}) > ${options.after}` : undefined)
    .orderBy(asc(firstFlagId))
    .limit(FLAG_QUEUE_PAGE_SIZE + 1)
    .all();
  const page = groups.slice(0, FLAG_QUEUE_PAGE_SIZE);
  if (page.length === 0) return { posts: [], nextAfter: null };
  const ids = page.map((g) => g.postId);
  const summaries = new Map(selectSummaries().where(inArray(posts.id, ids)).all().map((r) => [r.id, toSummary(r)]));
  const idList = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const reportRows = db().all<{ id: number; postId: number; reason: string; createdAt: number; name: string; handle: string; organisationName: string }>(sql`
    SELECT id, postId, reason, createdAt, name, handle, organisationName FROM (
      SELECT flags.id AS id, flags.post_id AS postId, flags.reason AS reason, flags.created_at AS createdAt,
             users.name AS name, users.handle AS handle, organisations.name AS organisationName,
             row_number() OVER (PARTITION BY flags.post_id ORDER BY flags.id) AS n
      FROM flags JOIN users ON users.id = flags.user_id JOIN organisations ON organisations.id = users.organisation_id
      WHERE flags.resolved_at IS NULL AND flags.post_id IN (${idList})
    ) WHERE n <= ${REPORTS_SHOWN} ORDER BY id`);
  const reports = new Map<number, Report[]>();
  for (const r of reportRows) {
    const list = reports.get(r.postId) ?? [];
    list.push({ id: r.id, ...splitReason(r.reason), at: new Date(r.createdAt * 1000), reporter: { name: r.name, handle: r.handle, organisationName: r.organisationName } });
    reports.set(r.postId, list);
  }
  const flagged = page.flatMap((g) => {
    const summary = summaries.get(g.postId);
    return summary ? [{ ...summary, firstFlagId: g.firstFlagId, firstReportedAt: g.firstReportedAt, openCount: g.openCount, reports: reports.get(g.postId) ?? [] }] : [];
  });
  return { posts: flagged, nextAfter: groups.length > FLAG_QUEUE_PAGE_SIZE ? page.at(-1)!.firstFlagId : null };
}

/** Posts with open reports that this moderator may read (for the administration index). */
export function countOpenFlaggedPosts(member: Actor) {
  if (!mayOpenModeration(member)) return 0;
  return (
    db()
      .select({ n: sql<number>`count(DISTINCT ${flags.postId})` })
      .from(flags)
      .innerJoin(posts, eq(posts.id, flags.postId))
      .innerJoin(discussions, eq(discussions.id, posts.discussionId))
      .where(and(isNull(flags.resolvedAt), audienceReadableWhere(member, discussions.audience)))
      .get()?.n ?? 0
  );
}

// ---------------------------------------------------------------------------------------------
// Acting on a post

export type PostToModerate = PostSummary & { openFlagCount: number };

/** A post for the moderation page, or null when missing, or when the member may not moderate it. */
export function getPostToModerate(member: Member, postId: number): PostToModerate | null {
  const found = getPostForMember(member, postId);
  if (!found || !mayModeratePost(member, found)) return null;
  const summary = summaryOf(postId);
  return summary ? { ...summary, openFlagCount: openFlagCount(postId) } : null;
}

export type ModerationProblem = "not_found" | "already_hidden" | "not_hidden" | "no_open_flags" | "invalid";

function moderatable(member: Member, postId: number) {
  const found = getPostForMember(member, postId);
  return found && mayModeratePost(member, found) ? found : null;
}

/** Closes every open report on a post as one decision; returns who had reported it. */
function resolveOpenFlags(tx: Tx, postId: number, moderatorId: number, resolution: "hidden" | "dismissed" | "restored", at: Date) {
  return tx
    .update(flags)
    .set({ resolvedAt: at, resolvedBy: moderatorId, resolution })
    .where(and(eq(flags.postId, postId), isNull(flags.resolvedAt)))
    .returning({ userId: flags.userId })
    .all()
    .map((r) => r.userId);
}

/**
 * Tells members what a moderator decided about a post (issue 14): its reporters the outcome, its
 * author that it was hidden (the reason is on the post). Only members who may still read the
 * post's discussion are told, and the moderator is never told of their own decision.
 */
function tellOutcome(tx: Tx, post: { id: number; discussionId: number; audience: Audience }, moderatorId: number, kind: "report_upheld" | "report_dismissed" | "post_hidden", userIds: number[]) {
  const to = userIds.filter((id) => id !== moderatorId);
  if (to.length === 0) return;
  const rows = tx.all<{ id: number }>(sql`
    INSERT INTO notifications (user_id, kind, discussion_id, post_id, last_post_id, actor_id)
    SELECT users.id, ${kind}, ${post.discussionId}, ${post.id}, ${post.id}, ${moderatorId}
    FROM users JOIN organisations ON organisations.id = users.organisation_id
    WHERE users.id IN (${sql.join(to.map((id) => sql`${id}`), sql`, `)}) AND ${readersOfAudienceWhere(post.audience, users.status, organisations.kind)}
    RETURNING id`);
  queueNotificationMails(tx, rows.map((r) => r.id));
}

/**
 * Hides a post: readers see the reason in its place, moderators still see the text. Resolves its
 * open reports and writes the audit log in the same transaction. Refuses a post already hidden
 * (another moderator got there first), and a reason that is empty or too long.
 */
export function hidePost(member: Member, postId: number, reason: string, ip: string): Result<{ resolvedFlags: number }, ModerationProblem> {
  const found = moderatable(member, postId);
  if (!found) return err("not_found");
  const post = { id: postId, discussionId: found.discussion.id, audience: found.discussion.audience };
  const text = reason.trim();
  if (!text || text.length > HIDE_REASON_MAX) return err("invalid");
  return db().transaction((tx): Result<{ resolvedFlags: number }, ModerationProblem> => {
    const at = new Date();
    const changed = tx.update(posts).set({ hiddenAt: at, hiddenReason: text }).where(and(eq(posts.id, postId), isNull(posts.hiddenAt))).run().changes;
    if (changed === 0) return err("already_hidden");
    const reporters = resolveOpenFlags(tx, postId, member.id, "hidden", at);
    tellOutcome(tx, post, member.id, "report_upheld", reporters);
    tellOutcome(tx, post, member.id, "post_hidden", [found.post.authorId]);
    const resolvedFlags = reporters.length;
    recordEngagement(tx, "hidden", { postId }, { actorId: member.id, at });
    recordAudit({ actorId: member.id, action: "post_hidden", targetType: "post", targetId: postId, ip, detail: text }, tx);
    return ok({ resolvedFlags });
  });
}

/** Shows a hidden post again; resolves any open reports on it and writes the audit log, in one transaction. */
export function restorePost(member: Member, postId: number, ip: string): Result<{ resolvedFlags: number }, ModerationProblem> {
  const found = moderatable(member, postId);
  if (!found) return err("not_found");
  return db().transaction((tx): Result<{ resolvedFlags: number }, ModerationProblem> => {
    const at = new Date();
    const before = tx.select({ hiddenReason: posts.hiddenReason }).from(posts).where(and(eq(posts.id, postId), sql`${posts.hiddenAt} IS NOT NULL`)).get();
    if (!before) return err("not_hidden");
    tx.update(posts).set({ hiddenAt: null, hiddenReason: null }).where(eq(posts.id, postId)).run();
    const resolvedFlags = resolveOpenFlags(tx, postId, member.id, "restored", at).length;
    recordEngagement(tx, "restored", { postId }, { actorId: member.id, at });
    recordAudit({ actorId: member.id, action: "post_restored", targetType: "post", targetId: postId, ip, detail: `was hidden because: ${before.hiddenReason ?? ""}` }, tx);
    return ok({ resolvedFlags });
  });
}

/** The post stays as it is; its open reports are closed as dismissed, and the audit log says so. */
export function dismissFlags(member: Member, postId: number, ip: string): Result<{ resolvedFlags: number }, ModerationProblem> {
  const found = moderatable(member, postId);
  if (!found) return err("not_found");
  return db().transaction((tx): Result<{ resolvedFlags: number }, ModerationProblem> => {
    const reporters = resolveOpenFlags(tx, postId, member.id, "dismissed", new Date());
    const resolvedFlags = reporters.length;
    if (resolvedFlags === 0) return err("no_open_flags");
    tellOutcome(tx, { id: postId, discussionId: found.discussion.id, audience: found.discussion.audience }, member.id, "report_dismissed", reporters);
    recordAudit({ actorId: member.id, action: "flags_dismissed", targetType: "post", targetId: postId, ip, detail: `${resolvedFlags} ${resolvedFlags === 1 ? "report" : "reports"} dismissed; the post stays` }, tx);
    return ok({ resolvedFlags });
  });
}

// ---------------------------------------------------------------------------------------------
// Telling moderators there is work

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * E-mails the moderators and administrators who can act on new work (issue 14): a report on a
 * post of `audience` (moderators who may read it), or an account waiting for approval
 * (`audience` null: administrators). Each gets one e-mail per MAIL_BATCH_SECONDS, rewritten as
 * more arrives, stating what waits for them now; counts are theirs, filtered by audience in SQL,
 * so a supplier-side moderator never learns of a report on policing-only content. Members who
 * turned e-mail off get none. Runs in the caller's transaction, with the event.
 */
export function queueModeratorMail(tx: Tx, audience: Audience | null) {
  const staff = tx
    .select({ id: users.id, email: users.email, role: users.role, status: users.status, organisationId: users.organisationId, organisationKind: organisations.kind })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(inArray(users.role, audience === null ? ["administrator"] : ["moderator", "administrator"]), eq(users.status, "active"), sql`${users.notifyPreference} <> 'none'`))
    .limit(200)
    .all();
  const base = config().baseUrl;
  for (const m of staff) {
    if (audience !== null && !mayModerate(m, { audience })) continue;
    const reports = isModeratorRole(m) ? countOpenFlaggedPosts(m) : 0;
    const approvals = mayApproveAccounts(m) ? countPendingAccounts() : 0;
    const lines = [
      reports > 0 ? `${plural(reports, "reported post is", "reported posts are")} waiting for a moderator: ${base}/admin/flags` : null,
      approvals > 0 ? `${plural(approvals, "account is", "accounts are")} waiting for approval: ${base}/admin/approvals` : null,
    ].filter((l): l is string => l !== null);
    if (lines.length === 0) continue;
    queueBatchedMail(tx, {
      kind: "moderation",
      batchKey: `moderation:${m.id}`,
      delayMs: config().mailBatchMs,
      to: m.email,
      subject: `Waiting for you on Partnering Exchange: ${[reports > 0 ? plural(reports, "report", "reports") : null, approvals > 0 ? plural(approvals, "approval", "approvals") : null].filter(Boolean).join(" and ")}`,
      text: `New work has arrived for moderators on Partnering Exchange.\n\n${lines.join("\n")}\n\nChange how often you are e-mailed: ${base}/settings`,
    });
  }
}
