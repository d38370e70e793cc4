/**
 * Importing a partnership from its published OCDS notices (issue 16). An upload is planned
 * (nothing written), shown as a preview, and applied only when the person confirms the same plan
 * (its fingerprint), in one transaction: the releases as received, the facts each came from, the
 * partnership's changed columns with a revision, links, timeline events and sources. A fact is
 * changed only when its notice value changed since the last import, so importing the same file
 * again changes nothing and a hand edit stands until a newer notice moves that fact.
 */
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { mayImportNotices, type Member } from "~/auth/policy/index.server";
import { compileReleases, groupByOcid, inDateOrder } from "~/lib/ocds/merge";
import { mapProcess, type Money, type OcdsFacts, type OcdsMapping } from "~/lib/ocds/map";
import { identifierKey, matchBuyer, type PolicingOrganisation } from "~/lib/ocds/match";
import type { OcdsRelease, ReadProblem } from "~/lib/ocds/read";
import { readOcdsFile } from "~/lib/ocds/validate.server";
import { formatMoneyExact } from "~/lib/money";
import { formatPartialDate } from "~/lib/partial-date";
import { STATUS_LABELS } from "~/lib/partnership-labels";
import { slugify } from "~/lib/slug";
import { readStored, releaseUpload } from "~/lib/storage.server";
import { db, type Tx } from "../../db/client.server";
import {
  ocdsFacts,
  ocdsOrganisationIdentifiers,
  ocdsProcesses,
  ocdsReleases,
  ocdsUploads,
  organisations,
  partnershipEvents,
  partnershipOrganisations,
  partnershipRevisions,
  partnerships,
  partnershipSources,
  templateVersions,
} from "../../db/schema";
import type { PartnershipStatus } from "~/lib/fixed-lists";
import { recordEngagement } from "./engagement-log.server";
import { getPartnership, RESERVED_SLUGS, type Partnership } from "./partnerships/index.server";


// ---------------------------------------------------------------------------------------------
// Uploads

/** Records that the member uploaded this file, so the preview's confirm may name it. */
export function recordUpload(member: Member, sha256: string, filename: string) {
  db().insert(ocdsUploads).values({ sha256, userId: member.id, filename }).onConflictDoNothing().run();
  // The stored file stays for the confirm; a refused file is removed by forgetUpload.
  releaseUpload(sha256, () => true);
}

/** Removes an upload that was refused: nothing of it is kept unless something else uses the same bytes. */
export function discardUpload(member: Member, sha256: string) {
  db().delete(ocdsUploads).where(and(eq(ocdsUploads.sha256, sha256), eq(ocdsUploads.userId, member.id))).run();
  releaseUpload(sha256, () => {
    const usedByTemplate = db().select({ id: templateVersions.id }).from(templateVersions).where(eq(templateVersions.fileSha256, sha256)).limit(1).get();
    const usedByImport = db().select({ id: ocdsReleases.id }).from(ocdsReleases).where(eq(ocdsReleases.uploadSha256, sha256)).limit(1).get();
    const previewed = db().select({ sha256: ocdsUploads.sha256 }).from(ocdsUploads).where(eq(ocdsUploads.sha256, sha256)).limit(1).get();
    return Boolean(usedByTemplate || usedByImport || previewed);
  });
}

/**
 * The import page: the partnership it updates (null for a new one). "not_found" for a missing
 * partnership, "forbidden" unless the member may import into it (or add one).
 */
export function importPage(member: Member, slug: string | null): { ok: true; partnership: { slug: string; name: string } | null } | { ok: false; reason: "not_found" | "forbidden" } {
  const partnership = slug ? getPartnership(slug) : null;
  if (slug && !partnership) return { ok: false, reason: "not_found" };
  if (!mayImportNotices(member, partnership)) return { ok: false, reason: "forbidden" };
  return { ok: true, partnership: partnership ? { slug: partnership.slug, name: partnership.name } : null };
}

// ---------------------------------------------------------------------------------------------
// Planning

export type FactChange = { key: string; label: string; before: string | null; after: string };

export type ImportPlan = {
  sha256: string;
  ocid: string;
  publisher: string;
  releaseCount: number;
  newReleases: { releaseId: string; date: string; tag: string }[];
  partnership: { slug: string; name: string } | null;
  buyer: { published: string | null; organisation: { slug: string; name: string } | null; needsChoice: boolean; matched: boolean };
  buyerOptions: { slug: string; name: string }[];
  changes: FactChange[];
  unchanged: number;
  notes: string[];
  fingerprint: string;
};

export type PlanRefusal = { reason: "not_found" | "forbidden" } | { reason: "refused"; message: string; problems: ReadProblem[]; link?: { href: string; text: string } };
export type PlanResult = { ok: true; plan: ImportPlan; work: Work } | { ok: false; refusal: PlanRefusal };

/** Column facts the registry already has, by the key ocds_facts uses. */
const COLUMN_FACTS = ["name", "summary", "status", "procurementLaunched", "contractSigned", "serviceStart", "serviceEnd", "contractValuePence"] as const;
type ColumnFact = (typeof COLUMN_FACTS)[number];
/** Facts OCDS holds that the registry has no column for; kept in ocds_facts only. */
export const NOTICE_FACTS = ["tenderValue", "tenderDeadline", "awardDate", "awardValue", "contractValue"] as const;
type NoticeFact = (typeof NOTICE_FACTS)[number];

export const FACT_LABELS: Record<ColumnFact | NoticeFact | "forces" | "suppliers" | "events" | "sources", string> = {
  name: "Name",
  summary: "Summary",
  status: "Status",
  procurementLaunched: "Procurement launched",
  contractSigned: "Contract signed",
  serviceStart: "Service start",
  serviceEnd: "Service end",
  contractValuePence: "Contract value",
  tenderValue: "Tender value",
  tenderDeadline: "Tender deadline",
  awardDate: "Award date",
  awardValue: "Award value",
  contractValue: "Contract value (contract notice)",
  forces: "Forces",
  suppliers: "Suppliers",
  events: "Timeline event",
  sources: "Source",
};

type FactValue = string | number | Money;

/** What is written when the plan is confirmed; rebuilt from scratch at confirm, never trusted from the form. */
type Work = {
  member: Member;
  ocid: string;
  releases: { release: OcdsRelease; isNew: boolean; publisher: string | null }[];
  partnership: Partnership | null;
  columns: Partial<Record<ColumnFact, FactValue>>;
  facts: { fact: string; value: FactValue; releaseId: string }[];
  revision: Record<string, [unknown, unknown]>;
  buyer: PolicingOrganisation | null;
  buyerIdentifier: { scheme: string; identifier: string } | null;
  suppliers: { id: number | null; name: string; releaseId: string; identifier: { scheme: string; identifier: string } | null }[];
  events: { releaseId: string; date: string; what: string }[];
  sources: { releaseId: string; citation: string; url: string | null }[];
  openedProcurement: boolean;
};

function policingOrganisations(): PolicingOrganisation[] {
  return db()
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(and(inArray(organisations.kind, ["force", "commissioner"]), eq(organisations.isConfirmed, true)))
    .orderBy(asc(organisations.name))
    .all() as PolicingOrganisation[];
}

function knownIdentifiers() {
  const rows = db().select().from(ocdsOrganisationIdentifiers).all();
  return new Map(rows.map((r) => [identifierKey(r.scheme, r.identifier), r.organisationId]));
}

const refuse = (message: string, problems: ReadProblem[] = [], link?: { href: string; text: string }): PlanResult => ({ ok: false, refusal: { reason: "refused", message, problems, link } });

function pence(m: Money | null) {
  return m && m.currency === "GBP" ? Math.round(m.amount * 100) : null;
}

function display(key: string, value: unknown): string {
  if (value === null || value === undefined) return "Not known";
  if (typeof value === "object" && value && "amount" in value) {
    const m = value as Money;
    return m.currency === "GBP" ? formatMoneyExact(Math.round(m.amount * 100)) : `${m.currency} ${m.amount.toLocaleString("en-GB")}`;
  }
  if (key === "contractValuePence" && typeof value === "number") return formatMoneyExact(value);
  if (key === "status") return STATUS_LABELS[value as PartnershipStatus] ?? String(value);
  if (typeof value === "string" && /^\d{4}(-\d{2}){0,2}$/.test(value)) return formatPartialDate(value);
  return String(value);
}

/** The latest release that on its own gives the fact the value the compiled release has. */
function originOf(fact: keyof OcdsFacts, value: unknown, perRelease: { release: OcdsRelease; facts: OcdsFacts }[]) {
  const json = JSON.stringify(value);
  for (let i = perRelease.length - 1; i >= 0; i--) if (JSON.stringify(perRelease[i]!.facts[fact]) === json) return perRelease[i]!.release.id;
  return perRelease.at(-1)!.release.id;
}

/**
 * What importing the uploaded file would change, without writing anything. `slug` names the
 * partnership it updates (null: a new one); `buyerSlug` is the person's choice when the buyer is
 * none of the forces or commissioner offices by identifier or name.
 */
export async function planImport(member: Member, input: { sha256: string; slug: string | null; buyerSlug: string | null }): Promise<PlanResult> {
  const upload = db().select().from(ocdsUploads).where(and(eq(ocdsUploads.sha256, input.sha256), eq(ocdsUploads.userId, member.id))).get();
  if (!upload) return { ok: false, refusal: { reason: "not_found" } };
  const partnership = input.slug ? getPartnership(input.slug) : null;
  if (input.slug && !partnership) return { ok: false, refusal: { reason: "not_found" } };
  if (!mayImportNotices(member, partnership)) return { ok: false, refusal: { reason: "forbidden" } };

  let bytes: Buffer;
  try {
    bytes = await readStored(input.sha256);
  } catch {
    return { ok: false, refusal: { reason: "not_found" } };
  }
  const read = readOcdsFile(bytes);
  if (!read.ok) return refuse(read.summary, read.problems);
  const groups = groupByOcid(read.value.releases);
  if (groups.size > 1) {
    const ocids = [...groups.keys()];
    return refuse(`The selected file is about ${ocids.length} different procurements (${ocids.slice(0, 3).join(", ")}${ocids.length > 3 ? "…" : ""}). A partnership is one procurement: upload the notices of one procurement at a time.`);
  }
  const [ocid, uploaded] = [...groups.entries()][0]!;

  const process = db().select().from(ocdsProcesses).where(eq(ocdsProcesses.ocid, ocid)).get();
  const own = partnership ? db().select().from(ocdsProcesses).where(eq(ocdsProcesses.partnershipId, partnership.id)).get() : undefined;
  if (own && own.ocid !== ocid) return refuse(`These notices are about procurement ${ocid}, but ${partnership!.name} comes from procurement ${own.ocid}. Upload that procurement's notices, or add the other one as a new partnership.`);
  if (process && process.partnershipId !== partnership?.id) {
    const other = db().select({ slug: partnerships.slug, name: partnerships.name }).from(partnerships).where(eq(partnerships.id, process.partnershipId)).get();
    return refuse(`These notices are about procurement ${ocid}, which is already in the registry as ${other?.name ?? "another partnership"}. Update it from its page.`, [], other ? { href: `/partnerships/${other.slug}/import`, text: `Update ${other.name} from published notices` } : undefined);
  }

  const stored = db().select().from(ocdsReleases).where(eq(ocdsReleases.ocid, ocid)).all();
  const storedIds = new Set(stored.map((r) => r.releaseId));
  const releases: Work["releases"] = stored.map((r) => ({ release: JSON.parse(r.json) as OcdsRelease, isNew: false, publisher: r.publisher }));
  for (const r of uploaded) {
    if (storedIds.has(r.id) || releases.some((x) => x.release.id === r.id)) continue;
    releases.push({ release: r, isNew: true, publisher: read.value.publisher });
  }
  const ordered = inDateOrder(releases.map((x) => ({ ...x, date: x.release.date })));
  const all = ordered.map((x) => x.release);
  const publisherName = ordered.map((x) => x.publisher).find((p) => p) ?? null;
  const mapping: OcdsMapping = mapProcess(compileReleases(all), all, publisherName);
  const perRelease = all.map((release) => ({ release, facts: mapProcess(compileReleases([release]), [release], publisherName).facts }));

  // The buyer: by identifier, then by name; otherwise the person's choice.
  const orgs = policingOrganisations();
  const matched = matchBuyer(mapping.buyer, orgs, knownIdentifiers());
  const chosen = input.buyerSlug ? orgs.find((o) => o.slug === input.buyerSlug) ?? null : null;
  const buyer = matched ?? chosen;

  const previous = partnership ? db().select().from(ocdsFacts).where(eq(ocdsFacts.partnershipId, partnership.id)).all() : [];
  const lastImported = new Map(previous.map((f) => [f.fact, f.value]));
  const changes: FactChange[] = [];
  const work: Work = {
    member,
    ocid,
    releases,
    partnership,
    columns: {},
    facts: [],
    revision: {},
    buyer,
    buyerIdentifier: buyer && mapping.buyer?.scheme && mapping.buyer.identifier ? { scheme: mapping.buyer.scheme, identifier: mapping.buyer.identifier } : null,
    suppliers: [],
    events: [],
    sources: [],
    openedProcurement: false,
  };
  let unchanged = 0;

  const f = mapping.facts;
  const columnValues: Partial<Record<ColumnFact, { value: FactValue | null; from: keyof OcdsFacts }>> = {
    status: { value: f.status, from: "status" },
    procurementLaunched: { value: f.procurementLaunched, from: "procurementLaunched" },
    contractSigned: { value: f.contractSigned, from: "contractSigned" },
    serviceStart: { value: f.serviceStart, from: "serviceStart" },
    serviceEnd: { value: f.serviceEnd, from: "serviceEnd" },
    contractValuePence: f.contractValue ? { value: pence(f.contractValue), from: "contractValue" } : { value: pence(f.awardValue), from: "awardValue" },
  };
  if (!partnership) {
    columnValues.name = { value: f.title ?? ocid, from: "title" };
    columnValues.summary = { value: f.description, from: "description" };
  }
  for (const key of COLUMN_FACTS) {
    const entry = columnValues[key];
    if (!entry || entry.value === null) continue;
    const json = JSON.stringify(entry.value);
    if (lastImported.get(key) === json) continue; // The notices have not moved this fact since the last import.
    const releaseId = originOf(entry.from, entry.from === "contractValue" ? f.contractValue : entry.from === "awardValue" ? f.awardValue : entry.value, perRelease);
    work.facts.push({ fact: key, value: entry.value, releaseId });
    const current = partnership ? (partnership[key] as FactValue | null) : null;
    if (current === entry.value) {
      unchanged++;
      continue;
    }
    work.columns[key] = entry.value;
    work.revision[key] = [current, entry.value];
    changes.push({ key, label: FACT_LABELS[key], before: partnership ? display(key, current) : null, after: display(key, entry.value) });
  }
  if (work.columns.status === "in-procurement" && partnership?.status !== "in-procurement") work.openedProcurement = true;

  for (const key of NOTICE_FACTS) {
    const value = f[key];
    if (value === null) continue;
    const json = JSON.stringify(value);
    if (lastImported.get(key) === json) continue;
    const before = lastImported.get(key);
    work.facts.push({ fact: key, value, releaseId: originOf(key, value, perRelease) });
    changes.push({ key, label: FACT_LABELS[key], before: partnership ? display(key, before ? JSON.parse(before) : null) : null, after: display(key, value) });
  }

  // Links: the buyer as the partnership's force (or commissioner office), the awarded suppliers.
  const linked = new Set(partnership?.organisationIds ?? []);
  const newForces: string[] = [];
  if (buyer && !linked.has(buyer.id)) {
    newForces.push(buyer.name);
    work.facts.push({ fact: `force:${buyer.id}`, value: buyer.name, releaseId: perRelease.at(-1)!.release.id });
  }
  const newSuppliers: string[] = [];
  const identifiers = knownIdentifiers();
  for (const s of mapping.suppliers) {
    const byIdentifier = s.scheme && s.identifier ? identifiers.get(identifierKey(s.scheme, s.identifier)) : undefined;
    const found =
      (byIdentifier !== undefined ? db().select({ id: organisations.id, name: organisations.name }).from(organisations).where(and(eq(organisations.id, byIdentifier), eq(organisations.kind, "supplier"))).get() : undefined) ??
      db().get<{ id: number; name: string }>(sql`SELECT id, name FROM organisations WHERE kind = 'supplier' AND lower(name) = lower(${s.name}) ORDER BY is_confirmed DESC, id LIMIT 1`);
    if (found && linked.has(found.id)) continue;
    const releaseId = [...all].reverse().find((r) => JSON.stringify(r.awards ?? []).includes(JSON.stringify(s.name!).slice(1, -1)))?.id ?? all.at(-1)!.id;
    work.suppliers.push({ id: found?.id ?? null, name: found?.name ?? s.name!, releaseId, identifier: s.scheme && s.identifier ? { scheme: s.scheme, identifier: s.identifier } : null });
    newSuppliers.push(found ? found.name : `${s.name} (new organisation, pending an administrator's confirmation)`);
  }
  if (newForces.length) {
    const before = partnership?.forces.map((o) => o.name) ?? [];
    work.revision.forces = [before, [...before, ...newForces]];
    changes.push({ key: "forces", label: buyer?.kind === "commissioner" ? "Forces (commissioner office)" : "Forces", before: partnership ? before.join(", ") || "None" : null, after: [...before, ...newForces].join(", ") });
  }
  if (newSuppliers.length) {
    const before = partnership?.suppliers.map((o) => o.name) ?? [];
    work.revision.suppliers = [before, [...before, ...work.suppliers.map((s) => s.name)]];
    changes.push({ key: "suppliers", label: FACT_LABELS.suppliers, before: partnership ? before.join(", ") || "None" : null, after: [...before, ...newSuppliers].join(", ") });
  }

  const existingUrls = new Set(partnership?.sources.map((s) => s.url).filter(Boolean) ?? []);
  for (const e of mapping.events) {
    if (lastImported.has(`event:${e.releaseId}`)) continue;
    work.events.push(e);
    changes.push({ key: `event:${e.releaseId}`, label: FACT_LABELS.events, before: null, after: `${formatPartialDate(e.date)}: ${e.what}` });
  }
  for (const s of mapping.sources) {
    if (lastImported.has(`source:${s.releaseId}`) || (s.url && existingUrls.has(s.url))) continue;
    existingUrls.add(s.url ?? "");
    work.sources.push(s);
    changes.push({ key: `source:${s.releaseId}`, label: FACT_LABELS.sources, before: null, after: s.url ? `${s.citation} — ${s.url}` : s.citation });
  }
  if (work.events.length) work.revision.events = [null, work.events.map((e) => `${formatPartialDate(e.date)}: ${e.what}`)];
  if (work.sources.length) work.revision.sources = [null, work.sources.map((s) => s.citation)];

  const needsChoice = !buyer;
  const fingerprint = createHash("sha256")
    .update(JSON.stringify({ changes, buyer: buyer?.id ?? null, suppliers: work.suppliers.map((s) => s.id), releases: releases.filter((r) => r.isNew).map((r) => r.release.id), partnership: partnership?.latestRevisionId ?? null }))
    .digest("hex");
  const plan: ImportPlan = {
    sha256: input.sha256,
    ocid,
    publisher: mapping.sources[0]?.citation.split(":")[0] ?? "the publisher",
    releaseCount: uploaded.length,
    newReleases: releases.filter((r) => r.isNew).map((r) => ({ releaseId: r.release.id, date: r.release.date, tag: (r.release.tag ?? [])[0] ?? "" })),
    partnership: partnership ? { slug: partnership.slug, name: partnership.name } : null,
    buyer: { published: mapping.buyer?.name ?? null, organisation: buyer ? { slug: buyer.slug, name: buyer.name } : null, needsChoice, matched: Boolean(matched) },
    buyerOptions: orgs.map((o) => ({ slug: o.slug, name: o.name })),
    changes,
    unchanged,
    notes: mapping.notes,
    fingerprint,
  };
  return { ok: true, plan, work };
}

// ---------------------------------------------------------------------------------------------
// Applying

function uniqueSlug(tx: Tx, name: string) {
  const base = slugify(name, 70) || "partnership";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (RESERVED_SLUGS.has(slug)) continue;
    if (!tx.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.slug, slug)).get()) return slug;
  }
}

function uniqueOrganisationSlug(tx: Tx, name: string) {
  const base = slugify(name, 60) || "supplier";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get()) return slug;
  }
}

export type ApplyResult = { ok: true; slug: string; changed: number } | { ok: false; refusal: PlanRefusal | { reason: "stale" } | { reason: "choose_buyer" } };

/** Applies the plan the person saw (same fingerprint), or says why not. */
export async function applyImport(member: Member, input: { sha256: string; slug: string | null; buyerSlug: string | null; fingerprint: string }): Promise<ApplyResult> {
  const planned = await planImport(member, input);
  if (!planned.ok) return { ok: false, refusal: planned.refusal };
  const { plan, work } = planned;
  if (plan.buyer.needsChoice) return { ok: false, refusal: { reason: "choose_buyer" } };
  if (plan.fingerprint !== input.fingerprint) return { ok: false, refusal: { reason: "stale" } };
  const slug = db().transaction((tx) => writeImport(tx, work, input.sha256));
  return { ok: true, slug, changed: plan.changes.length };
}

function writeImport(tx: Tx, work: Work, sha256: string): string {
  for (const r of work.releases.filter((x) => x.isNew)) {
    tx.insert(ocdsReleases)
      .values({ ocid: work.ocid, releaseId: r.release.id, date: r.release.date, tags: r.release.tag ?? [], publisher: r.publisher, json: JSON.stringify(r.release), uploadSha256: sha256, importedBy: work.member.id })
      .onConflictDoNothing()
      .run();
  }
  const rowIds = new Map(tx.select({ id: ocdsReleases.id, releaseId: ocdsReleases.releaseId }).from(ocdsReleases).where(eq(ocdsReleases.ocid, work.ocid)).all().map((r) => [r.releaseId, r.id]));
  const rowOf = (releaseId: string) => rowIds.get(releaseId)!;

  let partnershipId: number;
  let slug: string;
  if (work.partnership) {
    partnershipId = work.partnership.id;
    slug = work.partnership.slug;
    if (Object.keys(work.columns).length) tx.update(partnerships).set(work.columns as Record<string, unknown>).where(eq(partnerships.id, partnershipId)).run();
  } else {
    slug = uniqueSlug(tx, String(work.columns.name));
    partnershipId = tx
      .insert(partnerships)
      .values({ slug, name: String(work.columns.name), ...(work.columns as Record<string, unknown>) })
      .returning({ id: partnerships.id })
      .get().id;
  }
  tx.insert(ocdsProcesses).values({ ocid: work.ocid, partnershipId }).onConflictDoNothing().run();
  // The record starts with what suppliers can already read in content linked to it, as an edit into procurement does.
  if (work.openedProcurement) recordEngagement(tx, "opened", { partnershipId }, { actorId: work.member.id });

  const setFact = (fact: string, value: FactValue, releaseId: string) =>
    tx
      .insert(ocdsFacts)
      .values({ partnershipId, fact, value: JSON.stringify(value), releaseId: rowOf(releaseId) })
      .onConflictDoUpdate({ target: [ocdsFacts.partnershipId, ocdsFacts.fact], set: { value: JSON.stringify(value), releaseId: rowOf(releaseId) } })
      .run();
  for (const fact of work.facts) if (!fact.fact.startsWith("force:")) setFact(fact.fact, fact.value, fact.releaseId);

  if (work.buyer) {
    const linked = tx.insert(partnershipOrganisations).values({ partnershipId, organisationId: work.buyer.id, role: "force" }).onConflictDoNothing().run();
    if (linked.changes) setFact(`force:${work.buyer.id}`, work.buyer.name, work.releases.at(-1)!.release.id);
    if (work.buyerIdentifier) tx.insert(ocdsOrganisationIdentifiers).values({ ...work.buyerIdentifier, organisationId: work.buyer.id }).onConflictDoNothing().run();
  }
  for (const s of work.suppliers) {
    // An administrator confirms a supplier first named by a notice before it counts as a real organisation.
    const id = s.id ?? tx.insert(organisations).values({ slug: uniqueOrganisationSlug(tx, s.name), name: s.name, kind: "supplier", isConfirmed: false }).returning({ id: organisations.id }).get().id;
    tx.insert(partnershipOrganisations).values({ partnershipId, organisationId: id, role: "supplier" }).onConflictDoNothing().run();
    setFact(`supplier:${id}`, s.name, s.releaseId);
    if (s.identifier) tx.insert(ocdsOrganisationIdentifiers).values({ ...s.identifier, organisationId: id }).onConflictDoNothing().run();
  }
  for (const e of work.events) {
    const { id } = tx.insert(partnershipEvents).values({ partnershipId, date: e.date, what: e.what }).returning({ id: partnershipEvents.id }).get();
    setFact(`event:${e.releaseId}`, id, e.releaseId);
  }
  const position = tx.get<{ n: number | null }>(sql`SELECT max(position) AS n FROM partnership_sources WHERE partnership_id = ${partnershipId}`)?.n ?? -1;
  work.sources.forEach((s, i) => {
    const { id } = tx.insert(partnershipSources).values({ partnershipId, citation: s.citation, url: s.url, position: position + 1 + i }).returning({ id: partnershipSources.id }).get();
    setFact(`source:${s.releaseId}`, id, s.releaseId);
  });
  if (Object.keys(work.revision).length) {
    const at = new Date();
    tx.insert(partnershipRevisions).values({ partnershipId, editorId: work.member.id, at, changes: JSON.stringify(work.revision) }).run();
    tx.update(partnerships).set({ updatedAt: at }).where(eq(partnerships.id, partnershipId)).run();
  }
  return slug;
}

// ---------------------------------------------------------------------------------------------
// Reading back: where each fact on a partnership's page came from

export type FactOrigin = { releaseId: string; date: string; url: string | null };
export type NoticeFactRow = { key: NoticeFact; label: string; text: string; origin: FactOrigin };

/**
 * The notice behind each fact still as imported: column facts (by key) while the registry holds
 * the imported value, links, events and sources by id, and the OCDS-only facts.
 */
export function factOrigins(partnership: Partnership) {
  const rows = db()
    .select({ fact: ocdsFacts.fact, value: ocdsFacts.value, releaseId: ocdsReleases.releaseId, date: ocdsReleases.date })
    .from(ocdsFacts)
    .innerJoin(ocdsReleases, eq(ocdsReleases.id, ocdsFacts.releaseId))
    .where(eq(ocdsFacts.partnershipId, partnership.id))
    .all();
  const sourceUrl = new Map<string, string | null>();
  for (const r of rows) if (r.fact.startsWith("source:")) sourceUrl.set(r.releaseId, partnership.sources.find((s) => s.id === Number(JSON.parse(r.value)))?.url ?? null);
  const originOf = (r: (typeof rows)[number]): FactOrigin => ({ releaseId: r.releaseId, date: r.date.slice(0, 10), url: sourceUrl.get(r.releaseId) ?? null });
  const columns: Record<string, FactOrigin> = {};
  const organisationsById: Record<number, FactOrigin> = {};
  const events: Record<number, FactOrigin> = {};
  const sources: Record<number, FactOrigin> = {};
  const notice: NoticeFactRow[] = [];
  for (const r of rows) {
    const value = JSON.parse(r.value) as FactValue;
    const [kind, id] = r.fact.split(":") as [string, string | undefined];
    if (id !== undefined) {
      if (kind === "force" || kind === "supplier") organisationsById[Number(id)] = originOf(r);
      else if (kind === "event") events[Number(value)] = originOf(r);
      else if (kind === "source") sources[Number(value)] = originOf(r);
    } else if ((NOTICE_FACTS as readonly string[]).includes(kind)) {
      notice.push({ key: kind as NoticeFact, label: FACT_LABELS[kind as NoticeFact], text: display(kind, value), origin: originOf(r) });
    } else if ((COLUMN_FACTS as readonly string[]).includes(kind) && JSON.stringify(partnership[kind as ColumnFact]) === r.value) {
      // A fact edited by hand since is no longer the notice's.
      columns[kind] = originOf(r);
    }
  }
  notice.sort((a, b) => NOTICE_FACTS.indexOf(a.key) - NOTICE_FACTS.indexOf(b.key));
  const process = db().select({ ocid: ocdsProcesses.ocid }).from(ocdsProcesses).where(eq(ocdsProcesses.partnershipId, partnership.id)).get();
  return { ocid: process?.ocid ?? null, columns, organisations: organisationsById, events, sources, notice };
}

export type FactOrigins = ReturnType<typeof factOrigins>;

/** The releases as received for an ocid, oldest first (for the export). */
export function storedReleases(ocid: string): OcdsRelease[] {
  return inDateOrder(db().select({ json: ocdsReleases.json }).from(ocdsReleases).where(eq(ocdsReleases.ocid, ocid)).all().map((r) => JSON.parse(r.json) as OcdsRelease));
}
