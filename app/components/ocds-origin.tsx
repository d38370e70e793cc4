import { formatPartialDate } from "~/lib/partial-date";
import type { FactOrigin } from "~/models/ocds-import.server";

/** "From the published notice of 23 January 2025" beside a fact an import set, linked to the notice. */
export function FromNotice({ origin }: { origin: FactOrigin | undefined }) {
  if (!origin) return null;
  const text = `From the published notice of ${formatPartialDate(origin.date)}`;
  return (
    <span className="app-meta app-from-notice">
      {" "}
      {origin.url ? (
        <a className="govuk-link" href={origin.url} rel="noopener noreferrer external">
          {text}
        </a>
      ) : (
        text
      )}
    </span>
  );
}
