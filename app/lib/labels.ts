import type { AccountStatus, OrganisationKind, SiteRole } from "~/lib/fixed-lists";

/** Words for the fixed lists in fixed-lists.ts, shared by every page that shows them. */
export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  force: "Police force",
  commissioner: "Police and crime commissioner office",
  national: "National body",
  supplier: "Supplier",
};

export const SITE_ROLE_LABELS: Record<SiteRole, string> = {
  member: "Member",
  moderator: "Moderator",
  administrator: "Administrator",
};

export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = {
  unverified: "E-mail not confirmed",
  pending: "Waiting for approval",
  active: "Active",
  rejected: "Rejected",
  suspended: "Suspended",
};

/** GOV.UK tag colour for each account status. */
export const ACCOUNT_STATUS_TAG: Record<AccountStatus, string> = {
  unverified: "govuk-tag--grey",
  pending: "govuk-tag--yellow",
  active: "govuk-tag--green",
  rejected: "govuk-tag--grey",
  suspended: "govuk-tag--red",
};

/** Vocabulary terms are stored as they read mid-sentence ("custody partnering"); a label starts with a capital. */
export function sentenceCase(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
