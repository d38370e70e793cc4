/**
 * The procurement template library (issue 8): templates with versioned files, their links to
 * service areas and partnerships, downloads, useful marks and withdrawal. Each template owns a
 * discussion that goes through the shared post machinery (discussions.server.ts).
 *
 * Files are stored by app/lib/storage.server.ts and inspected by app/lib/template-preview.server.ts
 * before anything is written here; a template and its first version (or a new version and its
 * counters) are written in one transaction, so there is never a template without a version.
 * Every list filters by audience and withdrawal in SQL.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { mayContribute, mayEditTemplate, mayLinkToPartnerships, mayMarkTemplateUseful, mayReadTemplate, mayWiden, mayWithdrawTemplate, templateVisibleWhere, type Member } from "~/auth/policy/index.server";
import { labelForContentType } from "~/lib/file-kinds";
import { pageCount } from "~/lib/paging";
import { err, ok, type Result } from "~/lib/result";
import { openStored, releaseUpload as releaseStoredUpload } from "~/lib/storage.server";
import type { PreparedFile } from "~/lib/template-preview.server";
import { dateOf, db, sqlText, type Tx } from "../../db/client.server";
import {
  discussions,
  organisations,
  partnerships,
  storedFiles,
  templatePartnerships,
  templates,
  templateServiceAreas,
  templateUsefulMarks,
  templateVersions,
  terms,
  users,
  watches,
} from "../../db/schema";
import type { Audience, PartnershipStatus } from "~/lib/fixed-lists";
import { recordAudit } from "./audit.server";
import { recordOwnerChange } from "./engagement-log.server";
import { isLinkedToLiveProcurement, isLiveStatus } from "./procurement.server";
import { discussionPage, type Discussion } from "./discussions.server";
import { contentFormMay, listLinkablePartnerships, listServiceAreas } from "./vocabularies.server";
import { keptList } from "./kept-lists.server";

export const TEMPLATES_PER_PAGE = 30;
export const TITLE_MIN = 5;
export const TITLE_MAX = 150;
export const SUMMARY_MAX = 500;
export const CHANGELOG_MAX = 500;
export const WITHDRAW_REASON_MAX = 500;

/** The licences a template may carry, by the key forms send; the label is what is stored and shown. */
export const LICENCES = { ogl: "Open Government Licence v3.0", "members-only": "Members of Partnering Exchange only" } as const;
export type Licence = (typeof LICENCES)[keyof typeof LICENCES];

/** The form key of a stored licence label ("" for a label no longer offered). */
export function licenceKey(label: string) {
  return (Object.keys(LICENCES) as (keyof typeof LICENCES)[]).find((k) => LICENCES[k] === label) ?? "";
}

export const TEMPLATE_SORTS = ["updated", "downloads"] as const;
export type TemplateSort = (typeof TEMPLATE_SORTS)[number];

export type TemplateDetails = {
  title: string;
  summary: string;
  categoryId: number;
  serviceAreaIds: number[];
  partnershipIds: number[];
  audience: Audience;
  licence: Licence;
};

/**
 * Why a template was not written. `audience`: a supplier chose policing-only; `procurement`:
 * policing-only content linked to a partnership in procurement cannot be opened to all
 * members; `widen`: only the uploader's side or a moderator may open it; `supplier_live_procurement`:
 * suppliers may not link a template to a partnership in procurement (it would be an undeclared
 * supplier-side contribution to the competition); `unknown_*`: an id not in its list.
 */
export type TemplateProblem = "not_found" | "forbidden" | "audience" | "procurement" | "widen" | "supplier_live_procurement" | "unknown_category" | "unknown_service_area" | "unknown_partnership";

export function listTemplateCategories() {
  return db().select({ id: terms.id, slug: terms.slug, name: terms.name }).from(terms).where(eq(terms.vocabulary, "template_category")).orderBy(asc(terms.position)).all();
}

/** Checks each referenced id is in its list; tells whether a linked partnership is in procurement. */
function checkReferences(details: Pick<TemplateDetails, "categoryId" | "serviceAreaIds" | "partnershipIds">): Result<{ live: boolean }, TemplateProblem> {
  const category = db().select({ id: terms.id }).from(terms).where(and(eq(terms.id, details.categoryId), eq(terms.vocabulary, "template_category"))).get();
  if (!category) return err("unknown_category");
  const areaIds = [...new Set(details.serviceAreaIds)];
  if (areaIds.length > 0 && db().select({ id: terms.id }).from(terms).where(and(inArray(terms.id, areaIds), eq(terms.vocabulary, "service_area"))).all().length !== areaIds.length) return err("unknown_service_area");
  const partnershipIds = [...new Set(details.partnershipIds)];
  if (partnershipIds.length === 0) return ok({ live: false });
  const found = db().select({ status: partnerships.status }).from(partnerships).where(inArray(partnerships.id, partnershipIds)).all();
  if (found.length !== partnershipIds.length) return err("unknown_partnership");
  return ok({ live: found.some((p) => isLiveStatus(p.status)) });
}

function insertVersion(tx: Tx, templateId: number, number: number, file: PreparedFile, changelog: string, uploaderId: number, at: Date) {
  tx.insert(storedFiles).values({ sha256: file.sha256, size: file.size, contentType: file.contentType, createdAt: at }).onConflictDoNothing().run();
  tx.insert(templateVersions)
    .values({ templateId, number, fileSha256: file.sha256, filename: file.filename, contentType: file.contentType, size: file.size, changelog, uploaderId, previewHtml: file.previewHtml, createdAt: at })
    .run();
}

function writeLinks(tx: Tx, templateId: number, details: Pick<TemplateDetails, "serviceAreaIds" | "partnershipIds">) {
  for (const termId of new Set(details.serviceAreaIds)) tx.insert(templateServiceAreas).values({ templateId, termId }).run();
  for (const partnershipId of new Set(details.partnershipIds)) tx.insert(templatePartnerships).values({ templateId, partnershipId }).run();
}

/**
 * Writes a template, its discussion, version 1 and its links inside the caller's transaction
 * (also used by the demo seed). The uploader watches the discussion, so questions reach them.
 */
export function insertTemplate(tx: Tx, input: TemplateDetails & { authorId: number; organisationId: number; file: PreparedFile; changelog: string; isDemo?: boolean; at?: Date }) {
  const at = input.at ?? new Date();
  const discussion = tx.insert(discussions).values({ ownerKind: "template", audience: input.audience, createdAt: at }).returning({ id: discussions.id }).get();
  const template = tx
    .insert(templates)
    .values({
      discussionId: discussion.id,
      title: input.title,
      summary: input.summary,
      categoryId: input.categoryId,
      audience: input.audience,
      licence: input.licence,
      authorId: input.authorId,
      organisationId: input.organisationId,
      latestVersion: 1,
      isDemo: input.isDemo ?? false,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: templates.id })
    .get();
  insertVersion(tx, template.id, 1, input.file, input.changelog, input.authorId, at);
  writeLinks(tx, template.id, input);
  tx.insert(watches).values({ userId: input.authorId, discussionId: discussion.id, isWatching: true }).onConflictDoNothing().run();
  return { id: template.id, discussionId: discussion.id };
}

/** A new template with its first version, by any member who may contribute to the audience. */
export function createTemplate(member: Member, details: TemplateDetails, file: PreparedFile, changelog: string): Result<{ id: number }, TemplateProblem> {
  if (!mayContribute(member, details)) return err("audience");
  const refs = checkReferences(details);
  if (!refs.ok) return refs;
  if (!mayLinkToPartnerships(member, refs.value.live)) return err("supplier_live_procurement");
  const created = db().transaction((tx) => insertTemplate(tx, { ...details, authorId: member.id, organisationId: member.organisationId, file, changelog }));
  return ok({ id: created.id });
}

/** Writes version `latest + 1` inside the caller's transaction (also used by the demo seed). */
export function insertNextVersion(tx: Tx, templateId: number, file: PreparedFile, changelog: string, uploaderId: number, at = new Date()) {
  const number = tx
    .update(templates)
    .set({ latestVersion: sql`${templates.latestVersion} + 1`, updatedAt: at })
    .where(eq(templates.id, templateId))
    .returning({ number: templates.latestVersion })
    .get()!.number;
  insertVersion(tx, templateId, number, file, changelog, uploaderId, at);
  return number;
}

/** Adds a version: the uploader, members of the same organisation, and moderators. */
export function addTemplateVersion(member: Member, templateId: number, file: PreparedFile, changelog: string): Result<{ number: number }, TemplateProblem> {
  const template = getTemplate(member, templateId);
  if (!template) return err("not_found");
  if (!mayEditTemplate(member, template)) return err("forbidden");
  return ok({ number: db().transaction((tx) => insertNextVersion(tx, templateId, file, changelog, member.id)) });
}

/**
 * Ends an upload's hold on its stored file, and deletes the file unless a version uses it: call
 * once for every saved upload, whether or not a version was written, so nothing half-stored
 * stays behind.
 */
export function releaseUpload(sha256: string) {
  return releaseStoredUpload(sha256, () => Boolean(db().select({ id: templateVersions.id }).from(templateVersions).where(eq(templateVersions.fileSha256, sha256)).limit(1).get()));
}

export type TemplateRow = typeof templates.$inferSelect;

/** Withdrawn templates are hidden from everyone but moderators, who see them to restore them. */
function visibleToMember(member: Member, t: Pick<TemplateRow, "audience" | "withdrawnAt">) {
  return mayReadTemplate(member, t);
}

/** A template the member may see, or null (missing, policing-only for a supplier, withdrawn): the same 404 either way. */
export function getTemplate(member: Member, id: number): TemplateRow | null {
  const t = db().select().from(templates).where(eq(templates.id, id)).get();
  return t && visibleToMember(member, t) ? t : null;
}

/** A template this member may add a version to or edit the details of, or null: hidden and forbidden read the same. */
export function getEditableTemplate(member: Member, id: number): TemplateRow | null {
  const t = getTemplate(member, id);
  return t && mayEditTemplate(member, t) ? t : null;
}

/** What the template detail fields offer: categories, service areas, partnerships, and the choices the member may make. */
function detailFormOptions(member: Member) {
  return { categories: listTemplateCategories(), areas: listServiceAreas(), partnerships: listLinkablePartnerships(), may: contentFormMay(member) };
}

/** The "add a template" form's options. */
export function newTemplatePage(member: Member) {
  return detailFormOptions(member);
}

/** The "edit details" form, filled in with the template's details and links; null unless the member may edit it. */
export function templateEditPage(member: Member, id: number) {
  const t = getEditableTemplate(member, id);
  if (!t) return null;
  const links = templateLinkIds(t.id);
  return {
    template: { id: t.id, title: t.title },
    values: { title: t.title, summary: t.summary, category: String(t.categoryId), audience: t.audience, licence: licenceKey(t.licence), serviceAreas: links.serviceAreaIds.map(String), partnerships: links.partnershipIds.map(String) },
    ...detailFormOptions(member),
  };
}

/** The "add a version" form's template; null unless the member may edit it. */
export function newVersionPage(member: Member, id: number) {
  const t = getEditableTemplate(member, id);
  return t ? { template: { id: t.id, title: t.title, latestVersion: t.latestVersion } } : null;
}

/**
 * Replaces a template's details and links, and re-labels its discussion's audience, in one
 * transaction. Opening policing-only content to all members is refused while it is (or would be)
 * linked to a partnership in procurement; otherwise the policy's `widen` decides (moderators),
 * and the uploader or a colleague in the same organisation may widen their own template.
 */
export function updateTemplateDetails(member: Member, id: number, details: TemplateDetails, ip = ""): Result<{ widened: boolean }, TemplateProblem> {
  const t = getTemplate(member, id);
  if (!t) return err("not_found");
  if (!mayEditTemplate(member, t)) return err("forbidden");
  if (!mayContribute(member, details)) return err("audience");
  const refs = checkReferences(details);
  if (!refs.ok) return refs;
  const live = refs.value.live || isLinkedToLiveProcurement({ templateId: id });
  if (!mayLinkToPartnerships(member, refs.value.live)) return err("supplier_live_procurement");
  const widened = t.audience === "policing" && details.audience === "members";
  const isOwnSide = member.id === t.authorId || member.organisationId === t.organisationId;
  if (widened && live) return err("procurement");
  if (widened && !mayWiden(member, t, live)) return err("widen");
  const at = new Date();
  db().transaction((tx) => {
    const linkedBefore = tx.select({ id: templatePartnerships.partnershipId }).from(templatePartnerships).where(eq(templatePartnerships.templateId, id)).all().map((r) => r.id);
    const afterLinks = recordOwnerChange(tx, { discussionId: t.discussionId, fromAudience: t.audience, toAudience: details.audience, linkedBefore, linkedAfter: details.partnershipIds, actorId: member.id });
    tx.update(templates)
      .set({ title: details.title, summary: details.summary, categoryId: details.categoryId, audience: details.audience, licence: details.licence, updatedAt: at })
      .where(eq(templates.id, id))
      .run();
    tx.update(discussions).set({ audience: details.audience }).where(eq(discussions.id, t.discussionId)).run();
    tx.delete(templateServiceAreas).where(eq(templateServiceAreas.templateId, id)).run();
    tx.delete(templatePartnerships).where(eq(templatePartnerships.templateId, id)).run();
    writeLinks(tx, id, details);
    afterLinks();
    if (!isOwnSide) recordAudit({ actorId: member.id, action: "template_edited_by_moderator", targetType: "template", targetId: id, ip, detail: widened ? "widened to all members" : "" }, tx);
    else if (widened) recordAudit({ actorId: member.id, action: "template_widened", targetType: "template", targetId: id, ip }, tx);
  });
  return ok({ widened });
}

/** Moderators withdraw a template (kept, hidden from everyone else) or restore it; both are audit-logged. */
export function setTemplateWithdrawn(member: Member, id: number, change: { withdraw: true; reason: string } | { withdraw: false }, ip = ""): Result<null, TemplateProblem> {
  const t = getTemplate(member, id);
  if (!t) return err("not_found");
  if (!mayWithdrawTemplate(member, t)) return err("forbidden");
  db().transaction((tx) => {
    tx.update(templates)
      .set(change.withdraw ? { withdrawnAt: new Date(), withdrawnReason: change.reason } : { withdrawnAt: null, withdrawnReason: null })
      .where(eq(templates.id, id))
      .run();
    recordAudit({ actorId: member.id, action: change.withdraw ? "template_withdrawn" : "template_restored", targetType: "template", targetId: id, ip, detail: change.withdraw ? change.reason : "" }, tx);
  });
  return ok(null);
}

/** Once per member, never one's own; the count moves in the same transaction. */
export function markTemplateUseful(member: Member, id: number): Result<{ usefulCount: number }, "not_found" | "own" | "already"> {
  const t = getTemplate(member, id);
  if (!t || t.withdrawnAt) return err("not_found");
  if (!mayMarkTemplateUseful(member, t)) return err("own");
  const added = db().transaction((tx) => {
    const r = tx.insert(templateUsefulMarks).values({ templateId: id, userId: member.id }).onConflictDoNothing().run();
    if (r.changes === 1) tx.update(templates).set({ usefulCount: sql`${templates.usefulCount} + 1` }).where(eq(templates.id, id)).run();
    return r.changes === 1;
  });
  return added ? ok({ usefulCount: t.usefulCount + 1 }) : err("already");
}

export type TemplateVersionView = { id: number; number: number; filename: string; contentType: string; size: number; changelog: string; createdAt: Date; downloadCount: number; uploaderName: string; uploaderHandle: string };

/**
 * What a template page shows beyond its posts (templatePage adds those), in a fixed number of
 * statements: the template with its category, uploader and discussion; tags and
 * partnerships; the versions (newest first); the latest preview; the member's useful mark.
 */
export function getTemplatePage(member: Member, id: number) {
  const row = db()
    .select({
      template: templates,
      categoryName: terms.name,
      categorySlug: terms.slug,
      authorName: users.name,
      authorHandle: users.handle,
      organisationName: organisations.name,
      organisationSlug: organisations.slug,
      discussion: { id: discussions.id, ownerKind: discussions.ownerKind, audience: discussions.audience, isLocked: discussions.isLocked, postCount: discussions.postCount, lastPostNumber: discussions.lastPostNumber },
    })
    .from(templates)
    .innerJoin(terms, eq(terms.id, templates.categoryId))
    .innerJoin(users, eq(users.id, templates.authorId))
    .innerJoin(organisations, eq(organisations.id, templates.organisationId))
    .innerJoin(discussions, eq(discussions.id, templates.discussionId))
    .where(eq(templates.id, id))
    .get();
  if (!row || !visibleToMember(member, row.template)) return null;
  const links = db().all<{ kind: "area" | "partnership"; id: number; slug: string; name: string; status: PartnershipStatus | null }>(sql`
    SELECT 'area' AS kind, terms.id AS id, terms.slug AS slug, terms.name AS name, NULL AS status FROM template_service_areas JOIN terms ON terms.id = template_service_areas.term_id WHERE template_service_areas.template_id = ${id}
    UNION ALL
    SELECT 'partnership', partnerships.id, partnerships.slug, partnerships.name, partnerships.status FROM template_partnerships JOIN partnerships ON partnerships.id = template_partnerships.partnership_id WHERE template_partnerships.template_id = ${id}
    ORDER BY 4`);
  const versions: TemplateVersionView[] = db()
    .select({ id: templateVersions.id, number: templateVersions.number, filename: templateVersions.filename, contentType: templateVersions.contentType, size: templateVersions.size, changelog: templateVersions.changelog, createdAt: templateVersions.createdAt, downloadCount: templateVersions.downloadCount, uploaderName: users.name, uploaderHandle: users.handle })
    .from(templateVersions)
    .innerJoin(users, eq(users.id, templateVersions.uploaderId))
    .where(eq(templateVersions.templateId, id))
    .orderBy(desc(templateVersions.number))
    .limit(200)
    .all();
  const extra = db().get<{ preview: string | null; marked: number }>(sql`
    SELECT (SELECT preview_html FROM template_versions WHERE template_id = ${id} AND number = ${row.template.latestVersion}) AS preview,
           EXISTS (SELECT 1 FROM template_useful_marks WHERE template_id = ${id} AND user_id = ${member.id}) AS marked`);
  const discussion: Discussion = row.discussion;
  return {
    template: row.template,
    category: { name: row.categoryName, slug: row.categorySlug },
    author: { name: row.authorName, handle: row.authorHandle },
    organisation: { name: row.organisationName, slug: row.organisationSlug },
    discussion,
    serviceAreas: links.filter((l) => l.kind === "area").map(({ id: areaId, slug, name }) => ({ id: areaId, slug, name })),
    partnerships: links.filter((l) => l.kind === "partnership").map(({ id: pId, slug, name, status }) => ({ id: pId, slug, name, status })),
    versions,
    previewHtml: extra?.preview ?? null,
    markedUseful: extra?.marked === 1,
    inProcurement: links.some((l) => l.kind === "partnership" && isLiveStatus(l.status)),
    may: { edit: mayEditTemplate(member, row.template), withdraw: mayWithdrawTemplate(member, row.template), markUseful: mayMarkTemplateUseful(member, row.template) },
  };
}

/**
 * Everything the template page shows, from one call: the template, its tags, versions, preview,
 * the member's may flags and useful mark, and the page of its discussion (posts with their own
 * may flags). Null when missing, unreadable (withdrawn included) or past the discussion's last
 * page: the same 404.
 */
export function templatePage(member: Member, id: number, options: { page: number; quoteId?: number }) {
  const view = getTemplatePage(member, id);
  if (!view) return null;
  const discussion = discussionPage(member, view.discussion, options);
  if (!discussion) return null;
  const t = view.template;
  return {
    template: { id: t.id, title: t.title, summary: t.summary, audience: t.audience, licence: t.licence, isDemo: t.isDemo, latestVersion: t.latestVersion, downloadCount: t.downloadCount, usefulCount: t.usefulCount, withdrawnAt: t.withdrawnAt, withdrawnReason: t.withdrawnReason, createdAt: t.createdAt, updatedAt: t.updatedAt },
    category: view.category,
    author: view.author,
    organisation: view.organisation,
    serviceAreas: view.serviceAreas,
    partnerships: view.partnerships,
    versions: view.versions.map((v) => ({ ...v, typeLabel: labelForContentType(v.contentType) })),
    previewHtml: view.previewHtml,
    markedUseful: view.markedUseful,
    may: view.may,
    inProcurement: view.inProcurement,
    postCount: view.discussion.postCount,
    discussion,
  };
}

/**
 * The stored file of version `number`, or null when the template or version is missing, not
 * readable, or withdrawn (for non-moderators): one statement, the audience checked in SQL, so
 * guessing ids or version numbers reveals nothing.
 */
export function getVersionFile(member: Member, templateId: number, number: number) {
  const row = db()
    .select({ versionId: templateVersions.id, sha256: templateVersions.fileSha256, filename: templateVersions.filename, contentType: templateVersions.contentType, size: templateVersions.size, audience: templates.audience, withdrawnAt: templates.withdrawnAt })
    .from(templateVersions)
    .innerJoin(templates, eq(templates.id, templateVersions.templateId))
    .where(and(eq(templateVersions.templateId, templateId), eq(templateVersions.number, number), templateVisibleWhere(member, templates.audience, templates.withdrawnAt)))
    .get();
  if (!row || !visibleToMember(member, row)) return null;
  return row;
}

/**
 * A version's file for a download: null when the member may not have it (getVersionFile); else its
 * entity tag (the SHA-256: a version never changes) and, unless `isCurrent` says the client's copy
 * with that tag is current (`notModified`), the opened stored file, or `stored: null` when it is
 * missing from storage. A file that is sent with `count` counts one download.
 */
export function versionDownload(member: Member, templateId: number, number: number, options: { isCurrent: (etag: string) => boolean; count: boolean }) {
  const file = getVersionFile(member, templateId, number);
  if (!file) return null;
  const etag = `"${file.sha256}"`;
  if (options.isCurrent(etag)) return { file, etag, notModified: true as const, stored: null };
  const stored = openStored(file.sha256);
  if (stored && options.count) countDownload(templateId, file.versionId);
  return { file, etag, notModified: false as const, stored };
}

/** Counts one download of a version and of its template, together. */
function countDownload(templateId: number, versionId: number) {
  db().transaction((tx) => {
    tx.update(templateVersions).set({ downloadCount: sql`${templateVersions.downloadCount} + 1` }).where(eq(templateVersions.id, versionId)).run();
    tx.update(templates).set({ downloadCount: sql`${templates.downloadCount} + 1` }).where(eq(templates.id, templateId)).run();
  });
}

export type TemplateListItem = {
  id: number;
  title: string;
  summary: string;
  licence: string;
  audience: Audience;
  isDemo: boolean;
  downloadCount: number;
  usefulCount: number;
  latestVersion: number;
  latestVersionAt: Date;
  categoryName: string;
  categorySlug: string;
};

function listColumns() {
  return {
    id: templates.id,
    title: templates.title,
    summary: templates.summary,
    licence: templates.licence,
    audience: templates.audience,
    isDemo: templates.isDemo,
    downloadCount: templates.downloadCount,
    usefulCount: templates.usefulCount,
    latestVersion: templates.latestVersion,
    latestVersionAt: sql<number>`(SELECT created_at FROM template_versions WHERE template_id = ${templates.id} AND number = ${templates.latestVersion})`.mapWith((v: number) => new Date(v * 1000)),
    categoryName: terms.name,
    categorySlug: terms.slug,
  };
}

/** Templates the member may see, as on their pages: withdrawn ones for their moderators only (templateVisibleWhere). */
function listableWhere(member: Member) {
  return templateVisibleWhere(member, templates.audience, templates.withdrawnAt);
}

export type TemplateFilter = { category: string | null; area: string | null; partnership: string | null; sort: TemplateSort; page: number };

function termIdBySlug(vocabulary: "template_category" | "service_area", slug: string) {
  return db().select({ id: terms.id }).from(terms).where(and(eq(terms.vocabulary, vocabulary), eq(terms.slug, slug))).get()?.id ?? -1;
}

/**
 * One page of the library with every filter combined, sorted by latest update or downloads, and
 * the total for the pager: two statements, whatever the size of the library.
 */
export function listTemplates(member: Member, filter: TemplateFilter): { templates: TemplateListItem[]; total: number } {
  const conditions: (SQL | undefined)[] = [listableWhere(member)];
  if (filter.category) conditions.push(eq(templates.categoryId, termIdBySlug("template_category", filter.category)));
  if (filter.area) conditions.push(sql`EXISTS (SELECT 1 FROM template_service_areas tsa WHERE tsa.template_id = ${templates.id} AND tsa.term_id = ${termIdBySlug("service_area", filter.area)})`);
  if (filter.partnership)
    conditions.push(sql`EXISTS (SELECT 1 FROM template_partnerships tp JOIN partnerships p ON p.id = tp.partnership_id WHERE tp.template_id = ${templates.id} AND p.slug = ${filter.partnership})`);
  const where = and(...conditions);
  const order = filter.sort === "downloads" ? [desc(templates.downloadCount), desc(templates.updatedAt), desc(templates.id)] : [desc(templates.updatedAt), desc(templates.id)];
  const rows = db()
    .select(listColumns())
    .from(templates)
    .innerJoin(terms, eq(terms.id, templates.categoryId))
    .where(where)
    .orderBy(...order)
    .limit(TEMPLATES_PER_PAGE)
    .offset((filter.page - 1) * TEMPLATES_PER_PAGE)
    .all();
  const total = db().select({ n: sql<number>`count(*)` }).from(templates).where(where).get()?.n ?? 0;
  return { templates: rows, total };
}

/**
 * The library page: one page of templates for the filter, the pager's count, and the lists the
 * filters offer. Null when the page is past the last one.
 */
export function libraryPage(member: Member, filter: TemplateFilter) {
  const { templates: rows, total } = listTemplates(member, filter);
  const pages = pageCount(total, TEMPLATES_PER_PAGE);
  if (filter.page > pages) return null;
  return { templates: rows, total, pages, filter, categories: listTemplateCategories(), areas: listServiceAreas(), partnerships: listLinkablePartnerships() };
}

/** Templates used in a partnership, newest first, for the partnership page: audience and withdrawal in SQL. */
export function listTemplatesForPartnership(member: Member, partnershipId: number, limit = 10): TemplateListItem[] {
  return db()
    .select(listColumns())
    .from(templatePartnerships)
    .innerJoin(templates, eq(templates.id, templatePartnerships.templateId))
    .innerJoin(terms, eq(terms.id, templates.categoryId))
    .where(and(eq(templatePartnerships.partnershipId, partnershipId), listableWhere(member)))
    .orderBy(desc(templates.updatedAt), desc(templates.id))
    .limit(limit)
    .all();
}

/** The latest templates the member may see, for the home page. */
export function listRecentTemplates(member: Member, limit = 5): readonly TemplateListItem[] {
  // Hand-written, and kept between requests (`keptList`): the member home page runs it on every view.
  const gate = sqlText(templateVisibleWhere(member, sql.raw("tp.audience"), sql.raw("tp.withdrawn_at")));
  const source = `
    SELECT tp.id, tp.title, tp.summary, tp.licence, tp.audience, tp.is_demo AS isDemo, tp.download_count AS downloadCount, tp.useful_count AS usefulCount,
      tp.latest_version AS latestVersion, (SELECT created_at FROM template_versions WHERE template_id = tp.id AND number = tp.latest_version) AS latestVersionAt,
      t.name AS categoryName, t.slug AS categorySlug
    FROM templates tp JOIN terms t ON t.id = tp.category_id
    WHERE ${gate.sql}
    ORDER BY tp.updated_at DESC, tp.id DESC LIMIT ?`;
  const params = [...gate.params, limit];
  return keptList<Omit<TemplateListItem, "isDemo" | "latestVersionAt"> & { isDemo: number; latestVersionAt: number }, TemplateListItem>(member, source, params, (rows) =>
    rows.map((r) => ({ ...r, isDemo: r.isDemo === 1, latestVersionAt: dateOf(r.latestVersionAt) })),
  );
}

/** The current links of a template, for the edit form. */
function templateLinkIds(id: number) {
  const areas = db().select({ id: templateServiceAreas.termId }).from(templateServiceAreas).where(eq(templateServiceAreas.templateId, id)).all().map((r) => r.id);
  const linked = db().select({ id: templatePartnerships.partnershipId }).from(templatePartnerships).where(eq(templatePartnerships.templateId, id)).all().map((r) => r.id);
  return { serviceAreaIds: areas, partnershipIds: linked };
}

