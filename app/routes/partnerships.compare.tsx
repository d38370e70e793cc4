import type { LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/member.server";
import { BenchmarkChart } from "~/components/benchmark-chart";
import {EvidenceKey, EvidenceTag, NotKnown} from "~/components/registry";
import { titled } from "~/lib/meta";
import { formatMoney } from "~/lib/money";
import { sentenceCase } from "~/lib/labels";
import { formatPercentRange, periodPhrase } from "~/lib/savings";
import { getBenchmark, listPartnershipTypes, listServiceAreaTerms, type BenchmarkSaving } from "~/models/partnerships/index.server";

export const handle = titled("Compare partnership costs and savings");

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const grouping: "area" | "type" = url.searchParams.get("group") === "area" ? "area" : "type";
  const choices = grouping === "area" ? listServiceAreaTerms() : listPartnershipTypes();
  const wanted = url.searchParams.get(grouping) ?? "";
  const only = choices.some((c) => c.slug === wanted) ? wanted : null;
  const benchmark = getBenchmark(member, grouping, only);
  if (!benchmark) throw new Response("Not found", { status: 404 });
  return { grouping, only, choices: choices.map(({ slug, name }) => ({ slug, name })), ...benchmark };
}

const GROUPING_WORDS = { area: "service area", type: "partnership type" } as const;

export default function Compare() {
  const { grouping, only, choices, groups, omitted, maxPence } = useLoaderData<typeof loader>();
  const title = `Contract values and savings, by ${GROUPING_WORDS[grouping]}${only ? `: ${choices.find((c) => c.slug === only)?.name ?? ""}` : ""}`;
  return (
    <>
      <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }]} />
      <h1 className="govuk-heading-l">Compare costs and savings</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Contract values and savings figures side by side, for the partnerships that have them. Savings are as reported, each with its evidence grade: a supplier&apos;s estimate is not an audited result. Annual value is the contract value divided by the term, where both are known.
          </p>
          <p className="govuk-body">
            Group by:{" "}
            {grouping === "type" ? <strong>partnership type</strong> : <Link className="govuk-link" to="/partnerships/compare?group=type">partnership type</Link>}
            {" | "}
            {grouping === "area" ? <strong>service area</strong> : <Link className="govuk-link" to="/partnerships/compare?group=area">service area</Link>}
          </p>
          <Form method="get" className="govuk-!-margin-bottom-6">
            <input type="hidden" name="group" value={grouping} />
            <div className="govuk-form-group govuk-!-margin-bottom-2">
              <label className="govuk-label" htmlFor="only">
                Show one {GROUPING_WORDS[grouping]}
              </label>
              <select className="govuk-select" id="only" name={grouping} defaultValue={only ?? ""}>
                <option value="">All</option>
                {choices.map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {sentenceCase(c.name)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
              Show
            </button>
          </Form>
          {grouping === "area" ? <p className="govuk-body">A partnership covering several service areas appears under each of them.</p> : null}
        </div>
      </div>

      {groups.length === 0 ? (
        <p className="govuk-body">No partnership{only ? " of this kind" : ""} has a contract value or savings figure recorded yet.</p>
      ) : (
        <>
          <h2 className="govuk-heading-m" id="chart-heading">
            Chart
          </h2>
          <div className="app-scroll" tabIndex={0} role="region" aria-labelledby="chart-heading">
            <BenchmarkChart groups={groups} maxPence={maxPence} title={title} />
          </div>
          <EvidenceKey />
          <h2 className="govuk-heading-m" id="table-heading">
            Table
          </h2>
          <div className="app-scroll app-scroll--table" tabIndex={0} role="region" aria-labelledby="table-heading">
            <table className="govuk-table app-benchmark-table">
              <caption className="govuk-table__caption govuk-table__caption--s">{title}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Partnership</th>
                  <th scope="col" className="govuk-table__header">Contract value</th>
                  <th scope="col" className="govuk-table__header">Term</th>
                  <th scope="col" className="govuk-table__header">Annual value</th>
                  <th scope="col" className="govuk-table__header">Savings targeted</th>
                  <th scope="col" className="govuk-table__header">Savings reported</th>
                </tr>
              </thead>
              {groups.map((g) => (
                <tbody className="govuk-table__body" key={g.slug}>
                  <tr className="govuk-table__row">
                    <th scope="rowgroup" colSpan={6} className="govuk-table__header app-group-row">
                      {sentenceCase(g.name)}
                    </th>
                  </tr>
                  {g.partnerships.map((p) => (
                    <tr className="govuk-table__row" key={p.id} data-partnership={p.slug}>
                      <th scope="row" className="govuk-table__header">
                        <Link className="govuk-link" to={`/partnerships/${p.slug}`}>
                          {p.name}
                        </Link>
                      </th>
                      <td className="govuk-table__cell" data-measure="contract-value" data-pence={p.contractValuePence ?? ""}>
                        {p.contractValuePence !== null ? formatMoney(p.contractValuePence) : <NotKnown />}
                      </td>
                      <td className="govuk-table__cell">{p.termYears ? `${p.termYears} years` : <NotKnown />}</td>
                      <td className="govuk-table__cell" data-measure="annual-value" data-pence={p.annualValuePence ?? ""}>
                        {p.annualValuePence !== null ? formatMoney(p.annualValuePence) : <NotKnown />}
                      </td>
                      <td className="govuk-table__cell">
                        <Savings savings={p.savings.filter((s) => s.kind === "targeted")} />
                      </td>
                      <td className="govuk-table__cell">
                        <Savings savings={p.savings.filter((s) => s.kind === "reported")} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        </>
      )}
      {omitted.length > 0 ? (
        <p className="govuk-body">
          Not shown, because no contract value or savings figure is known:{" "}
          {omitted.map((o, i) => (
            <span key={o.slug}>
              {i > 0 ? "; " : null}
              <Link className="govuk-link" to={`/partnerships/${o.slug}`}>
                {o.name}
              </Link>
            </span>
          ))}
          .
        </p>
      ) : null}
    </>
  );
}

function Savings({ savings }: { savings: BenchmarkSaving[] }) {
  if (savings.length === 0) return <span className="app-not-known">None recorded</span>;
  return (
    <ul className="app-savings-list">
      {savings.map((s) => (
        <li key={s.id} data-saving-id={s.id} data-measure={s.kind} data-pence={s.amountPence ?? ""} data-grade={s.evidence}>
          <strong>{s.amountPence !== null ? formatMoney(s.amountPence) : formatPercentRange(s.percentLow ?? 0, s.percentHigh)}</strong> {periodPhrase(s.period)} <EvidenceTag grade={s.evidence} />
          <br />
          <span className="app-meta">
            {s.amountPence === null ? "Given as a percentage" : s.share ? `${s.share} of ${s.shareOf}` : "Share of value: Not known"}
          </span>
        </li>
      ))}
    </ul>
  );
}
