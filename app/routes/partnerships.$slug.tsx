import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { TopicWatchForm } from "~/components/discussion";
import { setTopicWatch } from "~/models/topic-watches.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { SuccessNotice } from "~/components/form";
import { EvidenceKey, EvidenceTag, Fact, KpiRatingTag, NotKnown, OrganisationNames, StatusTag } from "~/components/registry";
import { ScopedSearch } from "~/components/search-form";
import { SummaryRow } from "~/components/summary-list";
import { ServerHtml } from "~/components/held-html";
import { threadListPart } from "~/lib/thread-list-html.server";
import { titled } from "~/lib/meta";
import { formatMoney } from "~/lib/money";
import { formatPartialDate } from "~/lib/partial-date";
import { periodText, SAVINGS_KIND_LABELS, STATUS_LABELS } from "~/lib/partnership-labels";
import { sentenceCase } from "~/lib/labels";
import { savingAmountText } from "~/lib/savings";
import { partnershipPage, readPartnership, type Kpi } from "~/models/partnerships/index.server";
import { FromNotice } from "~/components/ocds-origin";

export const handle = titled<{ partnership: { name: string } }>((d) => d.partnership.name);

/** Something linked to a partnership (a lesson or a template), as the page lists it. */
type LinkedItem = { id: number; title: string; summary?: string | null; isDemo?: boolean };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  // Registry facts are public to every member; what is linked keeps its own audience (in the model).
  const page = partnershipPage(member, params.slug ?? "");
  if (!page) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  return {
    ...page,
    threads: threadListPart(context, page.threads, { showSpace: true, emptyText: "No forum threads about this partnership yet." }),
    threadCount: page.threads.length,
    notice: url.searchParams.get("imported") ? "imported" : url.searchParams.get("saved") ? "saved" : url.searchParams.get("created") ? "created" : url.searchParams.get("correction") ? "correction" : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const found = readPartnership(member, params.slug ?? "");
  const intent = String((await request.formData()).get("intent") ?? "");
  if (!found || (intent !== "watch" && intent !== "unwatch")) throw new Response("Not found", { status: 404 });
  if (!setTopicWatch(member, "partnership", found.partnership.id, intent === "watch")) throw new Response("Not found", { status: 404 });
  return redirect(`/partnerships/${found.partnership.slug}`);
}

const NOTICES: Record<string, string> = {
  imported: "The facts from the published notices are saved. They are listed in the partnership's history.",
  saved: "Your changes are saved. They are listed in the partnership's history.",
  created: "The partnership is in the registry. Add its savings figures, events and sources from Edit.",
  correction: "Thank you. Your suggested correction has been sent to the administrators.",
};

export default function PartnershipPage() {
  const { partnership: p, threads, threadCount, threadLimit, lessons, templates, may, origins, kpis, isSupplier, notice, isWatching } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }]} />
      {notice ? <SuccessNotice>{NOTICES[notice]}</SuccessNotice> : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{p.typeName ? sentenceCase(p.typeName) : "Partnership"}</span>
          <h1 className="govuk-heading-l">{p.name}</h1>
          <p className="govuk-body">
            <StatusTag status={p.status} />
          </p>
          {p.summary ? <p className="govuk-body-l">{p.summary}</p> : null}
          <ScopedSearch scope="partnership" value={p.slug} label="Search threads, lessons and templates about this partnership" />
          <TopicWatchForm isWatching={isWatching} where="about this partnership" />
          <ul className="govuk-list app-actions">
            {may.edit ? (
              <li>
                <AppLink className="govuk-link" to={`/partnerships/${p.slug}/edit`}>
                  Edit this partnership
                </AppLink>
              </li>
            ) : null}
            {may.importNotices ? (
              <li>
                <AppLink className="govuk-link" to={`/partnerships/${p.slug}/import`}>
                  Update from published notices
                </AppLink>
              </li>
            ) : null}
            <li>
              <AppLink className="govuk-link" to={`/partnerships/${p.slug}/history`}>
                History of changes{p.revisionCount ? ` (${p.revisionCount})` : ""}
              </AppLink>
            </li>
            {may.suggestCorrection ? (
              <li>
                <AppLink className="govuk-link" to={`/partnerships/${p.slug}/correction`}>
                  Suggest a correction
                </AppLink>
                {isSupplier ? <span className="app-meta"> (suppliers cannot edit the registry; administrators review suggestions)</span> : null}
              </li>
            ) : null}
            {/* The record stays useful for the procurement file after the procurement ends. */}
            {may.readEngagementRecord ? (
              <li>
                <AppLink className="govuk-link" to={`/partnerships/${p.slug}/engagement`}>
                  Market engagement record
                </AppLink>
              </li>
            ) : null}
            <li>
              <AppLink className="govuk-link" to={`/partnerships?p=${encodeURIComponent(p.slug)}#compare`}>
                Add to comparison<span className="govuk-visually-hidden">: {p.name}</span>
              </AppLink>
            </li>
            <li>
              <a className="govuk-link" href={`/partnerships/${p.slug}/ocds.json`} download>
                Download as open contracting data (OCDS JSON)
              </a>
            </li>
          </ul>

          <h2 className="govuk-heading-m">Facts</h2>
          <dl className="govuk-summary-list">
            <SummaryRow label="Forces">
              <OrganisationNames organisations={p.forces} />
              <FromNotice origin={p.forces.map((o) => origins.organisations[o.id]).find(Boolean)} />
            </SummaryRow>
            <SummaryRow label="Commissioner bodies">
              <Fact value={p.commissionerBodies} />
            </SummaryRow>
            <SummaryRow label="Suppliers">
              <OrganisationNames organisations={p.suppliers} />
              <FromNotice origin={p.suppliers.map((o) => origins.organisations[o.id]).find(Boolean)} />
            </SummaryRow>
            <SummaryRow label="Partnership type">
              <Fact value={p.typeName}>{p.typeName ? sentenceCase(p.typeName) : null}</Fact>
            </SummaryRow>
            <SummaryRow label="Service areas">
              <Fact value={p.serviceAreas}>{sentenceCase(p.serviceAreas.map((a) => a.name).join(", "))}</Fact>
            </SummaryRow>
            <SummaryRow label="Status">
              <Fact value={p.status}>{p.status ? STATUS_LABELS[p.status] : null}</Fact>

              <FromNotice origin={origins.columns.status} />
            </SummaryRow>
            <SummaryRow label="Procurement launched">
              <DateFact value={p.procurementLaunched} />

              <FromNotice origin={origins.columns.procurementLaunched} />
            </SummaryRow>
            <SummaryRow label="Contract signed">
              <DateFact value={p.contractSigned} />

              <FromNotice origin={origins.columns.contractSigned} />
            </SummaryRow>
            <SummaryRow label="Service start">
              <DateFact value={p.serviceStart} />

              <FromNotice origin={origins.columns.serviceStart} />
            </SummaryRow>
            <SummaryRow label="Service end">
              <DateFact value={p.serviceEnd} />

              <FromNotice origin={origins.columns.serviceEnd} />
            </SummaryRow>
            <SummaryRow label="Term">
              <Fact value={p.termYears}>{p.termYears === 1 ? "1 year" : `${p.termYears} years`}</Fact>
            </SummaryRow>
            <SummaryRow label="Contract value">
              {p.contractValuePence !== null ? formatMoney(p.contractValuePence) : <NotKnown />}
              <FromNotice origin={origins.columns.contractValuePence} />
              {p.contractValueNote ? <p className="app-meta govuk-!-margin-top-1 govuk-!-margin-bottom-0">{p.contractValueNote}</p> : null}
            </SummaryRow>
            <SummaryRow label="Staff transferred">
              <Fact value={p.staffTransferred} />
            </SummaryRow>
          </dl>
          {origins.notice.length ? (
            <>
              <h2 className="govuk-heading-m">From the published notices</h2>
              <p className="govuk-body">
                Procurement <code>{origins.ocid}</code>.
              </p>
              <dl className="govuk-summary-list">
                {origins.notice.map((n) => (
                  <SummaryRow key={n.key} label={n.label}>
                    {n.text}
                    <FromNotice origin={n.origin} />
                  </SummaryRow>
                ))}
              </dl>
            </>
          ) : null}
        </div>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-full">
          <h2 className="govuk-heading-m" id="savings">
            Savings
          </h2>
          {p.savings.length === 0 ? (
            <p className="govuk-body">No savings figures are recorded for this partnership.</p>
          ) : (
            <div className="app-scroll app-scroll--table" tabIndex={0} role="region" aria-labelledby="savings">
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Savings figures, each with who reported it and its evidence grade</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Kind</th>
                    <th scope="col" className="govuk-table__header">Amount or percentage</th>
                    <th scope="col" className="govuk-table__header">Period</th>
                    <th scope="col" className="govuk-table__header">Reported by</th>
                    <th scope="col" className="govuk-table__header">Evidence</th>
                    <th scope="col" className="govuk-table__header">Note</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {p.savings.map((s) => (
                    <tr className="govuk-table__row" key={s.id}>
                      <th scope="row" className="govuk-table__header">{SAVINGS_KIND_LABELS[s.kind]}</th>
                      <td className="govuk-table__cell">{savingAmountText(s)}</td>
                      <td className="govuk-table__cell"><Fact value={s.period} /></td>
                      <td className="govuk-table__cell">{s.reportedBy}</td>
                      <td className="govuk-table__cell"><EvidenceTag grade={s.evidence} /></td>
                      <td className="govuk-table__cell">{s.note ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <EvidenceKey />

          <h2 className="govuk-heading-m" id="performance">
            Contract performance
          </h2>
          <p className="govuk-body">
            The key performance indicators the contract is assessed against and each period&apos;s rating, as published under the Procurement Act 2023 (sections 52 and 71).
          </p>
          {kpis.length === 0 ? (
            <p className="govuk-body">No performance ratings are recorded for this partnership.{may.recordPerformance ? <> <AppLink className="govuk-link" to={`/partnerships/${p.slug}/edit#performance`}>Record KPIs and ratings</AppLink></> : null}</p>
          ) : (
            <>
              {kpis.map((k) => (
                <KpiTable key={k.id} kpi={k} />
              ))}
              {may.recordPerformance ? (
                <p className="govuk-body">
                  <AppLink className="govuk-link" to={`/partnerships/${p.slug}/edit#performance`}>
                    Record KPIs and ratings
                  </AppLink>
                </p>
              ) : null}
            </>
          )}
        </div>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Timeline</h2>
          {p.events.length === 0 ? (
            <p className="govuk-body">No events are recorded.</p>
          ) : (
            <ol className="app-timeline">
              {p.events.map((e) => (
                <li className="app-timeline__item" key={e.id}>
                  <h3 className="app-timeline__date">
                    <time dateTime={e.date}>{formatPartialDate(e.date)}</time>
                  </h3>
                  <p className="app-timeline__text">
                    {e.what}
                    <FromNotice origin={origins.events[e.id]} />
                  </p>
                </li>
              ))}
            </ol>
          )}

          <h2 className="govuk-heading-m">Sources</h2>
          {p.sources.length === 0 ? (
            <p className="govuk-body">No sources are recorded.</p>
          ) : (
            <ol className="govuk-list govuk-list--number">
              {p.sources.map((s) => (
                <li key={s.id}>
                  {s.url ? (
                    <a className="govuk-link" href={s.url} rel="noopener noreferrer external">
                      {s.citation}
                    </a>
                  ) : (
                    s.citation
                  )}
                </li>
              ))}
            </ol>
          )}

          <h2 className="govuk-heading-m">Lessons learned</h2>
          <LinkedList items={lessons} to={(id) => `/lessons/${id}`} empty="No lessons yet." />
          {lessons.length === 0 ? <p className="govuk-body"><AppLink className="govuk-link" to="/lessons/new">Write a lesson</AppLink> about what you learned from {p.name}.</p> : null}

          <h2 className="govuk-heading-m">Forum threads</h2>
          <ServerHtml part={threads} id="threads" />
          {threadCount === 0 ? <p className="govuk-body"><AppLink className="govuk-link" to={`/spaces/open-discussions/new?partnership=${p.id}`}>Ask about this partnership</AppLink> in the forum.</p> : null}
          {threadCount === threadLimit ? <p className="govuk-body">Showing the {threadLimit} most recently active threads.</p> : null}

          <h2 className="govuk-heading-m">Templates</h2>
          <LinkedList items={templates} to={(id) => `/library/${id}`} empty="No templates yet." />
        </div>
      </div>
    </>
  );
}

function KpiTable({ kpi }: { kpi: Kpi }) {
  const headingId = `kpi-${kpi.id}`;
  return (
    <div className="app-scroll app-scroll--table" tabIndex={0} role="region" aria-labelledby={headingId}>
      <table className="govuk-table app-kpi-table" data-kpi={kpi.name}>
        <caption className="govuk-table__caption govuk-table__caption--s" id={headingId}>
          {kpi.name}
          {kpi.description ? <span className="app-meta govuk-!-display-block govuk-!-font-weight-regular">{kpi.description}</span> : null}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Period</th>
            <th scope="col" className="govuk-table__header">Rating</th>
            <th scope="col" className="govuk-table__header">Source</th>
            <th scope="col" className="govuk-table__header">Evidence</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {kpi.ratings.length === 0 ? (
            <tr className="govuk-table__row">
              <td className="govuk-table__cell" colSpan={4}>
                <span className="app-not-known">No rating recorded yet</span>
              </td>
            </tr>
          ) : (
            kpi.ratings.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <th scope="row" className="govuk-table__header">{periodText(r)}</th>
                <td className="govuk-table__cell">
                  <KpiRatingTag rating={r.rating} />
                  {r.note ? <span className="app-meta govuk-!-display-block">{r.note}</span> : null}
                </td>
                <td className="govuk-table__cell">
                  {r.sourceUrl ? (
                    <a className="govuk-link" href={r.sourceUrl} rel="noopener noreferrer external">
                      {r.source}
                    </a>
                  ) : (
                    r.source
                  )}
                </td>
                <td className="govuk-table__cell">
                  <EvidenceTag grade={r.evidence} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function DateFact({ value }: { value: string | null }) {
  return value ? <time dateTime={value}>{formatPartialDate(value)}</time> : <NotKnown />;
}

function LinkedList({ items, to, empty }: { items: readonly LinkedItem[]; to: (id: number) => string; empty: string }) {
  if (items.length === 0) return <p className="govuk-body">{empty}</p>;
  return (
    <ul className="govuk-list">
      {items.map((i) => (
        <li key={i.id}>
          <AppLink className="govuk-link govuk-!-font-weight-bold" to={to(i.id)}>
            {i.title}
          </AppLink>
          {/* Demo lessons are linked to real partnerships: they must never read as fact about them. */}
          {i.isDemo ? <> <strong className="govuk-tag govuk-tag--grey">Demo (fictional)</strong></> : null}
          {i.summary ? <p className="govuk-body govuk-!-margin-bottom-2">{i.summary}</p> : null}
        </li>
      ))}
    </ul>
  );
}
