import { data, type LoaderFunctionArgs, type SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { BenchmarkChart } from "~/components/benchmark-chart";
import { EvidenceKey, EvidenceTag, KpiRatingTag, NotKnown, StatusTag } from "~/components/registry";
import { chosenSearch, chosenSlugs, COMPARE_MAX, COMPARE_MIN, termText } from "~/lib/comparison";
import { formatPartialDate } from "~/lib/partial-date";
import { periodText } from "~/lib/partnership-labels";
import { titled } from "~/lib/meta";
import { formatMoney } from "~/lib/money";
import { sentenceCase } from "~/lib/labels";
import { formatPercentRange, periodPhrase } from "~/lib/savings";
import { comparePage, type BenchmarkSaving } from "~/models/partnerships/index.server";

export const handle = titled<{ mode: string; problem?: unknown }>((d) => (d.mode === "chosen" ? (d.problem ? "Error: Compare partnerships" : "Compare partnerships") : "Compare partnership costs and savings"));

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  // ?p=a&p=b: the partnerships the member chose; otherwise the whole registry's benchmark.
  const grouping: "area" | "type" = url.searchParams.get("group") === "area" ? "area" : "type";
  const page = comparePage(member, url.searchParams.has("p") ? chosenSlugs(url) : null, grouping, url.searchParams.get(grouping));
  if (!page) throw new Response("Not found", { status: 404 });
  return data(page, { status: page.mode === "chosen" && page.problem ? 400 : 200 });
}

const GROUPING_WORDS = { area: "service area", type: "partnership type" } as const;

export default function Compare() {
  const loaded = useLoaderData<typeof loader>();
  return loaded.mode === "chosen" ? <ChosenComparison {...loaded} /> : <Benchmark {...loaded} />;
}

type Chosen = Extract<SerializeFrom<typeof loader>, { mode: "chosen" }>;

function problemText(problem: NonNullable<Chosen["problem"]>) {
  if (problem.reason === "unknown") return `There is no partnership in the registry called ${problem.slugs.map((s) => `"${s}"`).join(", ")}. Choose partnerships from the registry`;
  if (problem.reason === "too_few") return problem.count === 0 ? `Choose ${COMPARE_MIN} to ${COMPARE_MAX} partnerships to compare` : `Choose at least ${COMPARE_MIN} partnerships to compare: you chose 1`;
  return `Choose at most ${COMPARE_MAX} partnerships to compare: you chose ${problem.count}`;
}

function ChosenComparison({ slugs, problem, chosen, partnerships, chart, maxPence, header, rows }: Chosen) {
  const registryLink = `/partnerships${chosenSearch(chosen.map((c) => c.slug))}#compare`;
  if (problem) {
    return (
      <>
        <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }]} />
        <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1} role="alert">
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <ul className="govuk-list govuk-error-summary__list">
              <li>
                <a href={registryLink}>{problemText(problem)}</a>
              </li>
            </ul>
          </div>
        </div>
        <h1 className="govuk-heading-l">Compare partnerships</h1>
        <p className="govuk-body">
          Tick {COMPARE_MIN} to {COMPARE_MAX} partnerships in the <AppLink className="govuk-link" to={registryLink}>registry</AppLink>, then choose Compare.
        </p>
      </>
    );
  }
  const title = "Contract values and savings of the chosen partnerships";
  return (
    <>
      <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }]} />
      <h1 className="govuk-heading-l">Compare {partnerships.length} partnerships</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">
            Savings are as reported, each with its evidence grade: a supplier&apos;s estimate is not an audited result. Annual value is the contract value divided by the term, where both are known.
          </p>
        </div>
      </div>
      <ul className="govuk-list app-actions">
        <li>
          <AppLink className="govuk-link" to={registryLink}>
            Change the partnerships compared
          </AppLink>
        </li>
        <li>
          <a className="govuk-link" href={`/partnerships/compare.csv${chosenSearch(slugs)}`} download>
            Download CSV<span className="govuk-visually-hidden"> of the savings figures of these partnerships</span>
          </a>
        </li>
      </ul>

      <h2 className="govuk-heading-m" id="side-by-side">
        Side by side
      </h2>
      <div className="app-scroll app-scroll--table" tabIndex={0} role="region" aria-labelledby="side-by-side">
        <table className="govuk-table app-compare-table">
          <caption className="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">The chosen partnerships side by side, one column each</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <td className="govuk-table__header" />
              {partnerships.map((p) => (
                <th scope="col" className="govuk-table__header" key={p.slug} data-partnership={p.slug}>
                  <AppLink className="govuk-link" to={`/partnerships/${p.slug}`}>
                    {p.name}
                  </AppLink>
                  {slugs.length > COMPARE_MIN ? (
                    <span className="govuk-!-display-block govuk-!-font-weight-regular govuk-!-font-size-16 govuk-!-margin-top-2">
                      <AppLink className="govuk-link" to={`/partnerships/compare${chosenSearch(slugs.filter((s) => s !== p.slug))}`}>
                        Remove<span className="govuk-visually-hidden"> {p.name}</span> from the comparison
                      </AppLink>
                    </span>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            <CompareRow label="Status" cells={partnerships.map((p) => <StatusTag key={p.slug} status={p.status} />)} />
            <CompareRow label="Contract value" cells={partnerships.map((p) => (p.contractValuePence !== null ? formatMoney(p.contractValuePence) : <NotKnown key={p.slug} />))} />
            <CompareRow label="Term" cells={partnerships.map((p) => (p.termYears ? termText(p.termYears) : <NotKnown key={p.slug} />))} />
            <CompareRow label="Annual value" cells={partnerships.map((p) => (p.annualValuePence !== null ? formatMoney(p.annualValuePence) : <NotKnown key={p.slug} />))} />
            <CompareRow label="Procurement launched" cells={partnerships.map((p) => <DateCell key={p.slug} value={p.procurementLaunched} />)} />
            <CompareRow label="Contract signed" cells={partnerships.map((p) => <DateCell key={p.slug} value={p.contractSigned} />)} />
            <CompareRow label="Service start" cells={partnerships.map((p) => <DateCell key={p.slug} value={p.serviceStart} />)} />
            <CompareRow label="Service end" cells={partnerships.map((p) => <DateCell key={p.slug} value={p.serviceEnd} />)} />
            <CompareRow label="Savings targeted" cells={partnerships.map((p) => <Savings key={p.slug} savings={p.savings.filter((s) => s.kind === "targeted")} />)} />
            <CompareRow label="Savings reported" cells={partnerships.map((p) => <Savings key={p.slug} savings={p.savings.filter((s) => s.kind === "reported")} />)} />
            <CompareRow
              label="Latest performance rating"
              cells={partnerships.map((p) =>
                p.latestRatings.length === 0 ? (
                  <span key={p.slug} className="app-not-known">None recorded</span>
                ) : (
                  <ul key={p.slug} className="app-savings-list">
                    {p.latestRatings.map((r) => (
                      <li key={r.kpi}>
                        {r.kpi}: <KpiRatingTag rating={r.rating} />
                        <br />
                        <span className="app-meta">{periodText(r)}</span>
                      </li>
                    ))}
                  </ul>
                ),
              )}
            />
          </tbody>
        </table>
      </div>

      <h2 className="govuk-heading-m" id="chart-heading">
        Chart
      </h2>
      {chart[0]!.partnerships.some((p) => p.contractValuePence !== null || p.savings.length) ? (
        <div className="app-scroll" tabIndex={0} role="region" aria-labelledby="chart-heading">
          <BenchmarkChart groups={chart} maxPence={maxPence} title={title} />
        </div>
      ) : (
        <p className="govuk-body">None of these partnerships has a contract value or savings figure recorded, so there is nothing to draw.</p>
      )}
      <EvidenceKey />

      <h2 className="govuk-heading-m" id="figures-heading">
        Savings figures
      </h2>
      <p className="govuk-body">One row for each savings figure, as in the CSV download.</p>
      <div className="app-scroll app-scroll--table" tabIndex={0} role="region" aria-labelledby="figures-heading">
        <table className="govuk-table app-compare-figures" data-comparison-rows="">
          <caption className="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Savings figures of the chosen partnerships, one row each</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {header.map((h) => (
                <th scope="col" className="govuk-table__header" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((row, i) => (
              <tr className="govuk-table__row" key={i}>
                {row.map((cell, j) =>
                  j === 0 ? (
                    <th scope="row" className="govuk-table__header" key={j}>
                      {cell}
                    </th>
                  ) : (
                    <td className="govuk-table__cell" key={j}>
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CompareRow({ label, cells }: { label: string; cells: ReactNode[] }) {
  return (
    <tr className="govuk-table__row">
      <th scope="row" className="govuk-table__header">
        {label}
      </th>
      {cells.map((c, i) => (
        <td className="govuk-table__cell" key={i}>
          {c}
        </td>
      ))}
    </tr>
  );
}

function DateCell({ value }: { value: string | null }) {
  return value ? <time dateTime={value}>{formatPartialDate(value)}</time> : <NotKnown />;
}

type BenchmarkData = Extract<SerializeFrom<typeof loader>, { mode: "benchmark" }>;

function Benchmark({ grouping, only, choices, groups, omitted, maxPence }: BenchmarkData) {
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
            {grouping === "type" ? <strong>partnership type</strong> : <AppLink className="govuk-link" to="/partnerships/compare?group=type">partnership type</AppLink>}
            {" | "}
            {grouping === "area" ? <strong>service area</strong> : <AppLink className="govuk-link" to="/partnerships/compare?group=area">service area</AppLink>}
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
                        <AppLink className="govuk-link" to={`/partnerships/${p.slug}`}>
                          {p.name}
                        </AppLink>
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
              <AppLink className="govuk-link" to={`/partnerships/${o.slug}`}>
                {o.name}
              </AppLink>
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
