import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { ServerHtml } from "~/components/held-html";
import { PrevNextPager } from "~/components/pager";
import { titled } from "~/lib/meta";
import { pageFrom } from "~/lib/paging";
import { SEARCH_KIND_LABELS, SEARCH_KINDS } from "~/lib/search-kinds";
import { searchHitsPart } from "~/lib/search-hits-html.server";
import { searchPage } from "~/models/search.server";

export const handle = titled<{ query: string }>((d) => (d.query ? `Search results for "${d.query}"` : "Search"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const page = searchPage(member, url.searchParams, pageFrom(url));
  return { ...page, hits: searchHitsPart(context, page.hits) };
}

function Choice({ name, label, value, options }: { name: string; label: string; value: string | null; options: { slug: string; name: string }[] }) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor={`search-${name}`}>{label}</label>
      <select className="govuk-select govuk-!-width-full" id={`search-${name}`} name={name} defaultValue={value ?? ""}>
        <option value="">Any</option>
        {options.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>)}
      </select>
    </div>
  );
}

export default function Search() {
  const { query, filters, page, hits, hasNext, total, suggestion, options } = useLoaderData<typeof loader>();
  const params = (extra: Record<string, string>) => {
    const p = new URLSearchParams({ q: query });
    for (const [k, v] of Object.entries(filters)) if (v && !(k === "sort" && v === "relevance")) p.set(k, v);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/search?${p}`;
  };
  const href = (n: number) => params(n > 1 ? { page: String(n) } : {});
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">Search</h1>
      </div>
      <Form method="get" role="search" aria-label="Search and filters">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="q">Search threads, lessons, templates and partnerships</label>
            <div className="govuk-hint" id="q-hint">Put "words in quotes" to find them together. The best matches come first, newer ones a little ahead.</div>
            <input className="govuk-input" id="q" name="q" type="search" defaultValue={query} maxLength={200} aria-describedby="q-hint" />
          </div>
          <button type="submit" className="govuk-button">Search</button>
          {query ? (
            <>
              <h2 className="govuk-heading-m" id="results-heading">
                {total === 0 && page === 1 ? `No results for "${query}"` : `${total.toLocaleString("en-GB")} ${total === 1 ? "result" : "results"} for "${query}"`}
              </h2>
              {suggestion ? (
                <p className="govuk-body">
                  Did you mean <AppLink className="govuk-link" to={params({ q: suggestion })}>{suggestion}</AppLink>?
                </p>
              ) : null}
              {total === 0 && page === 1 ? <p className="govuk-body">Check the spelling, remove a filter, or use fewer or different words.</p> : null}
              <ServerHtml part={hits} id="search-hits" />
              <PrevNextPager newer={page > 1 ? { to: href(page - 1), label: "Previous results" } : undefined} older={hasNext ? { to: href(page + 1), label: "More results" } : undefined} />
            </>
          ) : null}
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Filter</h2>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="search-kind">Show</label>
            <select className="govuk-select govuk-!-width-full" id="search-kind" name="kind" defaultValue={filters.kind ?? ""}>
              <option value="">Everything</option>
              {SEARCH_KINDS.map((k) => <option key={k} value={k}>{SEARCH_KIND_LABELS[k].many}</option>)}
            </select>
          </div>
          <Choice name="space" label="Space" value={filters.space} options={options.spaces} />
          <Choice name="partnership" label="Partnership" value={filters.partnership} options={options.partnerships} />
          <Choice name="area" label="Service area" value={filters.area} options={options.areas} />
          <Choice name="organisation" label="Author's organisation" value={filters.organisation} options={options.organisations} />
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="search-from">From</label>
            <input className="govuk-input govuk-input--width-10" id="search-from" name="from" type="date" defaultValue={filters.from ?? ""} />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="search-to">To</label>
            <input className="govuk-input govuk-input--width-10" id="search-to" name="to" type="date" defaultValue={filters.to ?? ""} />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="search-sort">Sort by</label>
            <select className="govuk-select" id="search-sort" name="sort" defaultValue={filters.sort}>
              <option value="relevance">Best match</option>
              <option value="newest">Newest</option>
            </select>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary">Apply filters</button>
        </div>
      </Form>
    </div>
  );
}
