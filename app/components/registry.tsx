import { AppLink } from "./app-link";
import type { ReactNode } from "react";
import type { EvidenceGrade, KpiRating, PartnershipStatus } from "~/lib/fixed-lists";
import { EVIDENCE_DESCRIPTIONS, EVIDENCE_LABELS, EVIDENCE_TAG, KPI_RATING_LABELS, KPI_RATING_TAG, STATUS_LABELS, STATUS_TAG } from "~/lib/partnership-labels";
import { savingHeadline, type SavingFigure } from "~/lib/savings";

/** What every empty fact says: never 0, never blank. */
export const NOT_KNOWN = "Not known";

export function NotKnown() {
  return <span className="app-not-known">{NOT_KNOWN}</span>;
}

/** A fact, or "Not known" when the source is silent. */
export function Fact({ value, children }: { value: unknown; children?: ReactNode }) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return <NotKnown />;
  return <>{children ?? String(value)}</>;
}

/**
 * The evidence grade as a coloured tag whose words say the grade, so a PCC can tell a supplier's
 * claim from an audited result without relying on colour.
 */
export function EvidenceTag({ grade }: { grade: EvidenceGrade }) {
  return (
    <strong className={`govuk-tag ${EVIDENCE_TAG[grade]} app-evidence-tag`} title={EVIDENCE_DESCRIPTIONS[grade]}>
      <span className="govuk-visually-hidden">Evidence: </span>
      {EVIDENCE_LABELS[grade]}
    </strong>
  );
}

export function KpiRatingTag({ rating }: { rating: KpiRating }) {
  return (
    <strong className={`govuk-tag ${KPI_RATING_TAG[rating]} app-evidence-tag`}>
      <span className="govuk-visually-hidden">Rating: </span>
      {KPI_RATING_LABELS[rating]}
    </strong>
  );
}

export function StatusTag({ status }: { status: PartnershipStatus | null }) {
  if (!status) return <strong className="govuk-tag govuk-tag--grey">Status not known</strong>;
  return (
    <strong className={`govuk-tag ${STATUS_TAG[status]}`}>
      <span className="govuk-visually-hidden">Status: </span>
      {STATUS_LABELS[status]}
    </strong>
  );
}

/** "£50m targeted over 10 years — [Force reported]". */
export function SavingLine({ saving }: { saving: SavingFigure }) {
  return (
    <>
      {savingHeadline(saving)} <span aria-hidden="true">—</span> <EvidenceTag grade={saving.evidence} />
    </>
  );
}

/** What the five grades mean, in the order of how far a figure has been checked. */
export function EvidenceKey() {
  const order: EvidenceGrade[] = ["supplier_estimate", "force_reported", "disputed", "independently_verified", "audited"];
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">What the evidence grades mean</span>
      </summary>
      <div className="govuk-details__text">
        <dl className="govuk-summary-list govuk-summary-list--no-border app-evidence-key">
          {order.map((g) => (
            <div className="govuk-summary-list__row" key={g}>
              <dt className="govuk-summary-list__key">
                <EvidenceTag grade={g} />
              </dt>
              <dd className="govuk-summary-list__value">{EVIDENCE_DESCRIPTIONS[g]}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}

/** Organisation names, linked to their pages once an administrator has confirmed them. */
export function OrganisationNames({ organisations }: { organisations: { slug: string; name: string; isConfirmed: boolean }[] }) {
  if (organisations.length === 0) return <NotKnown />;
  return (
    <>
      {organisations.map((o, i) => (
        <span key={o.slug}>
          {i > 0 ? ", " : null}
          {o.isConfirmed ? (
            <AppLink className="govuk-link" to={`/organisations/${o.slug}`}>
              {o.name}
            </AppLink>
          ) : (
            o.name
          )}
        </span>
      ))}
    </>
  );
}

