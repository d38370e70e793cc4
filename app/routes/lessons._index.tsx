import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { FilterPanel } from "~/components/filter-panel";
import { requireMember } from "~/auth/member.server";
import { Radios, Select } from "~/components/form";
import { LessonList } from "~/components/lesson-list";
import { LESSON_FACET_LABELS, LESSON_FACETS, OUTCOME_LABELS } from "~/lib/lessons";
import { sentenceCase } from "~/lib/labels";
import { Pager } from "~/components/pager";
import { titled } from "~/lib/meta";
import { pageFrom } from "~/lib/paging";
import { listLessons, type LessonFilters } from "~/models/lessons.server";

export const handle = titled("Lessons learned");

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const filters: LessonFilters = { sort: url.searchParams.get("sort") === "useful" ? "useful" : "newest", page: pageFrom(url) };
  for (const facet of LESSON_FACETS) {
    const value = url.searchParams.get(facet)?.trim().slice(0, 120);
    if (value) filters[facet] = value;
  }
  return listLessons(member, filters);
}

export default function LessonsPage() {
  const { lessons, total, pages, facets, filters, mayWrite } = useLoaderData<typeof loader>();
  const active = LESSON_FACETS.filter((f) => filters[f]);
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Lessons learned</h1>
          <p className="govuk-body">What forces, PCC offices and suppliers learned from police–private sector partnerships: what worked, what did not, and what they recommend. Filter by service area, phase or partnership.</p>
        </div>
        <div className="govuk-grid-column-one-third">
          {mayWrite ? <AppLink to="/lessons/new" className="govuk-button govuk-!-margin-top-2" role="button" draggable="false">Write a lesson</AppLink> : null}
        </div>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <FilterPanel active={active.length > 0}>
            <Form method="get" aria-labelledby="filter-heading">
              <h2 className="govuk-heading-m" id="filter-heading">Filter lessons</h2>
              {LESSON_FACETS.map((facet) => (
                <Select
                  key={facet}
                  name={facet}
                  label={LESSON_FACET_LABELS[facet].label}
                  defaultValue={filters[facet] ?? ""}
                  options={[
                    { value: "", label: LESSON_FACET_LABELS[facet].all },
                    ...facets[facet].map((o) => ({ value: o.value, label: `${facet === "outcome" ? OUTCOME_LABELS[o.value] ?? o.label : sentenceCase(o.label)} (${o.count})` })),
                  ]}
                />
              ))}
              <Radios name="sort" legend="Sort by" defaultValue={filters.sort} options={[{ value: "newest", label: "Newest" }, { value: "useful", label: "Most useful" }]} />
              <button type="submit" className="govuk-button govuk-button--secondary">Apply filters</button>
              {active.length > 0 || filters.sort !== "newest" ? <p className="govuk-body"><AppLink className="govuk-link" to="/lessons">Clear filters</AppLink></p> : null}
            </Form>
          </FilterPanel>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="results-heading" aria-live="polite">{total === 1 ? "1 lesson" : `${total} lessons`}</h2>
          {active.length > 0 ? (
            <p className="app-meta">
              Showing lessons where{" "}
              {active.map((f, i) => {
                const option = facets[f].find((o) => o.value === filters[f]);
                const name = f === "outcome" ? OUTCOME_LABELS[filters[f]!] : sentenceCase(option?.label ?? filters[f]!);
                return <span key={f}>{i > 0 ? " and " : ""}{LESSON_FACET_LABELS[f].label.toLowerCase()} is <strong>{name}</strong></span>;
              })}
              {filters.sort === "useful" ? ", most useful first" : ", newest first"}.
            </p>
          ) : null}
          <LessonList lessons={lessons} emptyText={active.length > 0 ? "No lessons match these filters. Try removing one." : "No lessons yet. Be the first to share one."} />
          <Pager page={filters.page} totalPages={pages} />
        </div>
      </div>
    </>
  );
}
