/**
 * The registry as OCDS (issue 16): each partnership is one record holding one release that states
 * the registry's facts now, and its compiled release. The OCDS fields say what OCDS can say (an
 * imported fact goes back where the notice had it, so a re-import reads the same facts); what it
 * cannot (savings with their evidence grades, KPI ratings, partial dates, "terminated" as against
 * "ended") travels in the `partnership` extension, ./extension/savings/. Pure: the model gathers.
 */
import type { EvidenceGrade, KpiRating, PartnershipStatus } from "../fixed-lists";
import type { SavingFigure } from "../savings";
import type { Money } from "./map";
import { compileReleases } from "./merge";
import type { OcdsRelease } from "./read";

/** Not a registered OCDS prefix: the ocid of a partnership that no published notice names. */
export const LOCAL_OCID_PREFIX = "ocds-pxchng-";
export const EXTENSION_PATH = "/partnerships/ocds-extension/extension.json";
export const PUBLISHER = "Partnering Exchange";

export type ExportOrganisation = { id: number; name: string; identifier: { scheme: string; identifier: string } | null };

export type ExportPartnership = {
  ocid: string;
  slug: string;
  name: string;
  summary: string | null;
  status: PartnershipStatus | null;
  procurementLaunched: string | null;
  contractSigned: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  termYears: number | null;
  contractValuePence: number | null;
  updatedAt: Date;
  latestRevisionId: number;
  forces: ExportOrganisation[];
  suppliers: ExportOrganisation[];
  /** The OCDS-only facts an import recorded (ocds_facts), as the notices gave them. */
  notice: { tenderValue?: Money; tenderDeadline?: string; awardDate?: string; awardValue?: Money; contractValue?: Money };
  savings: (SavingFigure & { id: number })[];
  kpis: { id: number; name: string; description: string | null; ratings: { id: number; periodStart: string | null; periodEnd: string; rating: KpiRating; note: string | null; source: string; sourceUrl: string | null; evidence: EvidenceGrade }[] }[];
  events: { date: string; what: string }[];
  sources: { citation: string; url: string | null }[];
};

const EVIDENCE: Record<EvidenceGrade, string> = {
  supplier_estimate: "supplierEstimate",
  force_reported: "forceReported",
  disputed: "disputed",
  independently_verified: "independentlyVerified",
  audited: "audited",
};
const RATING: Record<KpiRating, string> = {
  good: "good",
  approaching_target: "approachingTarget",
  requires_improvement: "requiresImprovement",
  inadequate: "inadequate",
  other: "other",
};

/** An OCDS date-time only for a whole day: a year or a month is never turned into a day. */
const dateTime = (partial: string | null | undefined) => (partial && /^\d{4}-\d{2}-\d{2}$/.test(partial) ? `${partial}T00:00:00Z` : undefined);
const gbp = (pence: number | null | undefined): Money | undefined => (pence === null || pence === undefined ? undefined : { amount: pence / 100, currency: "GBP" });
const poundsOf = (m: Money | undefined) => (m && m.currency === "GBP" ? Math.round(m.amount * 100) : null);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Drops undefined, null and empty objects and arrays: in OCDS a null would erase an earlier value when merged. */
function clean(value: unknown): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(clean).filter((v): v is Json => v !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const c = clean(v);
      return c === undefined ? [] : [[k, c] as const];
    });
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value as Json;
}

const TAG: Record<PartnershipStatus, string> = { planning: "planning", "in-procurement": "tender", live: "contract", ended: "contractTermination", terminated: "contractTermination" };
const TENDER_STATUS: Record<PartnershipStatus, string> = { planning: "planning", "in-procurement": "active", live: "complete", ended: "complete", terminated: "complete" };

const partyId = (o: ExportOrganisation) => `org-${o.id}`;

/** The one release that states a partnership's facts as the registry holds them now. */
export function partnershipRelease(p: ExportPartnership): OcdsRelease {
  const awarded = p.status === "live" || p.status === "ended" || p.status === "terminated";
  const [buyer, ...otherForces] = p.forces;
  const party = (o: ExportOrganisation, roles: string[]) => ({
    id: partyId(o),
    name: o.name,
    identifier: o.identifier ? { scheme: o.identifier.scheme, id: o.identifier.identifier } : undefined,
    roles,
  });
  const hasAward = awarded || p.suppliers.length > 0 || p.notice.awardDate || p.notice.awardValue;
  // The contract value goes where the notices had it: an award's value stays the award's.
  const contractValue = p.notice.contractValue ?? (poundsOf(p.notice.awardValue) === p.contractValuePence ? undefined : gbp(p.contractValuePence));
  const release = {
    ocid: p.ocid,
    id: `${p.ocid}-registry-${p.latestRevisionId}`,
    date: p.updatedAt.toISOString(),
    tag: [p.status ? TAG[p.status] : "implementation"],
    initiationType: "tender",
    language: "en",
    parties: [...(buyer ? [party(buyer, ["buyer"])] : []), ...otherForces.map((o) => party(o, ["procuringEntity"])), ...p.suppliers.map((o) => party(o, ["supplier"]))],
    buyer: buyer ? { id: partyId(buyer), name: buyer.name } : undefined,
    tender: {
      id: `${p.slug}-tender`,
      title: p.name,
      description: p.summary,
      status: p.status ? TENDER_STATUS[p.status] : undefined,
      tenderPeriod: { startDate: dateTime(p.procurementLaunched), endDate: dateTime(p.notice.tenderDeadline) },
      value: p.notice.tenderValue,
    },
    awards: hasAward
      ? [{ id: `${p.slug}-award`, status: awarded ? "active" : "pending", date: dateTime(p.notice.awardDate), value: p.notice.awardValue, suppliers: p.suppliers.map((o) => ({ id: partyId(o), name: o.name })) }]
      : undefined,
    contracts: awarded
      ? [{ id: `${p.slug}-contract`, awardID: `${p.slug}-award`, status: p.status === "live" ? "active" : "terminated", dateSigned: dateTime(p.contractSigned), period: { startDate: dateTime(p.serviceStart), endDate: dateTime(p.serviceEnd) }, value: contractValue }]
      : undefined,
    partnership: {
      status: p.status,
      dates: { procurementLaunched: p.procurementLaunched, contractSigned: p.contractSigned, serviceStart: p.serviceStart, serviceEnd: p.serviceEnd },
      termYears: p.termYears,
      savings: p.savings.map((s) => ({
        id: String(s.id),
        kind: s.kind,
        amount: gbp(s.amountPence),
        percentage: s.percentLow === null ? undefined : { low: s.percentLow, high: s.percentHigh },
        period: s.period,
        reportedBy: s.reportedBy,
        evidenceGrade: EVIDENCE[s.evidence],
        note: s.note,
      })),
      performance: p.kpis.map((k) => ({
        id: String(k.id),
        title: k.name,
        description: k.description,
        // An empty list is kept: the KPI is recorded though not yet rated.
        assessments: k.ratings.map((r) => ({ id: String(r.id), periodStart: r.periodStart, periodEnd: r.periodEnd, rating: RATING[r.rating], note: r.note, source: r.source, sourceUrl: r.sourceUrl, evidenceGrade: EVIDENCE[r.evidence] })),
      })),
      events: p.events.map((e) => ({ date: e.date, description: e.what })),
      sources: p.sources.map((s) => ({ citation: s.citation, url: s.url })),
    },
  };
  const out = clean(release) as Record<string, Json>;
  const performance = (out.partnership as Record<string, Json> | undefined)?.performance as Record<string, Json>[] | undefined;
  performance?.forEach((k) => (k.assessments ??= []));
  return out as unknown as OcdsRelease;
}

/** An OCDS 1.1 record package of these partnerships, with the extension declared. */
export function recordPackage(partnerships: ExportPartnership[], options: { baseUrl: string; uri: string; publishedDate: Date }) {
  return {
    uri: options.uri,
    version: "1.1",
    extensions: [`${options.baseUrl}${EXTENSION_PATH}`],
    publisher: { name: PUBLISHER, uri: options.baseUrl },
    publishedDate: options.publishedDate.toISOString(),
    records: partnerships.map((p) => {
      const release = partnershipRelease(p);
      return { ocid: p.ocid, releases: [release], compiledRelease: compileReleases([release]) };
    }),
  };
}
