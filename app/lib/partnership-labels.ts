/** Words and tag colours for the registry's fixed lists (db/schema.ts), shared by every page that shows them. */
import { formatPartialDate } from "~/lib/partial-date";
import type { EvidenceGrade, KpiRating, PartnershipStatus } from "~/lib/fixed-lists";

export const STATUS_LABELS: Record<PartnershipStatus, string> = {
  planning: "Planning",
  "in-procurement": "In procurement",
  live: "Live",
  ended: "Ended",
  terminated: "Terminated",
};

export const STATUS_TAG: Record<PartnershipStatus, string> = {
  planning: "govuk-tag--blue",
  "in-procurement": "govuk-tag--yellow",
  live: "govuk-tag--green",
  ended: "govuk-tag--grey",
  terminated: "govuk-tag--pink",
};

/** How far a savings figure has been checked, weakest claim first; "disputed" stands apart. */
export const EVIDENCE_LABELS: Record<EvidenceGrade, string> = {
  supplier_estimate: "Supplier estimate",
  force_reported: "Force reported",
  disputed: "Disputed",
  independently_verified: "Independently verified",
  audited: "Audited",
};

export const EVIDENCE_DESCRIPTIONS: Record<EvidenceGrade, string> = {
  supplier_estimate: "a claim by the supplier, not checked by anyone else",
  force_reported: "stated by the force, police authority or PCC, not independently checked",
  disputed: "challenged by another source, or contradicted by the force's own figures",
  independently_verified: "checked by someone other than the parties, for example from released documents",
  audited: "confirmed by an auditor or inspectorate",
};

/** Each grade its own GOV.UK tag colour; the label text says the grade, so colour is never the only cue. */
export const EVIDENCE_TAG: Record<EvidenceGrade, string> = {
  supplier_estimate: "govuk-tag--orange",
  force_reported: "govuk-tag--light-blue",
  disputed: "govuk-tag--red",
  independently_verified: "govuk-tag--turquoise",
  audited: "govuk-tag--green",
};

export const SAVINGS_KIND_LABELS = { targeted: "Targeted", reported: "Reported" } as const;


/** The ratings a contract performance notice gives (Procurement Act 2023 s.52), in its words. */
export const KPI_RATING_LABELS: Record<KpiRating, string> = {
  good: "Good",
  approaching_target: "Approaching target",
  requires_improvement: "Requires improvement",
  inadequate: "Inadequate",
  other: "Other",
};

export const KPI_RATING_TAG: Record<KpiRating, string> = {
  good: "govuk-tag--green",
  approaching_target: "govuk-tag--yellow",
  requires_improvement: "govuk-tag--orange",
  inadequate: "govuk-tag--red",
  other: "govuk-tag--grey",
};

/** The period a rating covers: "April 2024 to March 2025", or "to March 2025" when its start is not known. */
export const periodText = (r: { periodStart: string | null; periodEnd: string }) =>
  r.periodStart ? `${formatPartialDate(r.periodStart)} to ${formatPartialDate(r.periodEnd)}` : `to ${formatPartialDate(r.periodEnd)}`;
