/**
 * What a compiled OCDS release says about a partnership, in the registry's terms, and nothing it
 * does not: OCDS has no savings, so none come from it. Text is taken as published (mojibake and
 * `&apos;` included: a registry of sources quotes them, it does not correct them).
 */
import type { PartnershipStatus } from "../fixed-lists";
import { inDateOrder } from "./merge";
import type { OcdsRelease } from "./read";

export type Money = { amount: number; currency: string };
export type Party = { name: string | null; scheme: string | null; identifier: string | null; partyId: string | null };
export type OcdsEvent = { releaseId: string; date: string; what: string };
export type OcdsSource = { releaseId: string; date: string; citation: string; url: string | null };

/** The facts an import can set, each from the latest release that gave it. */
export type OcdsFacts = {
  title: string | null;
  description: string | null;
  status: PartnershipStatus | null;
  procurementLaunched: string | null;
  tenderDeadline: string | null;
  awardDate: string | null;
  contractSigned: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  tenderValue: Money | null;
  awardValue: Money | null;
  contractValue: Money | null;
};

export type OcdsMapping = {
  ocid: string;
  facts: OcdsFacts;
  buyer: Party | null;
  suppliers: Party[];
  /** Things the notices hold that could not be used, said to the person in the preview. */
  notes: string[];
  events: OcdsEvent[];
  sources: OcdsSource[];
};

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj).filter((x): x is Obj => x !== null) : []);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

/** The calendar day an OCDS date-time names, as published (its own offset), or null when it is not a date. */
export function dayOf(value: unknown): string | null {
  const s = str(value);
  const m = s ? /^(\d{4}-\d{2}-\d{2})(?:[T ]|$)/.exec(s) : null;
  return m && !Number.isNaN(Date.parse(m[1]!)) ? m[1]! : null;
}

function money(value: unknown): Money | null {
  const v = obj(value);
  if (!v || typeof v.amount !== "number" || !Number.isFinite(v.amount)) return null;
  return { amount: v.amount, currency: str(v.currency) ?? "GBP" };
}

export const TAG_LABELS: Record<string, string> = {
  planning: "Planning notice",
  planningUpdate: "Planning update",
  tender: "Tender notice",
  tenderAmendment: "Tender amended",
  tenderUpdate: "Tender updated",
  tenderCancellation: "Tender cancelled",
  award: "Contract awarded",
  awardUpdate: "Award updated",
  awardCancellation: "Award cancelled",
  contract: "Contract signed",
  contractUpdate: "Contract updated",
  contractAmendment: "Contract amended",
  implementation: "Implementation update",
  implementationUpdate: "Implementation update",
  contractTermination: "Contract terminated",
  compiled: "Compiled release",
};

export function publisherOf(ocid: string, packagePublisher: string | null) {
  if (packagePublisher) return packagePublisher;
  if (ocid.startsWith("ocds-b5fd17-")) return "Contracts Finder (Cabinet Office)";
  if (ocid.startsWith("ocds-h6vhtk-")) return "Find a Tender (Cabinet Office)";
  return "the publisher";
}

function titleOf(r: Obj) {
  return str(obj(r.tender)?.title) ?? str(r.title) ?? str(obj(obj(r.planning)?.budget)?.project) ?? null;
}

/**
 * Status from the tags and statuses of the compiled release, the most final first: anything
 * cancelled ended the partnership early (terminated); a terminated contract (OCDS: "has come to a
 * close", completed or early) ended; an active award or contract is live; an active or planned
 * tender is in procurement or planning.
 */
export function statusOf(compiled: Obj, tags: string[]): PartnershipStatus | null {
  const tender = obj(compiled.tender);
  const awards = list(compiled.awards);
  const contracts = list(compiled.contracts);
  const latestTags = new Set(tags);
  if (latestTags.has("contractTermination") || contracts.some((c) => c.status === "terminated")) return "ended";
  const cancelled = latestTags.has("tenderCancellation") || latestTags.has("awardCancellation") || tender?.status === "cancelled" || tender?.status === "unsuccessful";
  const awarded = awards.some((a) => a.status === "active" || a.status === undefined) || contracts.some((c) => c.status === "active" || c.status === "pending");
  if (cancelled && !awarded) return "terminated";
  if (awarded) return "live";
  if (contracts.some((c) => c.status === "cancelled") || (awards.length > 0 && awards.every((a) => a.status === "cancelled"))) return "terminated";
  if (tender?.status === "active" || latestTags.has("tender") || latestTags.has("tenderAmendment") || latestTags.has("tenderUpdate")) return "in-procurement";
  if (tender?.status === "planning" || tender?.status === "planned" || latestTags.has("planning") || latestTags.has("planningUpdate")) return "planning";
  return null;
}

function partyOf(ref: Obj | null, parties: Obj[]): Party | null {
  if (!ref) return null;
  const partyId = str(ref.id);
  const party = partyId ? parties.find((p) => String(p.id) === partyId) : undefined;
  const identifier = obj(party?.identifier) ?? obj(ref.identifier);
  return {
    name: str(ref.name) ?? str(party?.name) ?? str(identifier?.legalName),
    scheme: str(identifier?.scheme),
    identifier: identifier?.id === undefined || identifier?.id === null ? null : String(identifier.id),
    partyId,
  };
}

/** Maps one contracting process: its compiled release and the releases it came from. */
export function mapProcess(compiled: Obj, releases: readonly OcdsRelease[], packagePublisher: string | null): OcdsMapping {
  const ocid = String(compiled.ocid);
  const ordered = inDateOrder(releases);
  const notes: string[] = [];
  const parties = list(compiled.parties);
  const tender = obj(compiled.tender);
  const activeAwards = list(compiled.awards).filter((a) => a.status !== "cancelled" && a.status !== "unsuccessful");
  const latestAward = inDateOrder(activeAwards.map((a) => ({ a, date: str(a.datePublished) ?? str(a.date) ?? "" }))).at(-1)?.a ?? null;
  const contracts = list(compiled.contracts).filter((c) => c.status !== "cancelled");
  const latestContract = contracts.at(-1) ?? null;
  const period = obj(latestContract?.period) ?? obj(latestAward?.contractPeriod);
  const buyerRef = obj(compiled.buyer) ?? parties.find((p) => Array.isArray(p.roles) && p.roles.includes("buyer")) ?? null;
  const buyer = partyOf(buyerRef, parties);
  if (!buyer) notes.push("The notices name no buyer.");

  const suppliers: Party[] = [];
  for (const award of activeAwards) {
    for (const ref of list(award.suppliers)) {
      const s = partyOf(ref, parties);
      if (!s?.name) {
        notes.push(`A supplier in award ${String(award.id)} has no name in the notice${s?.partyId ? ` (party ${s.partyId})` : ""}, so it is not added.`);
        continue;
      }
      if (!suppliers.some((x) => x.name!.toLowerCase() === s.name!.toLowerCase())) suppliers.push(s);
    }
  }

  const publisher = publisherOf(ocid, packagePublisher);
  const events: OcdsEvent[] = [];
  const sources: OcdsSource[] = [];
  for (const r of ordered) {
    const date = dayOf(r.date);
    if (!date) continue;
    const tag = (r.tag ?? [])[0] ?? "compiled";
    const title = titleOf(r) ?? "untitled notice";
    const label = TAG_LABELS[tag] ?? tag;
    events.push({ releaseId: r.id, date, what: `${label}: ${title}` });
    const noticeId = r.id.replace(/-\d+$/, "");
    const documents = [...list(obj(r.tender)?.documents), ...list(r.awards).flatMap((a) => list(a.documents)), ...list(obj(r.planning)?.documents), ...list(r.contracts).flatMap((c) => list(c.documents))];
    const notice = documents.find((d) => typeof d.url === "string" && d.url.includes(noticeId)) ?? documents.find((d) => typeof d.documentType === "string" && /Notice$/.test(d.documentType) && typeof d.url === "string");
    sources.push({ releaseId: r.id, date, citation: `${publisher}: ${label.toLowerCase()}, "${title}" (${r.id}), published ${date}`, url: str(notice?.url) });
  }

  const contractSigned = contracts.map((c) => dayOf(c.dateSigned)).filter((d): d is string => d !== null).sort()[0] ?? null;
  const facts: OcdsFacts = {
    title: titleOf(compiled),
    description: str(tender?.description) ?? str(compiled.description) ?? null,
    status: statusOf(compiled, ordered.at(-1)?.tag ?? []),
    procurementLaunched: dayOf(obj(tender?.tenderPeriod)?.startDate) ?? dayOf(tender?.datePublished) ?? dayOf(ordered.find((r) => (r.tag ?? []).includes("tender"))?.date),
    tenderDeadline: dayOf(obj(tender?.tenderPeriod)?.endDate),
    awardDate: dayOf(latestAward?.date),
    contractSigned,
    serviceStart: dayOf(period?.startDate),
    serviceEnd: dayOf(period?.endDate),
    tenderValue: money(tender?.value),
    awardValue: money(latestAward?.value),
    contractValue: money(latestContract?.value),
  };
  return { ocid, facts, buyer, suppliers, notes, events, sources };
}
