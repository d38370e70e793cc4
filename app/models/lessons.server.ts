/**
 * Lessons learned: structured posts about one or more partnerships (issue 7). Each Markdown
 * section is rendered once, at write time; each lesson owns a discussion whose replies go through
 * the shared post machinery in discussions.server.ts. Every list and count filters by audience in
 * SQL, so a supplier's facet counts never include a policing-only lesson.
 */
import { and, asc, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { audienceReadableWhere, isAuthor as isAuthorOf, mayContribute, mayEditLesson, mayLinkToPartnerships, mayMarkLessonUseful, mayRead, mayWiden, mayWriteLesson, type Member } from "~/auth/policy/index.server";
import { LESSON_FACETS, type LessonFacet, type LessonSort } from "~/lib/lessons";
import { RENDER_VERSION } from "~/lib/markdown.server";
import { err, ok, type Result } from "~/lib/result";
import { dateOf, db, sqlText, type Tx } from "../../db/client.server";
import {
  discussions,
  lessonPartnerships,
  lessons,
  lessonServiceAreas,
  lessonUsefulMarks,
  organisations,
  partnerships,
  terms,
  users,
  watches,
} from "../../db/schema";
import { LESSON_OUTCOMES, type Audience, type LessonOutcome, type PartnershipStatus } from "~/lib/fixed-lists";
import { recordAudit } from "./audit.server";
import { recordOwnerChange } from "./engagement-log.server";
import { isLinkedToLiveProcurement, isLiveStatus } from "./procurement.server";
import { discussionPage, renderPost, type Discussion } from "./discussions.server";
import { contentFormMay, listLinkablePartnerships, listServiceAreas } from "./vocabularies.server";
import { keptList } from "./kept-lists.server";

export const LESSONS_PER_PAGE = 20;
export const LESSON_SECTION_MAX = 20_000;
export const LESSON_SUMMARY_MAX = 280;


export type LessonInput = {
  title: string;
  summary: string;
  partnershipIds: number[];
  phaseId: number;
  serviceAreaIds: number[];
  outcome: LessonOutcome;
  audience: Audience;
  contextMd: string;
  workedMd: string;
  didNotWorkMd: string;
  recommendationMd: string;
};

/**
 * Why a lesson was not written. `supplier_live_procurement`: suppliers may not write (or edit) a
 * lesson about a partnership in procurement; `procurement`: policing-only content linked to one
 * cannot be widened to all members; `audience`: the author may not choose that audience.
 */
export type LessonProblem =
  | "not_found"
  | "forbidden"
  | "no_partnership"
  | "unknown_partnership"
  | "unknown_phase"
  | "unknown_service_area"
  | "audience"
  | "supplier_live_procurement"
  | "procurement";

/** The phases of the lesson_phase vocabulary, in their set order. */
export function listLessonPhases() {
  return db().select({ id: terms.id, slug: terms.slug, name: terms.name }).from(terms).where(eq(terms.vocabulary, "lesson_phase")).orderBy(asc(terms.position)).all();
}

/** Checks every referenced id exists in its list; tells whether any linked partnership is in procurement. */
function checkReferences(input: Pick<LessonInput, "partnershipIds" | "phaseId" | "serviceAreaIds">): Result<{ live: boolean }, LessonProblem> {
  const partnershipIds = [...new Set(input.partnershipIds)];
  if (partnershipIds.length === 0) return err("no_partnership");
  const found = db().select({ id: partnerships.id, status: partnerships.status }).from(partnerships).where(inArray(partnerships.id, partnershipIds)).all();
  if (found.length !== partnershipIds.length) return err("unknown_partnership");
  const phase = db().select({ id: terms.id }).from(terms).where(and(eq(terms.id, input.phaseId), eq(terms.vocabulary, "lesson_phase"))).get();
  if (!phase) return err("unknown_phase");
  const areaIds = [...new Set(input.serviceAreaIds)];
  if (areaIds.length > 0) {
    const areas = db().select({ id: terms.id }).from(terms).where(and(inArray(terms.id, areaIds), eq(terms.vocabulary, "service_area"))).all();
    if (areas.length !== areaIds.length) return err("unknown_service_area");
  }
  return ok({ live: found.some((p) => isLiveStatus(p.status)) });
}

/** Each section's Markdown to safe HTML (mentions of real members linked), once, at write time. */
function renderSections(input: Pick<LessonInput, "contextMd" | "workedMd" | "didNotWorkMd" | "recommendationMd">, reader: Tx | ReturnType<typeof db>) {
  const render = (md: string) => (md.trim() ? renderPost(md, reader).bodyHtml : "");
  return {
    contextHtml: render(input.contextMd),
    workedHtml: render(input.workedMd),
    didNotWorkHtml: render(input.didNotWorkMd),
    recommendationHtml: render(input.recommendationMd),
  };
}

/** What the Preview button shows: every section through the same pipeline as publishing. */
export function previewLessonSections(input: Pick<LessonInput, "contextMd" | "workedMd" | "didNotWorkMd" | "recommendationMd">) {
  const cut = (s: string) => s.slice(0, LESSON_SECTION_MAX);
  return renderSections({ contextMd: cut(input.contextMd), workedMd: cut(input.workedMd), didNotWorkMd: cut(input.didNotWorkMd), recommendationMd: cut(input.recommendationMd) }, db());
}

/**
 * Writes a lesson, its discussion, partnerships and service areas inside the caller's transaction
 * (also used by the demo seed). The author watches the discussion, so replies reach them.
 */
export function insertLesson(tx: Tx, input: LessonInput & { authorId: number; isDemo?: boolean; at?: Date }) {
  const at = input.at ?? new Date();
  const discussion = tx.insert(discussions).values({ ownerKind: "lesson", audience: input.audience, createdAt: at }).returning({ id: discussions.id }).get();
  const lesson = tx
    .insert(lessons)
    .values({
      discussionId: discussion.id,
      title: input.title,
      summary: input.summary,
      phaseId: input.phaseId,
      outcome: input.outcome,
      audience: input.audience,
      authorId: input.authorId,
      contextMd: input.contextMd,
      workedMd: input.workedMd,
      didNotWorkMd: input.didNotWorkMd,
      recommendationMd: input.recommendationMd,
      ...renderSections(input, tx),
      renderVersion: RENDER_VERSION,
      isDemo: input.isDemo ?? false,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: lessons.id })
    .get();
  for (const partnershipId of new Set(input.partnershipIds)) tx.insert(lessonPartnerships).values({ lessonId: lesson.id, partnershipId }).run();
  for (const termId of new Set(input.serviceAreaIds)) tx.insert(lessonServiceAreas).values({ lessonId: lesson.id, termId }).run();
  tx.insert(watches).values({ userId: input.authorId, discussionId: discussion.id, isWatching: true }).onConflictDoNothing().run();
  return { id: lesson.id, discussionId: discussion.id };
}

/**
 * A new lesson from this member, in one transaction. Refused when the member may not write for
 * that audience (suppliers write for all members only), when a partnership, phase or service area
 * is unknown, and, for suppliers, when a linked partnership is in procurement: lessons about a
 * live procurement are written by the policing side only until it ends (Procurement Act 2023,
 * equal treatment). A second identical submission within ten minutes returns the first lesson.
 */
export function createLesson(member: Member, input: LessonInput): Result<{ id: number }, LessonProblem> {
  if (!mayWriteLesson(member)) return err("not_found");
  if (!mayContribute(member, input)) return err("audience");
  const refs = checkReferences(input);
  if (!refs.ok) return refs;
  if (!mayLinkToPartnerships(member, refs.value.live)) return err("supplier_live_procurement");
  const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
  const same = db().select({ id: lessons.id }).from(lessons).where(and(eq(lessons.authorId, member.id), eq(lessons.title, input.title), eq(lessons.recommendationMd, input.recommendationMd), gt(lessons.createdAt, tenMinutesAgo))).get();
  if (same) return ok({ id: same.id });
  return ok(db().transaction((tx) => ({ id: insertLesson(tx, { ...input, authorId: member.id }).id })));
}

export type LessonTag = { slug: string; name: string };
export type LessonPartnershipTag = LessonTag & { id: number; status: PartnershipStatus | null };

/**
 * A lesson with its phase, author, service areas, partnerships, discussion and whether this member
 * has marked it useful, in two statements; null when missing or not readable by the member (the
 * same 404 either way).
 */
export function getLesson(member: Member, id: number) {
  const row = db()
    .select({
      lesson: lessons,
      phase: { id: terms.id, slug: terms.slug, name: terms.name },
      author: { id: users.id, name: users.name, handle: users.handle, jobTitle: users.jobTitle },
      organisation: { name: organisations.name, slug: organisations.slug },
      discussion: { id: discussions.id, ownerKind: discussions.ownerKind, audience: discussions.audience, isLocked: discussions.isLocked, postCount: discussions.postCount, lastPostNumber: discussions.lastPostNumber },
      markedUseful: sql<number>`EXISTS (SELECT 1 FROM lesson_useful_marks WHERE lesson_useful_marks.lesson_id = ${lessons.id} AND lesson_useful_marks.user_id = ${member.id})`.mapWith(Boolean),
    })
    .from(lessons)
    .innerJoin(terms, eq(terms.id, lessons.phaseId))
    .innerJoin(users, eq(users.id, lessons.authorId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .innerJoin(discussions, eq(discussions.id, lessons.discussionId))
    .where(eq(lessons.id, id))
    .get();
  if (!row || !mayRead(member, row.lesson)) return null;
  const tags = db().all<{ kind: "area" | "partnership"; id: number; slug: string; name: string; status: PartnershipStatus | null }>(sql`
    SELECT 'area' AS kind, terms.id AS id, terms.slug AS slug, terms.name AS name, NULL AS status
      FROM lesson_service_areas JOIN terms ON terms.id = lesson_service_areas.term_id
      WHERE lesson_service_areas.lesson_id = ${id}
    UNION ALL
    SELECT 'partnership', partnerships.id, partnerships.slug, partnerships.name, partnerships.status
      FROM lesson_partnerships JOIN partnerships ON partnerships.id = lesson_partnerships.partnership_id
      WHERE lesson_partnerships.lesson_id = ${id}
    ORDER BY 1, 4`);
  return {
    ...row,
    discussion: row.discussion satisfies Discussion,
    may: { edit: mayEditLesson(member, row.lesson), markUseful: mayMarkLessonUseful(member, row.lesson) },
    serviceAreas: tags.filter((t) => t.kind === "area").map(({ id, slug, name }) => ({ id, slug, name })),
    partnerships: tags.filter((t) => t.kind === "partnership").map(({ id, slug, name, status }) => ({ id, slug, name, status })) as LessonPartnershipTag[],
  };
}

export type LessonView = NonNullable<ReturnType<typeof getLesson>>;

/**
 * Everything the lesson page shows, from one call: the lesson and its sections, tags, the
 * member's may flags and useful mark, and the page of its discussion (posts with their own may
 * flags). Null when missing, unreadable or past the discussion's last page: the same 404.
 */
export function lessonPage(member: Member, id: number, options: { page: number; quoteId?: number }) {
  const found = getLesson(member, id);
  if (!found) return null;
  const discussion = discussionPage(member, found.discussion, options);
  if (!discussion) return null;
  const { lesson } = found;
  return {
    lesson: {
      id: lesson.id,
      title: lesson.title,
      summary: lesson.summary,
      outcome: lesson.outcome,
      audience: lesson.audience,
      isDemo: lesson.isDemo,
      usefulCount: lesson.usefulCount,
      createdAt: lesson.createdAt,
      updatedAt: lesson.updatedAt,
      sections: [
        { id: "context", heading: "Context", html: lesson.contextHtml },
        { id: "what-worked", heading: "What worked", html: lesson.workedHtml },
        { id: "what-did-not-work", heading: "What did not work", html: lesson.didNotWorkHtml },
        { id: "recommendation", heading: "Recommendation", html: lesson.recommendationHtml },
      ].filter((s) => s.html),
    },
    phase: found.phase.name,
    author: found.author,
    organisation: found.organisation,
    serviceAreas: found.serviceAreas,
    partnerships: found.partnerships,
    may: found.may,
    markedUseful: found.markedUseful,
    postCount: found.discussion.postCount,
    discussion,
  };
}

/** What the lesson form offers: partnerships, phases, service areas, and the choices the member may make. */
function lessonFormOptions(member: Member) {
  return { partnerships: listLinkablePartnerships(), phases: listLessonPhases(), areas: listServiceAreas(), may: contentFormMay(member) };
}

/** The "write a lesson" form's options, or null when the member may not write one. */
export function newLessonPage(member: Member) {
  return mayWriteLesson(member) ? lessonFormOptions(member) : null;
}

/**
 * The edit form of a lesson, filled in: `not_found` when the member cannot read it, `forbidden`
 * when they can but it is neither theirs nor theirs to moderate.
 */
export function lessonEditPage(member: Member, id: number) {
  const found = getLesson(member, id);
  if (!found) return err("not_found");
  if (!found.may.edit) return err("forbidden");
  const { lesson, phase, partnerships: linked, serviceAreas } = found;
  return ok({
    id: lesson.id,
    title: lesson.title,
    options: lessonFormOptions(member),
    values: {
      title: lesson.title,
      summary: lesson.summary,
      partnerships: linked.map((p) => String(p.id)),
      phase: String(phase.id),
      serviceAreas: serviceAreas.map((a) => String(a.id)),
      outcome: lesson.outcome,
      audience: lesson.audience,
      context: lesson.contextMd,
      worked: lesson.workedMd,
      didNotWork: lesson.didNotWorkMd,
      recommendation: lesson.recommendationMd,
    },
  });
}

/**
 * Replaces a lesson's fields, re-rendering its sections, with its discussion's audience kept in
 * step, in one transaction. The author and moderators may edit. The rule for widening (policing
 * only → all members): never while any partnership linked before or after the edit is in
 * procurement (DESIGN.md, live procurement safeguards); otherwise the policy's `widen` decides
 * (moderators on the policing side), and the lesson's own author may also widen it, since it is
 * their text. Moderators' edits to others' lessons are audit-logged.
 */
export function updateLesson(member: Member, id: number, input: LessonInput, ip = ""): Result<{ id: number; widened: boolean }, LessonProblem> {
  const found = getLesson(member, id);
  if (!found) return err("not_found");
  const { lesson } = found;
  const isAuthor = isAuthorOf(member, { authorId: lesson.authorId, discussion: lesson });
  if (!mayEditLesson(member, lesson)) return err("forbidden");
  if (!mayContribute(member, input)) return err("audience");
  const refs = checkReferences(input);
  if (!refs.ok) return refs;
  const live = refs.value.live || isLinkedToLiveProcurement({ lessonId: id });
  if (!mayLinkToPartnerships(member, refs.value.live)) return err("supplier_live_procurement");
  const widened = lesson.audience === "policing" && input.audience === "members";
  if (widened) {
    if (!mayWiden(member, lesson, live)) return err(live ? "procurement" : "forbidden");
  }
  db().transaction((tx) => {
    const linkedBefore = tx.select({ id: lessonPartnerships.partnershipId }).from(lessonPartnerships).where(eq(lessonPartnerships.lessonId, id)).all().map((r) => r.id);
    const afterLinks = recordOwnerChange(tx, { discussionId: lesson.discussionId, fromAudience: lesson.audience, toAudience: input.audience, linkedBefore, linkedAfter: input.partnershipIds, actorId: member.id });
    tx.update(lessons)
      .set({
        title: input.title,
        summary: input.summary,
        phaseId: input.phaseId,
        outcome: input.outcome,
        audience: input.audience,
        contextMd: input.contextMd,
        workedMd: input.workedMd,
        didNotWorkMd: input.didNotWorkMd,
        recommendationMd: input.recommendationMd,
        ...renderSections(input, tx),
        renderVersion: RENDER_VERSION,
        updatedAt: new Date(),
      })
      .where(eq(lessons.id, id))
      .run();
    tx.update(discussions).set({ audience: input.audience }).where(eq(discussions.id, lesson.discussionId)).run();
    tx.delete(lessonPartnerships).where(eq(lessonPartnerships.lessonId, id)).run();
    for (const partnershipId of new Set(input.partnershipIds)) tx.insert(lessonPartnerships).values({ lessonId: id, partnershipId }).run();
    afterLinks();
    tx.delete(lessonServiceAreas).where(eq(lessonServiceAreas.lessonId, id)).run();
    for (const termId of new Set(input.serviceAreaIds)) tx.insert(lessonServiceAreas).values({ lessonId: id, termId }).run();
    if (!isAuthor) recordAudit({ actorId: member.id, action: "lesson_edited_by_moderator", targetType: "lesson", targetId: id, ip, detail: widened ? "widened to all members" : "" }, tx);
  });
  return ok({ id, widened });
}

/** Once per member, never one's own lesson; the count moves in the same transaction. */
export function markLessonUseful(member: Member, id: number): Result<{ usefulCount: number }, "not_found" | "own" | "already"> {
  const found = db().select({ authorId: lessons.authorId, audience: lessons.audience }).from(lessons).where(eq(lessons.id, id)).get();
  if (!found || !mayRead(member, found)) return err("not_found");
  if (!mayMarkLessonUseful(member, found)) return err("own");
  const count = db().transaction((tx) => {
    const added = tx.insert(lessonUsefulMarks).values({ lessonId: id, userId: member.id }).onConflictDoNothing().run();
    if (added.changes !== 1) return null;
    return tx.update(lessons).set({ usefulCount: sql`${lessons.usefulCount} + 1` }).where(eq(lessons.id, id)).returning({ n: lessons.usefulCount }).get()!.n;
  });
  return count === null ? err("already") : ok({ usefulCount: count });
}

export type LessonListItem = {
  id: number;
  title: string;
  summary: string;
  outcome: LessonOutcome;
  audience: Audience;
  phaseName: string;
  usefulCount: number;
  isDemo: boolean;
  createdAt: Date;
  partnerships: LessonTag[];
};

const listColumns = {
  id: lessons.id,
  title: lessons.title,
  summary: lessons.summary,
  outcome: lessons.outcome,
  audience: lessons.audience,
  phaseName: terms.name,
  usefulCount: lessons.usefulCount,
  isDemo: lessons.isDemo,
  createdAt: lessons.createdAt,
};

/** The partnerships of a page of lessons, by name: one kept statement, bounded by the page size. */
function withPartnerships(rows: Omit<LessonListItem, "partnerships">[]): LessonListItem[] {
  const links = rows.length
    ? (db().$client.prepare(`
        SELECT lp.lesson_id AS lessonId, p.slug, p.name FROM lesson_partnerships lp JOIN partnerships p ON p.id = lp.partnership_id
        WHERE lp.lesson_id IN (SELECT value FROM json_each(?)) ORDER BY p.name`).all(JSON.stringify(rows.map((r) => r.id))) as { lessonId: number; slug: string; name: string }[])
    : [];
  // One literal per lesson: spreading a row into an object that adds a field made V8 promote it.
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    outcome: r.outcome,
    audience: r.audience,
    phaseName: r.phaseName,
    usefulCount: r.usefulCount,
    isDemo: r.isDemo,
    createdAt: r.createdAt,
    partnerships: links.filter((l) => l.lessonId === r.id).map(({ slug, name }) => ({ slug, name })),
  }));
}

/**
 * The newest lessons the member may read, for the member home page and, with `partnershipId`, for
 * a partnership's page. Filtered by audience in SQL.
 */
export function listRecentLessons(member: Member, options: { limit?: number; partnershipId?: number } = {}): readonly LessonListItem[] {
  // Hand-written, and kept between requests (`keptList`): the member home page runs it on every view.
  const gate = sqlText(audienceReadableWhere(member, sql.raw("l.audience")));
  const linked = options.partnershipId !== undefined;
  const source = `
    SELECT l.id, l.title, l.summary, l.outcome, l.audience, t.name AS phaseName, l.useful_count AS usefulCount, l.is_demo AS isDemo, l.created_at AS createdAt
    FROM lessons l JOIN terms t ON t.id = l.phase_id
    WHERE ${gate.sql}${linked ? " AND l.id IN (SELECT lesson_id FROM lesson_partnerships WHERE partnership_id = ?)" : ""}
    ORDER BY l.created_at DESC, l.id DESC LIMIT ?`;
  const params = [...gate.params, ...(linked ? [options.partnershipId] : []), Math.min(Math.max(options.limit ?? 5, 1), 50)];
  return keptList<Omit<LessonListItem, "partnerships" | "isDemo" | "createdAt"> & { isDemo: number; createdAt: number }, LessonListItem>(member, source, params, (rows) =>
    withPartnerships(rows.map((r) => ({ ...r, isDemo: r.isDemo === 1, createdAt: dateOf(r.createdAt) }))),
  );
}

export type LessonFilters = Partial<Record<LessonFacet, string>> & { sort: LessonSort; page: number };
export type FacetOption = { value: string; label: string; count: number };

/**
 * One filter as SQL over the un-aliased `lessons` table. Values are slugs (outcome: its key); an
 * unknown slug matches nothing. A lesson matches type, force, supplier and partnership when any of
 * its partnerships does.
 */
function facetWhere(facet: LessonFacet, value: string): SQL {
  switch (facet) {
    case "area":
      return sql`EXISTS (SELECT 1 FROM lesson_service_areas f_lsa JOIN terms f_t ON f_t.id = f_lsa.term_id WHERE f_lsa.lesson_id = lessons.id AND f_t.vocabulary = 'service_area' AND f_t.slug = ${value})`;
    case "phase":
      return sql`lessons.phase_id IN (SELECT f_t.id FROM terms f_t WHERE f_t.vocabulary = 'lesson_phase' AND f_t.slug = ${value})`;
    case "outcome":
      return sql`lessons.outcome = ${value}`;
    case "type":
      return sql`EXISTS (SELECT 1 FROM lesson_partnerships f_lp JOIN partnerships f_p ON f_p.id = f_lp.partnership_id JOIN terms f_t ON f_t.id = f_p.type_id WHERE f_lp.lesson_id = lessons.id AND f_t.slug = ${value})`;
    case "force":
    case "supplier":
      return sql`EXISTS (SELECT 1 FROM lesson_partnerships f_lp JOIN partnership_organisations f_po ON f_po.partnership_id = f_lp.partnership_id AND f_po.role = ${facet} JOIN organisations f_o ON f_o.id = f_po.organisation_id WHERE f_lp.lesson_id = lessons.id AND f_o.slug = ${value})`;
    case "partnership":
      return sql`EXISTS (SELECT 1 FROM lesson_partnerships f_lp JOIN partnerships f_p ON f_p.id = f_lp.partnership_id WHERE f_lp.lesson_id = lessons.id AND f_p.slug = ${value})`;
  }
}

/** Audience first, then every active filter except `except` (for that filter's own counts). */
function listWhere(member: Member, filters: LessonFilters, except?: LessonFacet): SQL {
  const parts = [audienceReadableWhere(member, lessons.audience)];
  for (const facet of LESSON_FACETS) {
    const value = filters[facet];
    if (value && facet !== except) parts.push(facetWhere(facet, value));
  }
  return sql.join(parts, sql` AND `);
}

/** Per facet: which value each lesson has, as joins from `lessons` (one row per lesson and value). */
const FACET_SOURCES: Record<LessonFacet, SQL> = {
  area: sql`SELECT 'area' AS facet, x_t.slug AS value, x_t.name AS label, count(DISTINCT lessons.id) AS n FROM lessons JOIN lesson_service_areas x_lsa ON x_lsa.lesson_id = lessons.id JOIN terms x_t ON x_t.id = x_lsa.term_id`,
  phase: sql`SELECT 'phase', x_t.slug, x_t.name, count(DISTINCT lessons.id) FROM lessons JOIN terms x_t ON x_t.id = lessons.phase_id`,
  type: sql`SELECT 'type', x_t.slug, x_t.name, count(DISTINCT lessons.id) FROM lessons JOIN lesson_partnerships x_lp ON x_lp.lesson_id = lessons.id JOIN partnerships x_p ON x_p.id = x_lp.partnership_id JOIN terms x_t ON x_t.id = x_p.type_id`,
  outcome: sql`SELECT 'outcome', lessons.outcome, lessons.outcome, count(DISTINCT lessons.id) FROM lessons`,
  force: sql`SELECT 'force', x_o.slug, x_o.name, count(DISTINCT lessons.id) FROM lessons JOIN lesson_partnerships x_lp ON x_lp.lesson_id = lessons.id JOIN partnership_organisations x_po ON x_po.partnership_id = x_lp.partnership_id AND x_po.role = 'force' JOIN organisations x_o ON x_o.id = x_po.organisation_id`,
  supplier: sql`SELECT 'supplier', x_o.slug, x_o.name, count(DISTINCT lessons.id) FROM lessons JOIN lesson_partnerships x_lp ON x_lp.lesson_id = lessons.id JOIN partnership_organisations x_po ON x_po.partnership_id = x_lp.partnership_id AND x_po.role = 'supplier' JOIN organisations x_o ON x_o.id = x_po.organisation_id`,
  partnership: sql`SELECT 'partnership', x_p.slug, x_p.name, count(DISTINCT lessons.id) FROM lessons JOIN lesson_partnerships x_lp ON x_lp.lesson_id = lessons.id JOIN partnerships x_p ON x_p.id = x_lp.partnership_id`,
};

const FACET_GROUP: Record<LessonFacet, SQL> = {
  area: sql`x_t.slug`,
  phase: sql`x_t.slug`,
  type: sql`x_t.slug`,
  outcome: sql`lessons.outcome`,
  force: sql`x_o.slug`,
  supplier: sql`x_o.slug`,
  partnership: sql`x_p.slug`,
};

/** Vocabulary facets list every value (zero counts included); the others only values that occur. */
const VOCABULARY_OF: Partial<Record<LessonFacet, "service_area" | "lesson_phase" | "partnership_type">> = { area: "service_area", phase: "lesson_phase", type: "partnership_type" };

/**
 * For each filter, how many lessons match the other active filters plus each of its values: one
 * statement of GROUP BYs, filtered by audience in SQL. The count beside the chosen value of a
 * filter therefore equals the number of results.
 */
function facetCounts(member: Member, filters: LessonFilters, labels: Map<string, string>): Record<LessonFacet, FacetOption[]> {
  const selects = LESSON_FACETS.map((f) => sql`${FACET_SOURCES[f]} WHERE ${listWhere(member, filters, f)} GROUP BY ${FACET_GROUP[f]}`);
  const rows = db().all<{ facet: LessonFacet; value: string; label: string; n: number }>(sql.join(selects, sql` UNION ALL `));
  const vocabulary = db()
    .select({ vocabulary: terms.vocabulary, slug: terms.slug, name: terms.name })
    .from(terms)
    .where(inArray(terms.vocabulary, ["service_area", "lesson_phase", "partnership_type"]))
    .orderBy(asc(terms.vocabulary), asc(terms.position))
    .all();
  const counted = (facet: LessonFacet) => new Map(rows.filter((r) => r.facet === facet).map((r) => [r.value, r]));
  const out = {} as Record<LessonFacet, FacetOption[]>;
  for (const facet of LESSON_FACETS) {
    const counts = counted(facet);
    const vocab = VOCABULARY_OF[facet];
    if (vocab) out[facet] = vocabulary.filter((t) => t.vocabulary === vocab).map((t) => ({ value: t.slug, label: t.name, count: counts.get(t.slug)?.n ?? 0 }));
    else if (facet === "outcome") out[facet] = LESSON_OUTCOMES.map((o) => ({ value: o, label: o, count: counts.get(o)?.n ?? 0 }));
    else out[facet] = [...counts.values()].map((r) => ({ value: r.value, label: r.label, count: r.n })).sort((a, b) => a.label.localeCompare(b.label, "en-GB"));
    const chosen = filters[facet];
    const label = labels.get(`${facet}:${chosen}`);
    if (chosen && label && !out[facet].some((o) => o.value === chosen)) out[facet].unshift({ value: chosen, label, count: 0 });
  }
  return out;
}

const FACET_LOOKUP: Record<Exclude<LessonFacet, "outcome">, (value: string) => SQL> = {
  area: (v) => sql`SELECT 'area' AS facet, slug AS value, name AS label FROM terms WHERE vocabulary = 'service_area' AND slug = ${v}`,
  phase: (v) => sql`SELECT 'phase' AS facet, slug AS value, name AS label FROM terms WHERE vocabulary = 'lesson_phase' AND slug = ${v}`,
  type: (v) => sql`SELECT 'type' AS facet, slug AS value, name AS label FROM terms WHERE vocabulary = 'partnership_type' AND slug = ${v}`,
  force: (v) => sql`SELECT 'force' AS facet, slug AS value, name AS label FROM organisations WHERE kind = 'force' AND slug = ${v}`,
  supplier: (v) => sql`SELECT 'supplier' AS facet, slug AS value, name AS label FROM organisations WHERE kind = 'supplier' AND slug = ${v}`,
  partnership: (v) => sql`SELECT 'partnership' AS facet, slug AS value, name AS label FROM partnerships WHERE slug = ${v}`,
};

/**
 * Drops filter values that name nothing (a mistyped or stale link shows every lesson rather than
 * none), and returns the names of the values kept, for the panel: one statement.
 */
function knownFilters(filters: LessonFilters): { filters: LessonFilters; labels: Map<string, string> } {
  const kept: LessonFilters = { sort: filters.sort, page: filters.page };
  const labels = new Map<string, string>();
  const lookups: SQL[] = [];
  for (const facet of LESSON_FACETS) {
    const value = filters[facet];
    if (!value) continue;
    if (facet === "outcome") {
      if ((LESSON_OUTCOMES as readonly string[]).includes(value)) kept.outcome = value;
    } else lookups.push(FACET_LOOKUP[facet](value));
  }
  if (lookups.length > 0) {
    for (const r of db().all<{ facet: LessonFacet; value: string; label: string }>(sql.join(lookups, sql` UNION ALL `))) {
      kept[r.facet] = r.value;
      labels.set(`${r.facet}:${r.value}`, r.label);
    }
  }
  return { filters: kept, labels };
}

/**
 * One page of the lessons the member may read that match every active filter, newest or most
 * useful first, with the total, the facet counts and whether the member may write one.
 * Statements: the page, the total, the page's partnerships, the facet counts, the vocabularies
 * and the check of the filters: six at most, whatever the data size. Unknown filter values are
 * ignored.
 */
export function listLessons(member: Member, requested: LessonFilters) {
  const { filters, labels } = knownFilters(requested);
  const where = listWhere(member, filters);
  const order = filters.sort === "useful" ? [desc(lessons.usefulCount), desc(lessons.createdAt), desc(lessons.id)] : [desc(lessons.createdAt), desc(lessons.id)];
  const rows = db()
    .select(listColumns)
    .from(lessons)
    .innerJoin(terms, eq(terms.id, lessons.phaseId))
    .where(where)
    .orderBy(...order)
    .limit(LESSONS_PER_PAGE)
    .offset((filters.page - 1) * LESSONS_PER_PAGE)
    .all();
  const total = db().get<{ n: number }>(sql`SELECT count(*) AS n FROM lessons WHERE ${where}`)?.n ?? 0;
  return {
    lessons: withPartnerships(rows),
    total,
    pages: Math.max(1, Math.ceil(total / LESSONS_PER_PAGE)),
    facets: facetCounts(member, filters, labels),
    filters,
    mayWrite: mayWriteLesson(member),
  };
}
