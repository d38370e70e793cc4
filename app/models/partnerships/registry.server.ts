/**
 * The registry list (issue 7): filters with facet counts, a page of results, the CSV export, and
 * the benchmark view's figures. Partnership facts are public to every member (they come from
 * public sources); what is linked to them keeps its own audience and is listed by its own model.
 */
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { mayCreatePartnership, mayReadRegistry, type Member } from "~/auth/policy/index.server";
import { listServiceAreas } from "../vocabularies.server";
import { csvDocument } from "~/lib/csv";
import { poundsForExport } from "~/lib/money";
import { STATUS_LABELS } from "~/lib/partnership-labels";
import { FACETS, UNKNOWN_STATUS, type Facet, type RegistryFilter, type RegistryQuery } from "~/lib/registry-query";
import { savingSentence, type SavingFigure } from "~/lib/savings";
import { db } from "../../../db/client.server";
import { organisations, savingsFigures, terms } from "../../../db/schema";
import { PARTNERSHIP_STATUSES, type PartnershipStatus } from "~/lib/fixed-lists";
import { shareOf, type BenchmarkGroup, type BenchmarkGrouping, type BenchmarkPartnership } from "~/lib/benchmark";
import { COMPARE_MAX, COMPARE_MIN, COMPARISON_HEADER, comparisonRows, type ComparedPartnership } from "~/lib/comparison";
import { kpisOf, latestRatings } from "./performance.server";

export const REGISTRY_PAGE_SIZE = 30;
/** The export is of a registry of real partnerships, tens today; the bound keeps a request cheap. */
export const EXPORT_LIMIT = 5000;

export const ids = (list: number[]) => sql.join(list.map((id) => sql`${id}`), sql`, `);

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

export type PartnerOrganisation = { id: number; slug: string; name: string; role: "force" | "supplier"; isConfirmed: boolean };

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

function registryRows(query: RegistryQuery, limit: number, offset: number, onlyIds?: number[]) {
  return db().all<BaseRow>(sql`
    SELECT p.id, p.slug, p.name, p.status, t.name AS typeName, p.contract_signed AS contractSigned, p.contract_value_pence AS contractValuePence
    FROM partnerships p LEFT JOIN terms t ON t.id = p.type_id
    WHERE ${filterWhere(query.filter)} AND ${onlyIds ? sql`p.id IN (${onlyIds.length ? ids(onlyIds) : sql`NULL`})` : sql`1`}
    ORDER BY ${orderBy(query.sort)}
    LIMIT ${limit} OFFSET ${offset}`);
}

export function organisationsOf(partnershipIds: number[]) {
  if (partnershipIds.length === 0) return [];
  return db().all<PartnerOrganisation & { partnershipId: number; id: number; kind: string }>(sql`
    SELECT po.partnership_id AS partnershipId, po.role AS role, o.id AS id, o.slug AS slug, o.name AS name, o.kind AS kind, o.is_confirmed AS isConfirmed
    FROM partnership_organisations po JOIN organisations o ON o.id = po.organisation_id
    WHERE po.partnership_id IN (${ids(partnershipIds)})
    ORDER BY o.name, o.id`).map((o) => ({ ...o, isConfirmed: Boolean(o.isConfirmed) }));
}

export function savingsOf(partnershipIds: number[]) {
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
    forces: orgs.filter((o) => o.partnershipId === r.id && o.role === "force").map(({ id, slug, name, role, isConfirmed }) => ({ id, slug, name, role, isConfirmed })),
    suppliers: orgs.filter((o) => o.partnershipId === r.id && o.role === "supplier").map(({ id, slug, name, role, isConfirmed }) => ({ id, slug, name, role, isConfirmed })),
    savings: savings.filter((s) => s.partnershipId === r.id).map(({ partnershipId: _p, ...s }) => s),
  }));
}

/**
 * One page (30) of the registry under the filters, in the chosen order (contract signed newest
 * first, or value largest first; unknown last), with the total for the pager. Public facts:
 * every member sees every partnership. A fixed number of statements whatever the page.
 */
/** The registry page: one page of results, the facet counts and what the member may do; null when they may not read it. */
export function registryPage(member: Member, query: RegistryQuery, page: number) {
  if (!mayReadRegistry(member)) return null;
  return { ...listRegistry(query, page), facets: registryFacets(query.filter), may: { create: mayCreatePartnership(member) } };
}

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

/** Everything the filters match (up to EXPORT_LIMIT; of `onlyIds` when given), in the page's order, for the CSV and OCDS downloads. */
export function listRegistryForExport(query: RegistryQuery, onlyIds?: number[]): ExportRow[] {
  const base = registryRows(query, EXPORT_LIMIT, 0, onlyIds);
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
/** The registry as CSV for a member who may read it, or null. */
export function registryCsv(member: Member, query: RegistryQuery) {
  if (!mayReadRegistry(member)) return null;
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
// The benchmark view (the arithmetic is in app/lib/benchmark.ts)

/**
 * Contract values and savings side by side for the partnerships that have any, grouped by
 * service area or partnership type (a partnership with several areas appears in each), largest
 * value first. `only` narrows to one area or type. `omitted` names partnerships with neither.
 */
export function getBenchmark(member: Member, grouping: BenchmarkGrouping, only: string | null) {
  if (!mayReadRegistry(member)) return null;
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

/**
 * The benchmark page: its groups, and the areas or types it can narrow to; `wanted` counts only
 * when it is one of them. Null when the member may not read the registry.
 */
export function benchmarkPage(member: Member, grouping: BenchmarkGrouping, wanted: string | null) {
  const choices = (grouping === "area" ? listServiceAreaTerms() : listPartnershipTypes()).map(({ slug, name }) => ({ slug, name }));
  const only = wanted && choices.some((c) => c.slug === wanted) ? wanted : null;
  const benchmark = getBenchmark(member, grouping, only);
  return benchmark && { grouping, only, choices, ...benchmark };
}

/**
 * The compare page: the partnerships the member chose when there is a choice (`slugs` not null),
 * otherwise the whole registry's benchmark. Null when the member may not read the registry.
 */
export function comparePage(member: Member, slugs: string[] | null, grouping: BenchmarkGrouping, wanted: string | null) {
  if (slugs) {
    const chosen = comparisonPage(member, slugs);
    return chosen && { mode: "chosen" as const, slugs, ...chosen };
  }
  const benchmark = benchmarkPage(member, grouping, wanted);
  return benchmark && { mode: "benchmark" as const, ...benchmark };
}

// ---------------------------------------------------------------------------------------------
// A comparison the member chose (issue 16)

export type ComparisonProblem = { reason: "too_few" | "too_many"; count: number } | { reason: "unknown"; slugs: string[] };

/**
 * Two to four chosen partnerships side by side: values, term, annual value, each savings figure
 * with its share and grade, status, dates, each KPI's latest rating; the chart's one group; the
 * savings table in words (also the CSV). `problem` says why there is no comparison. Null when the
 * member may not read the registry. A fixed number of statements.
 */
export function comparisonPage(member: Member, slugs: string[]) {
  if (!mayReadRegistry(member)) return null;
  const found = slugs.length
    ? db().all<{ id: number; slug: string; name: string; status: PartnershipStatus | null; procurementLaunched: string | null; contractSigned: string | null; serviceStart: string | null; serviceEnd: string | null; contractValuePence: number | null; termYears: number | null }>(sql`
        SELECT id, slug, name, status, procurement_launched AS procurementLaunched, contract_signed AS contractSigned, service_start AS serviceStart, service_end AS serviceEnd, contract_value_pence AS contractValuePence, term_years AS termYears
        FROM partnerships WHERE slug IN (${sql.join(slugs.map((s) => sql`${s}`), sql`, `)})`)
    : [];
  const unknown = slugs.filter((s) => !found.some((f) => f.slug === s));
  const problem: ComparisonProblem | null = unknown.length
    ? { reason: "unknown", slugs: unknown }
    : slugs.length < COMPARE_MIN
      ? { reason: "too_few", count: slugs.length }
      : slugs.length > COMPARE_MAX
        ? { reason: "too_many", count: slugs.length }
        : null;
  const chosen = found.map((f) => ({ slug: f.slug, name: f.name }));
  if (problem) return { problem, chosen, partnerships: [], chart: [], maxPence: 0, header: COMPARISON_HEADER, rows: [] as string[][] };
  const ordered = slugs.map((s) => found.find((f) => f.slug === s)!);
  const savings = savingsOf(ordered.map((r) => r.id));
  const kpis = kpisOf(ordered.map((r) => r.id));
  const partnerships: (ComparedPartnership & BenchmarkPartnership)[] = ordered.map((r) => {
    const annual = r.contractValuePence !== null && r.termYears ? Math.round(r.contractValuePence / r.termYears) : null;
    return {
      ...r,
      annualValuePence: annual,
      savings: savings.filter((s) => s.partnershipId === r.id).map(({ partnershipId: _p, ...s }) => ({ ...s, ...shareOf(s, r.contractValuePence, annual) })),
      latestRatings: latestRatings(kpis.filter((k) => k.partnershipId === r.id)).map(({ kpi, rating, periodStart, periodEnd, source }) => ({ kpi, rating, periodStart, periodEnd, source })),
    };
  });
  const amounts = partnerships.flatMap((p) => [p.contractValuePence, ...p.savings.map((s) => s.amountPence)]).filter((n): n is number => n !== null);
  return {
    problem,
    chosen,
    partnerships,
    chart: [{ slug: "chosen", name: "Chosen partnerships", partnerships }],
    maxPence: amounts.length ? Math.max(...amounts) : 0,
    header: COMPARISON_HEADER,
    rows: comparisonRows(partnerships),
  };
}

/** The comparison's savings table as CSV, exactly the rows the page shows; null when there is no comparison. */
export function comparisonCsv(member: Member, slugs: string[]) {
  const page = comparisonPage(member, slugs);
  if (!page || page.problem) return page && { problem: page.problem, csv: null };
  return { problem: null, csv: csvDocument(page.header, page.rows) };
}
