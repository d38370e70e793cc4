/** One partnership with all its facts, who may edit it, and its history of revisions. */
import { asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { isPolicingSide, mayCreatePartnership as policyMayCreate, mayEditPartnership as policyMayEdit, mayImportNotices, mayReadEngagementRecord, mayReadRegistry, mayRecordPerformance as policyMayRecordPerformance, maySuggestCorrection, type Member } from "~/auth/policy/index.server";
import { comparePartialDates } from "~/lib/partial-date";
import { db } from "../../../db/client.server";
import { organisations, partnershipEvents, partnershipRevisions, partnerships, partnershipServiceAreas, partnershipSources, terms, users } from "../../../db/schema";
import { organisationsOf, savingsOf } from "./registry.server";
import type { RevisionChanges } from "./editing.server";
import { kpisOf } from "./performance.server";
import { listThreadsForPartnership } from "../forum.server";
import { listRecentLessons } from "../lessons.server";
import { listTemplatesForPartnership } from "../templates.server";
import { factOrigins } from "../ocds-import.server";
import { changeText, ENGAGEMENT_PAGE_SIZE, engagementCsv, getPartnershipForRecord, interestText, listEngagement } from "../engagement.server";
import { isWatchingTopic } from "../topic-watches.server";

export const REVISIONS_PAGE_SIZE = 50;

// ---------------------------------------------------------------------------------------------
// One partnership

/**
 * A partnership with all its facts, by slug, or null when there is none. Events are in date
 * order (partial dates compare by their first possible day); savings and sources in set order.
 */
export function getPartnership(slug: string) {
  const row = db()
    .select({
      id: partnerships.id,
      slug: partnerships.slug,
      name: partnerships.name,
      summary: partnerships.summary,
      typeSlug: terms.slug,
      typeName: terms.name,
      status: partnerships.status,
      procurementLaunched: partnerships.procurementLaunched,
      contractSigned: partnerships.contractSigned,
      serviceStart: partnerships.serviceStart,
      serviceEnd: partnerships.serviceEnd,
      termYears: partnerships.termYears,
      contractValuePence: partnerships.contractValuePence,
      contractValueNote: partnerships.contractValueNote,
      staffTransferred: partnerships.staffTransferred,
      commissionerBodies: partnerships.commissionerBodies,
      isDemo: partnerships.isDemo,
      updatedAt: partnerships.updatedAt,
    })
    .from(partnerships)
    .leftJoin(terms, eq(terms.id, partnerships.typeId))
    .where(eq(partnerships.slug, slug))
    .get();
  if (!row) return null;
  const orgs = organisationsOf([row.id]);
  const serviceAreas = db()
    .select({ slug: terms.slug, name: terms.name })
    .from(partnershipServiceAreas)
    .innerJoin(terms, eq(terms.id, partnershipServiceAreas.termId))
    .where(eq(partnershipServiceAreas.partnershipId, row.id))
    .orderBy(asc(terms.position))
    .all();
  const events = db()
    .select({ id: partnershipEvents.id, date: partnershipEvents.date, what: partnershipEvents.what })
    .from(partnershipEvents)
    .where(eq(partnershipEvents.partnershipId, row.id))
    .orderBy(asc(partnershipEvents.date), asc(partnershipEvents.id))
    .limit(500)
    .all()
    .sort((a, b) => comparePartialDates(a.date, b.date) || a.id - b.id);
  const sources = db()
    .select({ id: partnershipSources.id, citation: partnershipSources.citation, url: partnershipSources.url })
    .from(partnershipSources)
    .where(eq(partnershipSources.partnershipId, row.id))
    .orderBy(asc(partnershipSources.position), asc(partnershipSources.id))
    .limit(500)
    .all();
  const revision = db().get<{ latest: number | null; n: number }>(sql`SELECT max(id) AS latest, count(*) AS n FROM partnership_revisions WHERE partnership_id = ${row.id}`);
  return {
    ...row,
    forces: orgs.filter((o) => o.role === "force"),
    suppliers: orgs.filter((o) => o.role === "supplier"),
    organisationIds: orgs.map((o) => o.id),
    serviceAreas,
    savings: savingsOf([row.id]).map(({ partnershipId: _p, ...s }) => s),
    events,
    sources,
    latestRevisionId: revision?.latest ?? 0,
    revisionCount: revision?.n ?? 0,
  };
}

export type Partnership = NonNullable<ReturnType<typeof getPartnership>>;

/** Whether the member may edit this partnership: administrators, and the policing side of its own organisations. */
export function mayEditPartnership(member: Member, partnership: Pick<Partnership, "organisationIds">) {
  return policyMayEdit(member, partnership);
}

/** Whether the member may add partnerships to the registry (any active policing-side member, and administrators). */
export function mayCreatePartnership(member: Member) {
  return policyMayCreate(member);
}

// ---------------------------------------------------------------------------------------------
// History

/** One page of a partnership's revisions, newest first, with who made each and the total. */
/**
 * A partnership for a member who may read the registry, with what they may do with it; null
 * otherwise, as for a missing one.
 */
export function readPartnership(member: Member, slug: string) {
  if (!mayReadRegistry(member)) return null;
  const partnership = getPartnership(slug);
  if (!partnership) return null;
  return { partnership, isWatching: isWatchingTopic(member, "partnership", partnership.id), may: { edit: policyMayEdit(member, partnership), suggestCorrection: maySuggestCorrection(member, partnership), readEngagementRecord: mayReadEngagementRecord(member), importNotices: mayImportNotices(member, partnership) } };
}

export const PAGE_THREADS_SHOWN = 20;
export const PAGE_LINKED_SHOWN = 20;

/**
 * Everything a partnership's page shows, for this member: its facts, where each imported fact
 * came from, its KPIs and ratings, and the threads, lessons and templates linked to it that the
 * member may read (each list filters by its own audience in SQL), with the member's may flags.
 * Null when there is no such partnership or the member may not read the registry.
 */
export function partnershipPage(member: Member, slug: string) {
  const found = readPartnership(member, slug);
  if (!found) return null;
  const { partnership, may, isWatching } = found;
  return {
    partnership,
    isWatching,
    origins: factOrigins(partnership),
    kpis: kpisOf([partnership.id]),
    threads: listThreadsForPartnership(member, partnership.id, PAGE_THREADS_SHOWN),
    threadLimit: PAGE_THREADS_SHOWN,
    lessons: listRecentLessons(member, { limit: PAGE_LINKED_SHOWN, partnershipId: partnership.id }),
    templates: listTemplatesForPartnership(member, partnership.id, PAGE_LINKED_SHOWN),
    may: { ...may, recordPerformance: policyMayRecordPerformance(member, partnership) },
    // Suppliers are told why they may only suggest a correction.
    isSupplier: !isPolicingSide(member),
  };
}

/** The history page: the partnership and one page of its revisions, or null when not readable. */
export function partnershipHistory(member: Member, slug: string, page: number) {
  const found = readPartnership(member, slug);
  return found ? { partnership: found.partnership, ...listPartnershipRevisions(found.partnership.id, page) } : null;
}

export function listPartnershipRevisions(partnershipId: number, page: number) {
  const editorOrganisation = alias(organisations, "editor_organisation");
  const rows = db()
    .select({
      id: partnershipRevisions.id,
      at: partnershipRevisions.at,
      changes: partnershipRevisions.changes,
      editorName: users.name,
      editorHandle: users.handle,
      organisationName: editorOrganisation.name,
    })
    .from(partnershipRevisions)
    .innerJoin(users, eq(users.id, partnershipRevisions.editorId))
    .innerJoin(editorOrganisation, eq(editorOrganisation.id, users.organisationId))
    .where(eq(partnershipRevisions.partnershipId, partnershipId))
    .orderBy(desc(partnershipRevisions.id))
    .limit(REVISIONS_PAGE_SIZE)
    .offset((page - 1) * REVISIONS_PAGE_SIZE)
    .all()
    .map((r) => ({ ...r, changes: JSON.parse(r.changes) as RevisionChanges }));
  const total = db().get<{ n: number }>(sql`SELECT count(*) AS n FROM partnership_revisions WHERE partnership_id = ${partnershipId}`)?.n ?? 0;
  return { rows, total };
}

// ---------------------------------------------------------------------------------------------
// The market engagement record's pages (the log itself is engagement-log.server.ts, read by engagement.server.ts)

/**
 * One page of a partnership's market engagement record, oldest first after entry `after`, with
 * the next page's cursor; null when there is no such partnership or the member may not read the
 * record (policing side only), so a supplier cannot tell which partnerships have one.
 */
export function engagementRecordPage(member: Member, slug: string, after: number) {
  const partnership = getPartnershipForRecord(slug);
  if (!partnership || !mayReadEngagementRecord(member)) return null;
  const entries = listEngagement(member, partnership.id, { after, limit: ENGAGEMENT_PAGE_SIZE + 1 });
  return {
    partnership,
    entries: entries.slice(0, ENGAGEMENT_PAGE_SIZE).map((e) => ({ ...e, changeText: changeText(e.change), declaration: interestText(e.interest, e.organisationKind) })),
    next: entries.length > ENGAGEMENT_PAGE_SIZE ? entries[ENGAGEMENT_PAGE_SIZE - 1]!.id : null,
  };
}

/** The whole record as CSV for the procurement file; null as for the page. */
export function engagementRecordCsv(member: Member, slug: string, baseUrl: string) {
  const partnership = getPartnershipForRecord(slug);
  if (!partnership || !mayReadEngagementRecord(member)) return null;
  return { slug: partnership.slug, csv: engagementCsv(listEngagement(member, partnership.id, { limit: null }), baseUrl) };
}
