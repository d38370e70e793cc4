/**
 * The partnership registry (issue 7): listing with facet counts, one partnership's facts, edits
 * with revisions, supplier corrections and the benchmark view. Partnership facts are public to
 * every member (they come from public sources); what is linked to them (threads, lessons,
 * templates) keeps its own audience and is listed by its own model.
 */
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { can, type Member } from "~/auth/policy/index.server";
import { listServiceAreas } from "./vocabularies.server";
import { config } from "~/lib/env.server";
import { csvDocument } from "~/lib/csv";
import { formatShare, poundsForExport } from "~/lib/money";
import { comparePartialDates, formatPartialDate } from "~/lib/partial-date";
import type { PartnershipFields, SavingFields } from "~/forms/partnership-form.server";
import { STATUS_LABELS } from "~/lib/partnership-labels";
import { FACETS, UNKNOWN_STATUS, type Facet, type RegistryFilter, type RegistryQuery } from "~/lib/registry-query";
import { err, ok, type Result } from "~/lib/result";
import { savingSentence, type SavingFigure } from "~/lib/savings";
import { slugify } from "~/lib/slug";
import { db, type Tx } from "../../db/client.server";
import {
  organisations,
  PARTNERSHIP_STATUSES,
  partnershipCorrections,
  partnershipEvents,
  partnershipOrganisations,
  partnershipRevisions,
  partnerships,
  partnershipServiceAreas,
  partnershipSources,
  savingsFigures,
  terms,
  users,
  type EvidenceGrade,
  type PartnershipStatus,
} from "../../db/schema";
import { recordAudit } from "./audit.server";
import { recordEngagement } from "./engagement-log.server";
import { queueMail } from "./mail-outbox.server";

export const REGISTRY_PAGE_SIZE = 30;
/** The export is of a registry of real partnerships, tens today; the bound keeps a request cheap. */
export const EXPORT_LIMIT = 5000;
export const REVISIONS_PAGE_SIZE = 50;
/** Static routes beside /partnerships/:slug, so no partnership may take these slugs. */
const RESERVED_SLUGS = new Set(["new", "compare"]);

type Writer = Pick<Tx, "insert" | "select" | "update" | "delete" | "get" | "all" | "run">;
const ids = (list: number[]) => sql.join(list.map((id) => sql`${id}`), sql`, `);

// ---------------------------------------------------------------------------------------------
// Reference lists

export type Term = { id: number; slug: string; name: string };

export function listPartnershipTypes(): Term[] {
  return db().select({ id: terms.id, slug: terms.slug, name: terms.name }).from(terms).where(eq(terms.vocabulary, "partnership_type")).orderBy(asc(terms.position)).all();
}

export function listServiceAreaTerms(): Term[] {
  return listServiceAreas();
}

/** Confirmed police forces, by name: the forces a partnership can name. */
export function listForceOrganisations() {
  return db()
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, "force"), eq(organisations.isConfirmed, true)))
    .orderBy(asc(organisations.name))
    .limit(200)
    .all();
}

// ---------------------------------------------------------------------------------------------
// The registry: filters, facet counts, a page of results

/** One facet's condition over partnerships aliased `p`; an unknown slug matches nothing. */
function facetCondition(facet: Facet, value: string): SQL {
  switch (facet) {
    case "type":
      return sql`p.type_id = (SELECT id FROM terms WHERE vocabulary = 'partnership_type' AND slug = ${value})`;
    case "status":
      return value === UNKNOWN_STATUS ? sql`p.status IS NULL` : sql`p.status = ${value}`;
    case "area":
      return sql`EXISTS (SELECT 1 FROM partnership_service_areas f_psa JOIN terms f_t ON f_t.id = f_psa.term_id WHERE f_psa.partnership_id = p.id AND f_t.vocabulary = 'service_area' AND f_t.slug = ${value})`;
    case "force":
    case "supplier":
      return sql`EXISTS (SELECT 1 FROM partnership_organisations f_po JOIN organisations f_o ON f_o.id = f_po.organisation_id WHERE f_po.partnership_id = p.id AND f_po.role = ${facet} AND f_o.slug = ${value})`;
  }
}

/** Every chosen filter but `except`, ANDed: what a facet's counts are computed under. */
function filterWhere(filter: RegistryFilter, except?: Facet): SQL {
  const conditions = FACETS.filter((f) => f !== except && filter[f]).map((f) => facetCondition(f, filter[f]!));
  return conditions.length ? sql.join(conditions, sql` AND `) : sql`1`;
}

export type FacetOption = { value: string; label: string; count: number };
export type Facets = Record<Facet, FacetOption[]>;

/**
 * For each facet, every value with the number of partnerships matching the other chosen filters
 * plus that value, so choosing an option shows exactly that many. Two statements: the options,
 * then all five facets' counts (GROUP BY) in one UNION ALL.
 */
export function registryFacets(filter: RegistryFilter): Facets {
  const options = db().all<{ facet: Facet; value: string; label: string }>(sql`
    SELECT * FROM (SELECT 'type' AS facet, slug AS value, name AS label FROM terms WHERE vocabulary = 'partnership_type' ORDER BY position)
    UNION ALL SELECT * FROM (SELECT 'area', slug, name FROM terms WHERE vocabulary = 'service_area' ORDER BY position)
    UNION ALL SELECT * FROM (SELECT DISTINCT po.role, o.slug, o.name FROM partnership_organisations po JOIN organisations o ON o.id = po.organisation_id ORDER BY po.role, o.name LIMIT 1000)`);
  const counts = db().all<{ facet: Facet; value: string; n: number }>(sql`
    SELECT 'type' AS facet, t.slug AS value, count(*) AS n FROM partnerships p JOIN terms t ON t.id = p.type_id WHERE ${filterWhere(filter, "type")} GROUP BY t.slug
    UNION ALL
    SELECT 'status', coalesce(p.status, ${UNKNOWN_STATUS}), count(*) FROM partnerships p WHERE ${filterWhere(filter, "status")} GROUP BY coalesce(p.status, ${UNKNOWN_STATUS})
    UNION ALL
    SELECT 'area', t.slug, count(DISTINCT p.id) FROM partnerships p JOIN partnership_service_areas psa ON psa.partnership_id = p.id JOIN terms t ON t.id = psa.term_id WHERE ${filterWhere(filter, "area")} GROUP BY t.slug
    UNION ALL
    SELECT 'force', o.slug, count(DISTINCT p.id) FROM partnerships p JOIN partnership_organisations po ON po.partnership_id = p.id AND po.role = 'force' JOIN organisations o ON o.id = po.organisation_id WHERE ${filterWhere(filter, "force")} GROUP BY o.slug
    UNION ALL
    SELECT 'supplier', o.slug, count(DISTINCT p.id) FROM partnerships p JOIN partnership_organisations po ON po.partnership_id = p.id AND po.role = 'supplier' JOIN organisations o ON o.id = po.organisation_id WHERE ${filterWhere(filter, "supplier")} GROUP BY o.slug`);
  const countOf = new Map(counts.map((c) => [`${c.facet}/${c.value}`, c.n]));
  const facets: Facets = { type: [], area: [], status: [], force: [], supplier: [] };
  for (const o of options) facets[o.facet].push({ value: o.value, label: o.label, count: countOf.get(`${o.facet}/${o.value}`) ?? 0 });
  facets.status = [...PARTNERSHIP_STATUSES, UNKNOWN_STATUS].map((s) => ({ value: s, label: s === UNKNOWN_STATUS ? "Not known" : STATUS_LABELS[s as PartnershipStatus], count: countOf.get(`status/${s}`) ?? 0 }));
  // A chosen value that is not an option (an edited link) stays visible, with what it matches.
  for (const f of FACETS) {
    const chosen = filter[f];
    if (chosen && !facets[f].some((o) => o.value === chosen)) facets[f].push({ value: chosen, label: chosen, count: 0 });
  }
  return facets;
}

export type PartnerOrganisation = { slug: string; name: string; role: "force" | "supplier"; isConfirmed: boolean };

export type RegistryRow = {
  id: number;
  slug: string;
  name: string;
  status: PartnershipStatus | null;
  typeName: string | null;
  contractSigned: string | null;
  contractValuePence: number | null;
  forces: PartnerOrganisation[];
  suppliers: PartnerOrganisation[];
  savings: (SavingFigure & { id: number })[];
};

function orderBy(sort: RegistryQuery["sort"]) {
  return sort === "value"
    ? sql`p.contract_value_pence IS NULL, p.contract_value_pence DESC, p.name, p.id`
    : sql`p.contract_signed IS NULL, p.contract_signed DESC, p.name, p.id`;
}

type BaseRow = Omit<RegistryRow, "forces" | "suppliers" | "savings">;

function registryRows(query: RegistryQuery, limit: number, offset: number) {
  return db().all<BaseRow>(sql`
    SELECT p.id, p.slug, p.name, p.status, t.name AS typeName, p.contract_signed AS contractSigned, p.contract_value_pence AS contractValuePence
    FROM partnerships p LEFT JOIN terms t ON t.id = p.type_id
    WHERE ${filterWhere(query.filter)}
    ORDER BY ${orderBy(query.sort)}
    LIMIT ${limit} OFFSET ${offset}`);
}

function organisationsOf(partnershipIds: number[]) {
  if (partnershipIds.length === 0) return [];
  return db().all<PartnerOrganisation & { partnershipId: number; id: number; kind: string }>(sql`
    SELECT po.partnership_id AS partnershipId, po.role AS role, o.id AS id, o.slug AS slug, o.name AS name, o.kind AS kind, o.is_confirmed AS isConfirmed
    FROM partnership_organisations po JOIN organisations o ON o.id = po.organisation_id
    WHERE po.partnership_id IN (${ids(partnershipIds)})
    ORDER BY o.name, o.id`).map((o) => ({ ...o, isConfirmed: Boolean(o.isConfirmed) }));
}

function savingsOf(partnershipIds: number[]) {
  if (partnershipIds.length === 0) return [];
  return db()
    .select({
      id: savingsFigures.id,
      partnershipId: savingsFigures.partnershipId,
      kind: savingsFigures.kind,
      amountPence: savingsFigures.amountPence,
      percentLow: savingsFigures.percentLow,
      percentHigh: savingsFigures.percentHigh,
      period: savingsFigures.period,
      reportedBy: savingsFigures.reportedBy,
      evidence: savingsFigures.evidence,
      note: savingsFigures.note,
    })
    .from(savingsFigures)
    .where(sql`${savingsFigures.partnershipId} IN (${ids(partnershipIds)})`)
    .orderBy(asc(savingsFigures.partnershipId), asc(savingsFigures.position), asc(savingsFigures.id))
    .all();
}

function withChildren(rows: BaseRow[]): RegistryRow[] {
  const pids = rows.map((r) => r.id);
  const orgs = organisationsOf(pids);
  const savings = savingsOf(pids);
  return rows.map((r) => ({
    ...r,
    forces: orgs.filter((o) => o.partnershipId === r.id && o.role === "force").map(({ slug, name, role, isConfirmed }) => ({ slug, name, role, isConfirmed })),
    suppliers: orgs.filter((o) => o.partnershipId === r.id && o.role === "supplier").map(({ slug, name, role, isConfirmed }) => ({ slug, name, role, isConfirmed })),
    savings: savings.filter((s) => s.partnershipId === r.id).map(({ partnershipId: _p, ...s }) => s),
  }));
}

/**
 * One page (30) of the registry under the filters, in the chosen order (contract signed newest
 * first, or value largest first; unknown last), with the total for the pager. Public facts:
 * every member sees every partnership. A fixed number of statements whatever the page.
 */
export function listRegistry(query: RegistryQuery, page: number) {
  const rows = registryRows(query, REGISTRY_PAGE_SIZE, (page - 1) * REGISTRY_PAGE_SIZE);
  const total = db().get<{ n: number }>(sql`SELECT count(*) AS n FROM partnerships p WHERE ${filterWhere(query.filter)}`)?.n ?? 0;
  return { rows: withChildren(rows), total };
}

export type ExportRow = RegistryRow & {
  typeName: string | null;
  serviceAreas: string[];
  procurementLaunched: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  termYears: number | null;
  sources: { citation: string; url: string | null }[];
};

/** Everything the filters match (up to EXPORT_LIMIT), in the page's order, for the CSV download. */
export function listRegistryForExport(query: RegistryQuery): ExportRow[] {
  const base = registryRows(query, EXPORT_LIMIT, 0);
  const rows = withChildren(base);
  const pids = rows.map((r) => r.id);
  if (pids.length === 0) return [];
  const extra = db().all<{ id: number; procurementLaunched: string | null; serviceStart: string | null; serviceEnd: string | null; termYears: number | null }>(sql`
    SELECT id, procurement_launched AS procurementLaunched, service_start AS serviceStart, service_end AS serviceEnd, term_years AS termYears FROM partnerships WHERE id IN (${ids(pids)})`);
  const areas = db().all<{ partnershipId: number; name: string }>(sql`
    SELECT psa.partnership_id AS partnershipId, t.name AS name FROM partnership_service_areas psa JOIN terms t ON t.id = psa.term_id WHERE psa.partnership_id IN (${ids(pids)}) ORDER BY t.position`);
  const sources = db().all<{ partnershipId: number; citation: string; url: string | null }>(sql`
    SELECT partnership_id AS partnershipId, citation, url FROM partnership_sources WHERE partnership_id IN (${ids(pids)}) ORDER BY position, id`);
  return rows.map((r) => {
    const e = extra.find((x) => x.id === r.id)!;
    return {
      ...r,
      procurementLaunched: e.procurementLaunched,
      serviceStart: e.serviceStart,
      serviceEnd: e.serviceEnd,
      termYears: e.termYears,
      serviceAreas: areas.filter((a) => a.partnershipId === r.id).map((a) => a.name),
      sources: sources.filter((s) => s.partnershipId === r.id).map(({ citation, url }) => ({ citation, url })),
    };
  });
}

export const CSV_HEADER = [
  "name",
  "slug",
  "type",
  "status",
  "forces",
  "suppliers",
  "service areas",
  "procurement launched",
  "contract signed",
  "service start",
  "service end",
  "term years",
  "contract value (£)",
  "savings",
  "sources",
];

/**
 * The CSV of everything the filters match: one row per partnership, lists joined with "; ",
 * dates as stored ("2010-06"), money in plain pounds, unknown facts left empty.
 */
export function registryCsv(query: RegistryQuery) {
  const rows = listRegistryForExport(query).map((p) => [
    p.name,
    p.slug,
    p.typeName,
    p.status ? STATUS_LABELS[p.status] : null,
    p.forces.map((o) => o.name).join("; "),
    p.suppliers.map((o) => o.name).join("; "),
    p.serviceAreas.join("; "),
    p.procurementLaunched,
    p.contractSigned,
    p.serviceStart,
    p.serviceEnd,
    p.termYears,
    p.contractValuePence === null ? null : poundsForExport(p.contractValuePence),
    p.savings.map(savingSentence).join("; "),
    p.sources.map((s) => (s.url ? `${s.citation} (${s.url})` : s.citation)).join("; "),
  ]);
  return csvDocument(CSV_HEADER, rows);
}

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
  return can(member, { do: "editPartnership", organisationIds: partnership.organisationIds });
}

/** Whether the member may add partnerships to the registry (any active policing-side member, and administrators). */
export function mayCreatePartnership(member: Member) {
  return can(member, { do: "editPartnership", organisationIds: [member.organisationId] });
}

// ---------------------------------------------------------------------------------------------
// Creating and editing, each write with its revision in one transaction

type Snapshot = {
  name: string;
  summary: string | null;
  type: string | null;
  status: PartnershipStatus | null;
  serviceAreas: string[];
  forces: string[];
  suppliers: string[];
  procurementLaunched: string | null;
  contractSigned: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  termYears: number | null;
  contractValuePence: number | null;
  contractValueNote: string | null;
  staffTransferred: string | null;
  commissionerBodies: string | null;
};

export type RevisionChanges = Record<string, [unknown, unknown]>;

export type RegistryWriteResult<T> = Result<T, "not_found" | "forbidden" | "stale"> | { ok: false; reason: "invalid"; errors: Record<string, string> };

type Resolved = { typeId: number; typeName: string; areas: Term[]; forces: { id: number; name: string }[]; suppliers: { id: number | null; name: string }[] };

/** Checks that the chosen type, service areas and forces exist, and finds suppliers already known by name. */
function resolve(fields: PartnershipFields): { ok: true; value: Resolved } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const type = listPartnershipTypes().find((t) => t.slug === fields.typeSlug);
  if (!type) errors.type = "Select the type of partnership";
  const allAreas = listServiceAreaTerms();
  const areas = allAreas.filter((a) => fields.serviceAreaSlugs.includes(a.slug));
  if (areas.length !== fields.serviceAreaSlugs.length) errors.serviceAreas = "Choose service areas from the list";
  const allForces = listForceOrganisations();
  const forces = allForces.filter((f) => fields.forceSlugs.includes(f.slug));
  if (forces.length !== fields.forceSlugs.length) errors.forces = "Choose forces from the list";
  if (Object.keys(errors).length) return { ok: false, errors };
  const suppliers = fields.supplierNames.map((name) => {
    const found = db().get<{ id: number; name: string }>(sql`SELECT id, name FROM organisations WHERE kind = 'supplier' AND lower(name) = lower(${name}) ORDER BY is_confirmed DESC, id LIMIT 1`);
    return found ?? { id: null, name };
  });
  return { ok: true, value: { typeId: type!.id, typeName: type!.name, areas, forces, suppliers } };
}

const byName = (a: string, b: string) => a.localeCompare(b, "en-GB");

function snapshotFrom(fields: PartnershipFields, r: Resolved): Snapshot {
  return {
    name: fields.name,
    summary: fields.summary,
    type: r.typeName,
    status: fields.status,
    serviceAreas: r.areas.map((a) => a.name),
    forces: r.forces.map((f) => f.name).sort(byName),
    suppliers: r.suppliers.map((s) => s.name).sort(byName),
    procurementLaunched: fields.procurementLaunched,
    contractSigned: fields.contractSigned,
    serviceStart: fields.serviceStart,
    serviceEnd: fields.serviceEnd,
    termYears: fields.termYears,
    contractValuePence: fields.contractValuePence,
    contractValueNote: fields.contractValueNote,
    staffTransferred: fields.staffTransferred,
    commissionerBodies: fields.commissionerBodies,
  };
}

function snapshotOf(p: Partnership): Snapshot {
  return {
    name: p.name,
    summary: p.summary,
    type: p.typeName,
    status: p.status,
    serviceAreas: p.serviceAreas.map((a) => a.name),
    forces: p.forces.map((f) => f.name).sort(byName),
    suppliers: p.suppliers.map((s) => s.name).sort(byName),
    procurementLaunched: p.procurementLaunched,
    contractSigned: p.contractSigned,
    serviceStart: p.serviceStart,
    serviceEnd: p.serviceEnd,
    termYears: p.termYears,
    contractValuePence: p.contractValuePence,
    contractValueNote: p.contractValueNote,
    staffTransferred: p.staffTransferred,
    commissionerBodies: p.commissionerBodies,
  };
}

function diff(before: Snapshot | null, after: Snapshot): RevisionChanges {
  const changes: RevisionChanges = {};
  for (const key of Object.keys(after) as (keyof Snapshot)[]) {
    const was = before ? before[key] : null;
    const now = after[key];
    const empty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);
    if (!before && empty(now)) continue;
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[key] = [was, now];
  }
  return changes;
}

function uniqueSlug(tx: Writer, name: string) {
  const base = slugify(name, 70) || "partnership";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (RESERVED_SLUGS.has(slug)) continue;
    if (!tx.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.slug, slug)).get()) return slug;
  }
}

function uniqueOrganisationSlug(tx: Writer, name: string) {
  const base = slugify(name, 60) || "supplier";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get()) return slug;
  }
}

/** Writes the links (forces, suppliers, areas), creating suppliers not yet known as unconfirmed supplier organisations. */
function writeLinks(tx: Writer, partnershipId: number, r: Resolved) {
  tx.delete(partnershipOrganisations).where(eq(partnershipOrganisations.partnershipId, partnershipId)).run();
  tx.delete(partnershipServiceAreas).where(eq(partnershipServiceAreas.partnershipId, partnershipId)).run();
  const linked = new Set<number>();
  for (const f of r.forces) {
    if (linked.has(f.id)) continue;
    linked.add(f.id);
    tx.insert(partnershipOrganisations).values({ partnershipId, organisationId: f.id, role: "force" }).run();
  }
  for (const s of r.suppliers) {
    // An administrator confirms a supplier named here before it counts as a real organisation.
    const id = s.id ?? tx.insert(organisations).values({ slug: uniqueOrganisationSlug(tx, s.name), name: s.name, kind: "supplier", isConfirmed: false }).returning({ id: organisations.id }).get().id;
    if (linked.has(id)) continue;
    linked.add(id);
    tx.insert(partnershipOrganisations).values({ partnershipId, organisationId: id, role: "supplier" }).run();
  }
  for (const a of r.areas) tx.insert(partnershipServiceAreas).values({ partnershipId, termId: a.id }).run();
}

function factColumns(fields: PartnershipFields, typeId: number) {
  return {
    name: fields.name,
    summary: fields.summary,
    typeId,
    status: fields.status,
    procurementLaunched: fields.procurementLaunched,
    contractSigned: fields.contractSigned,
    serviceStart: fields.serviceStart,
    serviceEnd: fields.serviceEnd,
    termYears: fields.termYears,
    contractValuePence: fields.contractValuePence,
    contractValueNote: fields.contractValueNote,
    staffTransferred: fields.staffTransferred,
    commissionerBodies: fields.commissionerBodies,
  };
}

function writeRevision(tx: Writer, partnershipId: number, editorId: number, changes: RevisionChanges) {
  const at = new Date();
  tx.insert(partnershipRevisions).values({ partnershipId, editorId, at, changes: JSON.stringify(changes) }).run();
  tx.update(partnerships).set({ updatedAt: at }).where(eq(partnerships.id, partnershipId)).run();
}

/**
 * Adds a partnership to the registry with its first revision (every fact given, as [null, value]).
 * Any active policing-side member may; "forbidden" otherwise, "invalid" with field errors when a
 * type, area or force is not one of the lists.
 */
export function createPartnership(member: Member, fields: PartnershipFields): RegistryWriteResult<{ slug: string }> {
  if (!mayCreatePartnership(member)) return err("forbidden");
  const resolved = resolve(fields);
  if (!resolved.ok) return { ok: false, reason: "invalid", errors: resolved.errors };
  const r = resolved.value;
  const slug = db().transaction((tx) => {
    const slug = uniqueSlug(tx, fields.name);
    const { id } = tx.insert(partnerships).values({ slug, ...factColumns(fields, r.typeId) }).returning({ id: partnerships.id }).get();
    writeLinks(tx, id, r);
    writeRevision(tx, id, member.id, diff(null, snapshotFrom(fields, r)));
    return slug;
  });
  return ok({ slug });
}

/**
 * Saves an edit of a partnership's facts and links, with a revision of what changed, in one
 * transaction. "stale" when someone saved since the form was opened (its revision number is
 * older), so nobody overwrites an edit they have not seen. Nothing changed: nothing written.
 */
export function updatePartnership(member: Member, slug: string, expectedRevisionId: number, fields: PartnershipFields): RegistryWriteResult<{ slug: string; changed: string[] }> {
  const current = getPartnership(slug);
  if (!current) return err("not_found");
  if (!mayEditPartnership(member, current)) return err("forbidden");
  if (current.latestRevisionId !== expectedRevisionId) return err("stale");
  const resolved = resolve(fields);
  if (!resolved.ok) return { ok: false, reason: "invalid", errors: resolved.errors };
  const r = resolved.value;
  const changes = diff(snapshotOf(current), snapshotFrom(fields, r));
  if (Object.keys(changes).length === 0) return ok({ slug, changed: [] });
  const saved = db().transaction((tx) => {
    // Checked again inside the write, so two saves at the same moment cannot both pass.
    const latest = tx.get<{ latest: number | null }>(sql`SELECT max(id) AS latest FROM partnership_revisions WHERE partnership_id = ${current.id}`)?.latest ?? 0;
    if (latest !== expectedRevisionId) return false;
    tx.update(partnerships).set(factColumns(fields, r.typeId)).where(eq(partnerships.id, current.id)).run();
    // The record starts with what suppliers can already read in content linked to it.
    if (fields.status === "in-procurement" && current.status !== "in-procurement") recordEngagement(tx, "opened", { partnershipId: current.id }, { actorId: member.id });
    if (changes.forces || changes.suppliers || changes.serviceAreas) writeLinks(tx, current.id, r);
    writeRevision(tx, current.id, member.id, changes);
    return true;
  });
  return saved ? ok({ slug, changed: Object.keys(changes) }) : err("stale");
}

/** The partnership if the member may edit it: the check every add and remove starts with. */
function editable(member: Member, slug: string): Result<Partnership, "not_found" | "forbidden"> {
  const p = getPartnership(slug);
  if (!p) return err("not_found");
  if (!mayEditPartnership(member, p)) return err("forbidden");
  return ok(p);
}

/** Adds a savings figure, revisioned as {savings: [null, "targeted £50m over 10 years (…)"]}. */
export function addSavingsFigure(member: Member, slug: string, fields: SavingFields): Result<null, "not_found" | "forbidden"> {
  const found = editable(member, slug);
  if (!found.ok) return found;
  const p = found.value;
  db().transaction((tx) => {
    const position = (tx.get<{ n: number | null }>(sql`SELECT max(position) AS n FROM savings_figures WHERE partnership_id = ${p.id}`)?.n ?? -1) + 1;
    tx.insert(savingsFigures).values({ partnershipId: p.id, position, ...fields }).run();
    writeRevision(tx, p.id, member.id, { savings: [null, savingSentence(fields)] });
  });
  return ok(null);
}

export function removeSavingsFigure(member: Member, slug: string, figureId: number): Result<null, "not_found" | "forbidden"> {
  const found = editable(member, slug);
  if (!found.ok) return found;
  const figure = found.value.savings.find((s) => s.id === figureId);
  if (!figure) return err("not_found");
  db().transaction((tx) => {
    tx.delete(savingsFigures).where(and(eq(savingsFigures.id, figureId), eq(savingsFigures.partnershipId, found.value.id))).run();
    writeRevision(tx, found.value.id, member.id, { savings: [savingSentence(figure), null] });
  });
  return ok(null);
}

const eventText = (e: { date: string; what: string }) => `${formatPartialDate(e.date)}: ${e.what}`;
const sourceText = (s: { citation: string; url: string | null }) => (s.url ? `${s.citation} (${s.url})` : s.citation);

export function addEvent(member: Member, slug: string, event: { date: string; what: string }): Result<null, "not_found" | "forbidden"> {
  const found = editable(member, slug);
  if (!found.ok) return found;
  db().transaction((tx) => {
    tx.insert(partnershipEvents).values({ partnershipId: found.value.id, ...event }).run();
    writeRevision(tx, found.value.id, member.id, { events: [null, eventText(event)] });
  });
  return ok(null);
}

export function removeEvent(member: Member, slug: string, eventId: number): Result<null, "not_found" | "forbidden"> {
  const found = editable(member, slug);
  if (!found.ok) return found;
  const event = found.value.events.find((e) => e.id === eventId);
  if (!event) return err("not_found");
  db().transaction((tx) => {
    tx.delete(partnershipEvents).where(and(eq(partnershipEvents.id, eventId), eq(partnershipEvents.partnershipId, found.value.id))).run();
    writeRevision(tx, found.value.id, member.id, { events: [eventText(event), null] });
  });
  return ok(null);
}

export function addSource(member: Member, slug: string, source: { citation: string; url: string | null }): Result<null, "not_found" | "forbidden"> {
  const found = editable(member, slug);
  if (!found.ok) return found;
  db().transaction((tx) => {
    const position = (tx.get<{ n: number | null }>(sql`SELECT max(position) AS n FROM partnership_sources WHERE partnership_id = ${found.value.id}`)?.n ?? -1) + 1;
    tx.insert(partnershipSources).values({ partnershipId: found.value.id, position, ...source }).run();
    writeRevision(tx, found.value.id, member.id, { sources: [null, sourceText(source)] });
  });
  return ok(null);
}

export function removeSource(member: Member, slug: string, sourceId: number): Result<null, "not_found" | "forbidden"> {
  const found = editable(member, slug);
  if (!found.ok) return found;
  const source = found.value.sources.find((s) => s.id === sourceId);
  if (!source) return err("not_found");
  db().transaction((tx) => {
    tx.delete(partnershipSources).where(and(eq(partnershipSources.id, sourceId), eq(partnershipSources.partnershipId, found.value.id))).run();
    writeRevision(tx, found.value.id, member.id, { sources: [sourceText(source), null] });
  });
  return ok(null);
}

// ---------------------------------------------------------------------------------------------
// History

/** One page of a partnership's revisions, newest first, with who made each and the total. */
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
// Suggested corrections

/** Corrections one member may suggest in a day: enough for real use, too few to flood administrators. */
export const CORRECTIONS_PER_DAY = 10;

/**
 * Stores a suggested correction from a member who may not edit the partnership (suppliers, and
 * the policing side of other organisations), audit-logs it, and e-mails every active
 * administrator a link, queued in the same transaction. "editor" when the member may simply edit instead.
 */
export async function suggestCorrection(member: Member, slug: string, text: string, ip: string): Promise<Result<{ id: number }, "not_found" | "editor" | "too_many">> {
  const p = getPartnership(slug);
  if (!p) return err("not_found");
  if (mayEditPartnership(member, p)) return err("editor");
  const recent = db().get<{ n: number }>(sql`SELECT count(*) AS n FROM partnership_corrections WHERE user_id = ${member.id} AND created_at > unixepoch() - 86400`)?.n ?? 0;
  if (recent >= CORRECTIONS_PER_DAY) return err("too_many");
  const link = `${config().baseUrl}/partnerships/${p.slug}/edit#corrections`;
  const id = db().transaction((tx) => {
    const { id } = tx.insert(partnershipCorrections).values({ partnershipId: p.id, userId: member.id, text }).returning({ id: partnershipCorrections.id }).get();
    recordAudit({ actorId: member.id, action: "partnership_correction_suggested", targetType: "partnership", targetId: p.id, ip, detail: `correction ${id}` }, tx);
    const administrators = tx
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(and(eq(users.role, "administrator"), eq(users.status, "active")))
      .orderBy(asc(users.id))
      .limit(200)
      .all();
    for (const admin of administrators) {
      queueMail(tx, {
        kind: "partnership_correction",
        to: admin.email,
        subject: `Suggested correction to the registry: ${p.name}`.replace(/\s+/g, " ").slice(0, 200),
        text: [
          `Hello ${admin.name},`,
          "",
          `${member.name} (${member.organisationName}) suggests a correction to the registry entry "${p.name}":`,
          "",
          text,
          "",
          `Review it, edit the entry if the correction is right, and mark it resolved: ${link}`,
          "",
          "Partnering Exchange",
        ].join("\n"),
      });
    }
    return id;
  });
  return ok({ id });
}

/** Open corrections to a partnership, oldest first, for those who may edit it; others get none. */
export function listOpenCorrections(member: Member, partnership: Pick<Partnership, "id" | "organisationIds">) {
  if (!mayEditPartnership(member, partnership)) return [];
  const org = alias(organisations, "corrector_organisation");
  return db()
    .select({ id: partnershipCorrections.id, text: partnershipCorrections.text, createdAt: partnershipCorrections.createdAt, authorName: users.name, organisationName: org.name })
    .from(partnershipCorrections)
    .innerJoin(users, eq(users.id, partnershipCorrections.userId))
    .innerJoin(org, eq(org.id, users.organisationId))
    .where(and(eq(partnershipCorrections.partnershipId, partnership.id), sql`${partnershipCorrections.resolvedAt} IS NULL`))
    .orderBy(asc(partnershipCorrections.id))
    .limit(50)
    .all();
}

/** Marks a correction resolved (after editing, or deciding it is wrong); audit-logged. */
export function resolveCorrection(member: Member, slug: string, correctionId: number, ip: string): Result<null, "not_found" | "forbidden"> {
  const found = editable(member, slug);
  if (!found.ok) return found;
  const done = db().transaction((tx) => {
    const res = tx
      .update(partnershipCorrections)
      .set({ resolvedAt: new Date() })
      .where(and(eq(partnershipCorrections.id, correctionId), eq(partnershipCorrections.partnershipId, found.value.id), sql`${partnershipCorrections.resolvedAt} IS NULL`))
      .run();
    if (res.changes === 0) return false;
    recordAudit({ actorId: member.id, action: "partnership_correction_resolved", targetType: "partnership", targetId: found.value.id, ip, detail: `correction ${correctionId}` }, tx);
    return true;
  });
  return done ? ok(null) : err("not_found");
}

// ---------------------------------------------------------------------------------------------
// The benchmark view

export type BenchmarkGrouping = "area" | "type";

export type BenchmarkSaving = {
  id: number;
  kind: "targeted" | "reported";
  amountPence: number | null;
  percentLow: number | null;
  percentHigh: number | null;
  period: string | null;
  reportedBy: string;
  evidence: EvidenceGrade;
  note: string | null;
  /** "29%" of the contract value (or of the annual value for a yearly saving); null when not known. */
  share: string | null;
  shareOf: "contract value" | "annual value" | null;
};

export type BenchmarkPartnership = {
  id: number;
  slug: string;
  name: string;
  contractValuePence: number | null;
  termYears: number | null;
  /** Contract value ÷ term, when both are known. */
  annualValuePence: number | null;
  savings: BenchmarkSaving[];
};

export type BenchmarkGroup = { slug: string; name: string; partnerships: BenchmarkPartnership[] };

const YEARLY = /\b(a|per|each) year\b|\bannual|\byearly\b/i;

/** A saving's share of the contract value, or of the annual value when the saving is per year. */
function shareOf(s: { amountPence: number | null; period: string | null }, value: number | null, annual: number | null): Pick<BenchmarkSaving, "share" | "shareOf"> {
  if (s.amountPence === null) return { share: null, shareOf: null };
  if (YEARLY.test(s.period ?? "")) return annual ? { share: formatShare(s.amountPence, annual), shareOf: "annual value" } : { share: null, shareOf: null };
  return value ? { share: formatShare(s.amountPence, value), shareOf: "contract value" } : { share: null, shareOf: null };
}

/**
 * Contract values and savings side by side for the partnerships that have any, grouped by
 * service area or partnership type (a partnership with several areas appears in each), largest
 * value first. `only` narrows to one area or type. `omitted` names partnerships with neither.
 */
export function getBenchmark(grouping: BenchmarkGrouping, only: string | null) {
  const rows = db().all<{ id: number; slug: string; name: string; contractValuePence: number | null; termYears: number | null; typeSlug: string | null; typeName: string | null; typePosition: number | null; hasFigures: number }>(sql`
    SELECT p.id, p.slug, p.name, p.contract_value_pence AS contractValuePence, p.term_years AS termYears, t.slug AS typeSlug, t.name AS typeName, t.position AS typePosition,
      (p.contract_value_pence IS NOT NULL OR EXISTS (SELECT 1 FROM savings_figures s WHERE s.partnership_id = p.id)) AS hasFigures
    FROM partnerships p LEFT JOIN terms t ON t.id = p.type_id
    ORDER BY p.contract_value_pence IS NULL, p.contract_value_pence DESC, p.name
    LIMIT 1000`);
  const withFigures = rows.filter((r) => r.hasFigures);
  const savings = savingsOf(withFigures.map((r) => r.id));
  const areas = rows.length
    ? db().all<{ partnershipId: number; slug: string; name: string; position: number }>(sql`
        SELECT psa.partnership_id AS partnershipId, t.slug, t.name, t.position FROM partnership_service_areas psa JOIN terms t ON t.id = psa.term_id
        WHERE psa.partnership_id IN (${ids(rows.map((r) => r.id))})`)
    : [];
  const inScope = (r: (typeof rows)[number]) => !only || (grouping === "type" ? r.typeSlug === only : areas.some((a) => a.partnershipId === r.id && a.slug === only));
  const entries: BenchmarkPartnership[] = withFigures.map((r) => {
    const annual = r.contractValuePence !== null && r.termYears ? Math.round(r.contractValuePence / r.termYears) : null;
    return {
      id: r.id,
      slug: r.slug,
      name: r.name,
      contractValuePence: r.contractValuePence,
      termYears: r.termYears,
      annualValuePence: annual,
      savings: savings.filter((s) => s.partnershipId === r.id).map(({ partnershipId: _p, ...s }) => ({ ...s, ...shareOf(s, r.contractValuePence, annual) })),
    };
  });
  const groups = new Map<string, BenchmarkGroup & { position: number }>();
  const add = (slug: string, name: string, position: number, entry: BenchmarkPartnership) => {
    if (only && slug !== only) return;
    const g = groups.get(slug) ?? { slug, name, position, partnerships: [] };
    g.partnerships.push(entry);
    groups.set(slug, g);
  };
  for (const [i, r] of withFigures.entries()) {
    if (grouping === "type") add(r.typeSlug ?? "not-known", r.typeName ?? "Type not known", r.typePosition ?? 999, entries[i]!);
    else for (const a of areas.filter((a) => a.partnershipId === r.id)) add(a.slug, a.name, a.position, entries[i]!);
  }
  const ordered = [...groups.values()].sort((a, b) => a.position - b.position).map(({ position: _p, ...g }) => g);
  const amounts = ordered.flatMap((g) => g.partnerships.flatMap((p) => [p.contractValuePence, ...p.savings.map((s) => s.amountPence)])).filter((n): n is number => n !== null);
  return {
    groups: ordered,
    omitted: rows.filter((r) => !r.hasFigures && inScope(r)).map((r) => ({ slug: r.slug, name: r.name })),
    maxPence: amounts.length ? Math.max(...amounts) : 0,
  };
}
