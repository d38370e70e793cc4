import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { FilterPanel } from "~/components/filter-panel";
import { requireMember } from "~/auth/member.server";
import { Pager } from "~/components/pager";
import { SummaryRow } from "~/components/summary-list";
import { EvidenceKey, Fact, OrganisationNames, SavingLine, StatusTag } from "~/components/registry";
import { titled } from "~/lib/meta";
import { sentenceCase } from "~/lib/labels";
import { formatMoney } from "~/lib/money";
import { pageCount, pageFrom } from "~/lib/paging";
import { formatPartialDate } from "~/lib/partial-date";
import { FACETS, registryQueryFrom, registrySearch, type Facet } from "~/lib/registry-query";
import { chosenSlugs, COMPARE_MAX, COMPARE_MIN } from "~/lib/comparison";
import { REGISTRY_PAGE_SIZE, registryPage } from "~/models/partnerships/index.server";

export const handle = titled("Partnership registry");

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const query = registryQueryFrom(url);
  const page = pageFrom(url);
  // Registry facts come from public sources: every member may read them.
  const registry = registryPage(member, query, page);
  if (!registry) throw new Response("Not found", { status: 404 });
  const { rows, total } = registry;
  return {
    query,
    page,
    total,
    totalPages: pageCount(total, REGISTRY_PAGE_SIZE),
    rows,
    facets: registry.facets,
    csvHref: `/partnerships.csv${registrySearch(query)}`,
    ocdsHref: `/partnerships/ocds.json${registrySearch(query)}`,
    // The partnerships ticked for a comparison so far (from "Add to comparison", or kept across filters and pages).
    chosen: chosenSlugs(url),
    mayCreate: registry.may.create,
  };
}

const FACET_LABELS: Record<Facet, { label: string; all: string }> = {
  type: { label: "Partnership type", all: "All types" },
  area: { label: "Service area", all: "All service areas" },
  status: { label: "Status", all: "Any status" },
  force: { label: "Force", all: "All forces" },
  supplier: { label: "Supplier", all: "All suppliers" },
};

export default function Registry() {
  const { query, page, total, totalPages, rows, facets, csvHref, ocdsHref, chosen, mayCreate } = useLoaderData<typeof loader>();
  const onThisPage = new Set(rows.map((r) => r.slug));
  const filtered = FACETS.some((f) => query.filter[f]);
  return (
    <>
      <h1 className="govuk-heading-l">Partnership registry</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body-l">
            Police–private sector partnerships in England and Wales, from public sources. Each savings figure says who reported it and how far it has been checked.
          </p>
        </div>
      </div>
      <div className="govuk-button-group">
        {mayCreate ? (
          <AppLink to="/partnerships/new" className="govuk-button" role="button" draggable="false">
            Add a partnership
          </AppLink>
        ) : null}
        <AppLink to="/partnerships/compare" className="govuk-link">
          Compare costs and savings
        </AppLink>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <FilterPanel active={Boolean(filtered)}>
            <Form method="get" className="app-filter-panel" aria-labelledby="filter-heading">
              {chosen.map((c) => (
                <input type="hidden" name="p" value={c} key={c} />
              ))}
              <h2 className="govuk-heading-m" id="filter-heading">
                Filter
              </h2>
              <p className="govuk-hint govuk-!-font-size-16">The number beside each choice is how many partnerships you would see with it.</p>
              {FACETS.map((f) => (
                <div className="govuk-form-group" key={f}>
                  <label className="govuk-label govuk-label--s" htmlFor={`filter-${f}`}>
                    {FACET_LABELS[f].label}
                  </label>
                  <select className="govuk-select" id={`filter-${f}`} name={f} defaultValue={query.filter[f] ?? ""}>
                    <option value="">{FACET_LABELS[f].all}</option>
                    {facets[f].map((o) => (
                      <option key={o.value} value={o.value}>
                        {`${f === "type" || f === "area" ? sentenceCase(o.label) : o.label} (${o.count})`}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
              <div className="govuk-form-group">
                <label className="govuk-label govuk-label--s" htmlFor="sort">
                  Sort by
                </label>
                <select className="govuk-select" id="sort" name="sort" defaultValue={query.sort}>
                  <option value="signed">Contract signed, newest first</option>
                  <option value="value">Contract value, largest first</option>
                </select>
              </div>
              <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2">
                Apply filters
              </button>
              {filtered ? (
                <p className="govuk-body govuk-!-margin-bottom-0">
                  <AppLink className="govuk-link" to={query.sort === "value" ? "/partnerships?sort=value" : "/partnerships"}>
                    Clear filters
                  </AppLink>
                </p>
              ) : null}
            </Form>
          </FilterPanel>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="results-heading" aria-live="polite">
            {total === 1 ? "1 partnership" : `${total} partnerships`}
            {totalPages > 1 ? <span className="govuk-caption-m">Page {page} of {totalPages}</span> : null}
          </h2>
          <p className="govuk-body">
            Sorted by {query.sort === "value" ? "contract value, largest first" : "date the contract was signed, newest first"}; unknown last.{" "}
            <a className="govuk-link" href={csvHref} download>
              Download CSV<span className="govuk-visually-hidden"> of {filtered ? "these partnerships" : "every partnership"}</span>
            </a>{" "}
            or{" "}
            <a className="govuk-link" href={ocdsHref} download>
              open contracting data (OCDS JSON)<span className="govuk-visually-hidden"> of {filtered ? "these partnerships" : "every partnership"}</span>
            </a>
          </p>
          <EvidenceKey />
          {rows.length === 0 ? (
            <p className="govuk-body">{filtered ? "No partnerships match these filters." : "There are no partnerships in the registry yet."}</p>
          ) : (
            <Form method="get" action="/partnerships/compare" id="compare" aria-labelledby="compare-heading">
            <div className="app-compare-bar">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1" id="compare-heading">
                Compare partnerships
              </h3>
              <p className="govuk-hint govuk-!-margin-bottom-2" id="compare-hint">
                Tick {COMPARE_MIN} to {COMPARE_MAX} partnerships, then choose Compare.{chosen.length ? ` ${chosen.length === 1 ? "1 partnership is" : `${chosen.length} partnerships are`} ticked so far.` : ""}
              </p>
              {chosen.filter((c) => !onThisPage.has(c)).map((c) => (
                <input type="hidden" name="p" value={c} key={c} />
              ))}
              <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                Compare ticked partnerships
              </button>
            </div>
            <ul className="app-registry-list" aria-labelledby="results-heading">
              {rows.map((p) => (
                <li className="app-registry-list__item" key={p.id}>
                  <h3 className="app-registry-list__title">
                    <AppLink className="govuk-link" to={`/partnerships/${p.slug}`}>
                      {p.name}
                    </AppLink>{" "}
                    <StatusTag status={p.status} />
                  </h3>
                  <div className="govuk-checkboxes govuk-checkboxes--small app-compare-tick" data-module="govuk-checkboxes">
                    <div className="govuk-checkboxes__item">
                      <input className="govuk-checkboxes__input" id={`compare-${p.slug}`} name="p" type="checkbox" value={p.slug} defaultChecked={chosen.includes(p.slug)} aria-describedby="compare-hint" />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`compare-${p.slug}`}>
                        Compare<span className="govuk-visually-hidden"> {p.name}</span>
                      </label>
                    </div>
                  </div>
                  <dl className="govuk-summary-list govuk-summary-list--no-border app-summary-compact">
                    <SummaryRow label="Forces">
                      <OrganisationNames organisations={p.forces} />
                    </SummaryRow>
                    <SummaryRow label="Suppliers">
                      <OrganisationNames organisations={p.suppliers} />
                    </SummaryRow>
                    <SummaryRow label="Type">
                      <Fact value={p.typeName}>{p.typeName ? sentenceCase(p.typeName) : null}</Fact>
                    </SummaryRow>
                    <SummaryRow label="Contract signed">
                      <Fact value={p.contractSigned}>{p.contractSigned ? formatPartialDate(p.contractSigned) : null}</Fact>
                    </SummaryRow>
                    <SummaryRow label="Contract value">
                      <Fact value={p.contractValuePence}>{p.contractValuePence !== null ? formatMoney(p.contractValuePence) : null}</Fact>
                    </SummaryRow>
                    <SummaryRow label="Savings">
                      {p.savings.length === 0 ? (
                        <span className="app-not-known">None recorded</span>
                      ) : (
                        <ul className="app-savings-list">
                          {p.savings.map((s) => (
                            <li key={s.id}>
                              <SavingLine saving={s} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </SummaryRow>
                  </dl>
                </li>
              ))}
            </ul>
            <button type="submit" className="govuk-button govuk-button--secondary">
              Compare ticked partnerships
            </button>
            </Form>
          )}
          <Pager page={page} totalPages={totalPages} />
        </div>
      </div>
    </>
  );
}

