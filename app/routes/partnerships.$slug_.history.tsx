import type { LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { Pager } from "~/components/pager";
import {NOT_KNOWN} from "~/components/registry";
import { formatDateTime } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { formatMoney } from "~/lib/money";
import { pageCount, pageFrom } from "~/lib/paging";
import { formatPartialDate } from "~/lib/partial-date";
import { STATUS_LABELS } from "~/lib/partnership-labels";
import { partnershipHistory, REVISIONS_PAGE_SIZE } from "~/models/partnerships/index.server";
import type { PartnershipStatus } from "~/lib/fixed-lists";

export const handle = titled<{ partnership: { name: string } }>((d) => `History: ${d.partnership.name}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = pageFrom(request.url);
  // The history of public facts is as public as the facts.
  const found = partnershipHistory(member, params.slug ?? "", page);
  if (!found) throw new Response("Not found", { status: 404 });
  const { partnership, rows, total } = found;
  return { partnership: { slug: partnership.slug, name: partnership.name }, revisions: rows, total, page, totalPages: pageCount(total, REVISIONS_PAGE_SIZE) };
}

const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  summary: "Summary",
  type: "Partnership type",
  status: "Status",
  serviceAreas: "Service areas",
  forces: "Forces",
  suppliers: "Suppliers",
  procurementLaunched: "Procurement launched",
  contractSigned: "Contract signed",
  serviceStart: "Service start",
  serviceEnd: "Service end",
  termYears: "Term",
  contractValuePence: "Contract value",
  contractValueNote: "Note on the contract value",
  staffTransferred: "Staff transferred",
  commissionerBodies: "Commissioner bodies",
  savings: "Savings figure",
  events: "Timeline event",
  sources: "Source",
  kpis: "KPI",
  performance: "Performance rating",
};

const ITEM_FIELDS = new Set(["savings", "events", "sources", "kpis", "performance"]);
const DATE_FIELDS = new Set(["procurementLaunched", "contractSigned", "serviceStart", "serviceEnd"]);

/** A revision's before or after value in words: "Not known" for an empty fact. */
function show(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return ITEM_FIELDS.has(field) ? "" : NOT_KNOWN;
  if (Array.isArray(value)) return value.join(", ");
  if (field === "contractValuePence" && typeof value === "number") return formatMoney(value);
  if (field === "termYears") return value === 1 ? "1 year" : `${String(value)} years`;
  if (field === "status") return STATUS_LABELS[value as PartnershipStatus] ?? String(value);
  if (DATE_FIELDS.has(field) && typeof value === "string") return formatPartialDate(value);
  return String(value);
}

export default function PartnershipHistory() {
  const { partnership: p, revisions, total, page, totalPages } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }, { to: `/partnerships/${p.slug}`, label: p.name }]} />
        <span className="govuk-caption-l">History of changes</span>
        <h1 className="govuk-heading-l">{p.name}</h1>
        {total === 0 ? (
          <p className="govuk-body">
            Nobody has changed this entry since it was loaded from the public sources listed on <AppLink className="govuk-link" to={`/partnerships/${p.slug}`}>its page</AppLink>.
          </p>
        ) : (
          <p className="govuk-body">
            {`${total === 1 ? "1 change" : `${total} changes`}, newest first${totalPages > 1 ? ` (page ${page} of ${totalPages})` : ""}.`}
          </p>
        )}
        {revisions.map((r) => (
          <section className="app-revision" key={r.id} aria-labelledby={`revision-${r.id}`}>
            <h2 className="govuk-heading-s" id={`revision-${r.id}`}>
              {formatDateTime(r.at)} by <AppLink className="govuk-link" to={`/members/${r.editorHandle}`}>{r.editorName}</AppLink>, {r.organisationName}
            </h2>
            <div className="app-scroll app-scroll--table" tabIndex={0} role="region" aria-labelledby={`revision-${r.id}`}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-visually-hidden">What changed</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Fact</th>
                    <th scope="col" className="govuk-table__header">Before</th>
                    <th scope="col" className="govuk-table__header">After</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {Object.entries(r.changes).map(([field, [before, after]]) => (
                    <tr className="govuk-table__row" key={field}>
                      <th scope="row" className="govuk-table__header">
                        {FIELD_LABELS[field] ?? field}
                        {ITEM_FIELDS.has(field) ? (before === null ? " added" : " removed") : ""}
                      </th>
                      <td className="govuk-table__cell app-pre-wrap">{show(field, before)}</td>
                      <td className="govuk-table__cell app-pre-wrap">{show(field, after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
        <Pager page={page} totalPages={totalPages} />
      </div>
    </div>
  );
}
