/**
 * The registry as an OCDS record package (issue 16): one partnership, or every one the filters
 * match. Partnership facts are public to every member, so the export is the same for everyone who
 * may read the registry; what is linked to a partnership (threads, lessons, templates, the market
 * engagement record) keeps its own audience and is never in it. A fixed number of statements.
 */
import { sql } from "drizzle-orm";
import { mayReadRegistry, type Member } from "~/auth/policy/index.server";
import { LOCAL_OCID_PREFIX, recordPackage, type ExportPartnership } from "~/lib/ocds/export";
import type { Money } from "~/lib/ocds/map";
import { comparePartialDates } from "~/lib/partial-date";
import type { RegistryQuery } from "~/lib/registry-query";
import { db } from "../../../db/client.server";
import { kpisOf } from "./performance.server";
import { ids, listRegistryForExport } from "./registry.server";

type Base = { id: number; slug: string; summary: string | null; updatedAt: number; ocid: string | null; latestRevisionId: number | null };

const EVERYTHING: RegistryQuery = { filter: { type: null, area: null, status: null, force: null, supplier: null }, sort: "signed" };

/** The partnerships the query matches (of `onlyIds` when given), in its order, with all an export holds. */
function exportRows(query: RegistryQuery, onlyIds?: number[]): ExportPartnership[] {
  const rows = listRegistryForExport(query, onlyIds);
  if (rows.length === 0) return [];
  const partnershipIds = rows.map((r) => r.id);
  const list = ids(partnershipIds);
  const base = new Map(
    db()
      .all<Base>(sql`
        SELECT p.id, p.slug, p.summary, p.updated_at AS updatedAt, o.ocid AS ocid, (SELECT max(r.id) FROM partnership_revisions r WHERE r.partnership_id = p.id) AS latestRevisionId
        FROM partnerships p LEFT JOIN ocds_processes o ON o.partnership_id = p.id WHERE p.id IN (${list})`)
      .map((r) => [r.id, r]),
  );
  const identifiers = new Map(
    db()
      .all<{ organisationId: number; scheme: string; identifier: string }>(sql`
        SELECT i.organisation_id AS organisationId, i.scheme, i.identifier FROM ocds_organisation_identifiers i
        WHERE i.organisation_id IN (SELECT organisation_id FROM partnership_organisations WHERE partnership_id IN (${list}))
        ORDER BY i.scheme, i.identifier`)
      .reverse()
      .map((r) => [r.organisationId, { scheme: r.scheme, identifier: r.identifier }]),
  );
  const notices = db().all<{ partnershipId: number; fact: string; value: string }>(sql`
    SELECT partnership_id AS partnershipId, fact, value FROM ocds_facts
    WHERE partnership_id IN (${list}) AND fact IN ('tenderValue', 'tenderDeadline', 'awardDate', 'awardValue', 'contractValue')`);
  const events = db().all<{ partnershipId: number; id: number; date: string; what: string }>(sql`
    SELECT partnership_id AS partnershipId, id, date, what FROM partnership_events WHERE partnership_id IN (${list}) ORDER BY date, id`);
  const kpis = kpisOf(partnershipIds);
  return rows.map((r) => {
    const b = base.get(r.id)!;
    const notice: ExportPartnership["notice"] = {};
    for (const n of notices.filter((x) => x.partnershipId === r.id)) (notice as Record<string, string | Money>)[n.fact] = JSON.parse(n.value) as string | Money;
    const org = (o: { id: number; name: string }) => ({ id: o.id, name: o.name, identifier: identifiers.get(o.id) ?? null });
    return {
      ocid: b.ocid ?? `${LOCAL_OCID_PREFIX}${r.slug}`,
      slug: r.slug,
      name: r.name,
      summary: b.summary,
      status: r.status,
      procurementLaunched: r.procurementLaunched,
      contractSigned: r.contractSigned,
      serviceStart: r.serviceStart,
      serviceEnd: r.serviceEnd,
      termYears: r.termYears,
      contractValuePence: r.contractValuePence,
      updatedAt: new Date(b.updatedAt * 1000),
      latestRevisionId: b.latestRevisionId ?? 0,
      forces: r.forces.map(org),
      suppliers: r.suppliers.map(org),
      notice,
      savings: r.savings,
      kpis: kpis.filter((k) => k.partnershipId === r.id),
      events: events
        .filter((e) => e.partnershipId === r.id)
        .sort((a, c) => comparePartialDates(a.date, c.date) || a.id - c.id)
        .map(({ date, what }) => ({ date, what })),
      sources: r.sources,
    };
  });
}

type PackageOptions = { baseUrl: string; path: string };

/** One partnership as a record package, or null when there is none or the member may not read the registry. */
export function partnershipOcds(member: Member, slug: string, options: PackageOptions) {
  if (!mayReadRegistry(member)) return null;
  const row = db().get<{ id: number }>(sql`SELECT id FROM partnerships WHERE slug = ${slug}`);
  if (!row) return null;
  return recordPackage(exportRows(EVERYTHING, [row.id]), { baseUrl: options.baseUrl, uri: `${options.baseUrl}${options.path}`, publishedDate: new Date() });
}

/** Every partnership the filters match (up to EXPORT_LIMIT), as one record package; null when the member may not read the registry. */
export function registryOcds(member: Member, query: RegistryQuery, options: PackageOptions) {
  if (!mayReadRegistry(member)) return null;
  return recordPackage(exportRows(query), { baseUrl: options.baseUrl, uri: `${options.baseUrl}${options.path}`, publishedDate: new Date() });
}
