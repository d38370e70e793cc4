/** Creating and editing partnerships, each write with its revision in one transaction. */
import { and, eq, sql } from "drizzle-orm";
import { isPolicingSide, type Member } from "~/auth/policy/index.server";
import { formatPartialDate } from "~/lib/partial-date";
import type { PartnershipFields, SavingFields } from "~/forms/partnership-form.server";
import { err, ok, type Result } from "~/lib/result";
import { savingSentence } from "~/lib/savings";
import { slugify } from "~/lib/slug";
import { db, type Tx } from "../../../db/client.server";
import { organisations, partnershipEvents, partnershipOrganisations, partnershipRevisions, partnerships, partnershipServiceAreas, partnershipSources, savingsFigures } from "../../../db/schema";
import type { PartnershipStatus } from "~/lib/fixed-lists";
import { recordEngagement } from "../engagement-log.server";
import { getPartnership, mayCreatePartnership, mayEditPartnership, type Partnership } from "./partnership.server";
import { listForceOrganisations, listPartnershipTypes, listServiceAreaTerms, type Term } from "./registry.server";
import { listOpenCorrections } from "./corrections.server";
import { kpisOf } from "./performance.server";

/** Static routes beside /partnerships/:slug, so no partnership may take these slugs. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(["new", "compare", "ocds-extension"]);

type Writer = Pick<Tx, "insert" | "select" | "update" | "delete" | "get" | "all" | "run">;

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

export function writeRevision(tx: Writer, partnershipId: number, editorId: number, changes: RevisionChanges) {
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
export function editable(member: Member, slug: string): Result<Partnership, "not_found" | "forbidden"> {
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

/**
 * The edit page: the partnership with its open corrections, KPIs and the lists its form offers;
 * `forbidden` (with whether the member is a supplier, to explain why) when they may not edit it;
 * null when there is no such partnership.
 */
export function partnershipEditPage(member: Member, slug: string) {
  const partnership = getPartnership(slug);
  if (!partnership) return null;
  if (!mayEditPartnership(member, partnership)) return { forbidden: true as const, partnership: { slug: partnership.slug, name: partnership.name }, isSupplier: !isPolicingSide(member) };
  return {
    forbidden: false as const,
    partnership,
    corrections: listOpenCorrections(member, partnership),
    kpis: kpisOf([partnership.id]),
    types: listPartnershipTypes(),
    areas: listServiceAreaTerms(),
    forces: listForceOrganisations(),
  };
}

/** A new partnership's form: its lists, or null when the member may not add one. */
export function newPartnershipPage(member: Member) {
  if (!mayCreatePartnership(member)) return null;
  return { types: listPartnershipTypes(), areas: listServiceAreaTerms(), forces: listForceOrganisations() };
}
