/**
 * The registry of real partnerships, its corrections and market engagement records. The registry
 * is public to every active member; its entries belong to their organisations.
 */
import { can, type Actor } from "./rules.server";

/** Reading the registry (lists, one entry, its history, CSV, the benchmark): every active member. */
export function mayReadRegistry(actor: Actor | null) {
  return can(actor, { do: "read", audience: "members" });
}

/** Editing an entry, its figures, events, sources and corrections: administrators, and the policing side of its own organisations. */
export function mayEditPartnership(actor: Actor | null, partnership: { organisationIds: readonly number[] }) {
  return can(actor, { do: "editPartnership", organisationIds: partnership.organisationIds });
}

/** Adding an entry: any active policing-side member (their own organisation), and administrators. */
export function mayCreatePartnership(actor: Actor | null) {
  return actor !== null && can(actor, { do: "editPartnership", organisationIds: [actor.organisationId] });
}

/** Suggesting a correction: readers who may not simply edit the entry (suppliers, other organisations). */
export function maySuggestCorrection(actor: Actor | null, partnership: { organisationIds: readonly number[] }) {
  return mayReadRegistry(actor) && !mayEditPartnership(actor, partnership);
}

/** A partnership's market engagement record: the same rule as reading policing-only content. */
export function mayReadEngagementRecord(actor: Actor | null) {
  return can(actor, { do: "read", audience: "policing" });
}

/**
 * Bringing in facts from published OCDS notices (issue 16): into a new entry (null), any active
 * policing-side member and administrators; into an existing one, whoever may edit it.
 */
export function mayImportNotices(actor: Actor | null, partnership: { organisationIds: readonly number[] } | null) {
  return can(actor, { do: "importNotices", organisationIds: partnership ? partnership.organisationIds : null });
}

/**
 * Recording a partnership's KPIs and their ratings (Procurement Act 2023 s.52, s.71): part of
 * its record, so whoever may edit the entry. Reading them is reading the registry.
 */
export function mayRecordPerformance(actor: Actor | null, partnership: { organisationIds: readonly number[] }) {
  return mayEditPartnership(actor, partnership);
}
