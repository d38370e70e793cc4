import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { FilterPanel } from "~/components/filter-panel";
import { requireMember } from "~/auth/member.server";
import { Pager } from "~/components/pager";
import { sentence } from "~/components/template-fields";
import { formatDate } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { pageFrom } from "~/lib/paging";
import { libraryPage, TEMPLATE_SORTS, type TemplateSort } from "~/models/templates.server";

export const handle = titled("Template library");

/** A slug from the query string, or null: junk is ignored rather than an error. */
function slugParam(url: URL, name: string) {
  const value = url.searchParams.get(name) ?? "";
  return /^[a-z0-9-]{1,100}$/.test(value) ? value : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const sortParam = url.searchParams.get("sort") ?? "";
  const filter = {
    category: slugParam(url, "category"),
    area: slugParam(url, "area"),
    partnership: slugParam(url, "partnership"),
    sort: ((TEMPLATE_SORTS as readonly string[]).includes(sortParam) ? sortParam : "updated") as TemplateSort,
    page: pageFrom(url),
  };
  const page = libraryPage(member, filter);
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

function FilterSelect({ name, label, value, all, options }: { name: string; label: string; value: string | null; all: string; options: { slug: string; name: string }[] }) {
  return (
    <div className="govuk-form-group govuk-!-margin-bottom-3">
      <label className="govuk-label govuk-label--s" htmlFor={name}>{label}</label>
      <select className="govuk-select govuk-!-width-full" id={name} name={name} defaultValue={value ?? ""}>
        <option value="">{all}</option>
        {options.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>)}
      </select>
    </div>
  );
}

export default function LibraryPage() {
  const d = useLoaderData<typeof loader>();
  const filtered = Boolean(d.filter.category || d.filter.area || d.filter.partnership);
  return (
    <>
      <h1 className="govuk-heading-l">Procurement template library</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">Specifications, evaluation criteria, contract schedules and other documents that forces, PCC offices, national bodies and suppliers have shared for reuse, with their versions and the partnerships they were used in.</p>
        </div>
      </div>
      <AppLink to="/library/new" className="govuk-button" role="button" draggable="false">Add a template</AppLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <FilterPanel active={Boolean(filtered)}>
            <Form method="get" aria-labelledby="filter-heading">
              <h2 className="govuk-heading-m" id="filter-heading">Filter</h2>
              <FilterSelect name="category" label="Category" value={d.filter.category} all="All categories" options={d.categories.map((c) => ({ slug: c.slug, name: sentence(c.name) }))} />
              <FilterSelect name="area" label="Service area" value={d.filter.area} all="All service areas" options={d.areas.map((a) => ({ slug: a.slug, name: sentence(a.name) }))} />
              <FilterSelect name="partnership" label="Used in partnership" value={d.filter.partnership} all="Any partnership" options={d.partnerships} />
              <div className="govuk-form-group govuk-!-margin-bottom-3">
                <label className="govuk-label govuk-label--s" htmlFor="sort">Sort by</label>
                <select className="govuk-select govuk-!-width-full" id="sort" name="sort" defaultValue={d.filter.sort}>
                  <option value="updated">Recently updated</option>
                  <option value="downloads">Most downloaded</option>
                </select>
              </div>
              <button type="submit" className="govuk-button govuk-button--secondary">Apply filters</button>
              {filtered ? <p className="govuk-body"><AppLink className="govuk-link" to="/library">Clear filters</AppLink></p> : null}
            </Form>
          </FilterPanel>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="results-heading">{d.total === 1 ? "1 template" : `${d.total.toLocaleString("en-GB")} templates`}</h2>
          {d.templates.length === 0 ? (
            <p className="govuk-body">{filtered ? "No templates match these filters." : "No templates yet. Be the first to share one."}</p>
          ) : (
            <ul className="app-thread-list" aria-labelledby="results-heading">
              {d.templates.map((t) => (
                <li key={t.id} className="app-thread-list__item">
                  <h3 className="app-thread-list__title">
                    <AppLink className="govuk-link" to={`/library/${t.id}`}>{t.title}</AppLink>{" "}
                    <span className="app-tags">
                      {t.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : null}
                      {t.isDemo ? <strong className="govuk-tag govuk-tag--grey">Demo (fictional)</strong> : null}
                    </span>
                  </h3>
                  <p className="govuk-body-s govuk-!-margin-bottom-1">{t.summary}</p>
                  <p className="app-meta govuk-!-margin-bottom-0">
                    {sentence(t.categoryName)}
                    {" · "}
                    {`version ${t.latestVersion}, ${formatDate(t.latestVersionAt)}`}
                    {" · "}
                    {t.downloadCount === 1 ? "1 download" : `${t.downloadCount.toLocaleString("en-GB")} downloads`}
                    {" · "}
                    {t.licence}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Pager page={d.filter.page} totalPages={d.pages} />
        </div>
      </div>
    </>
  );
}
