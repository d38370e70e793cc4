import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/member.server";
import { PrevNextPager } from "~/components/pager";
import { titled } from "~/lib/meta";
import { pageFrom } from "~/lib/paging";
import { MARK_END, MARK_START, SEARCH_KINDS, type SearchKind } from "~/lib/search-kinds";
import { search } from "~/models/search.server";

export const handle = titled<{ query: string }>((d) => (d.query ? `Search results for "${d.query}"` : "Search"));

const KIND_LABELS: Record<SearchKind, string> = { thread: "Thread", post: "Post", lesson: "Lesson learned", template: "Template", partnership: "Partnership" };

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 200).trim();
  const kindParam = url.searchParams.get("kind");
  const kind = (SEARCH_KINDS as readonly string[]).includes(kindParam ?? "") ? (kindParam as SearchKind) : null;
  const page = pageFrom(url);
  const result = query ? search(member, query, { kind, page }) : { hits: [], hasNext: false };
  return { query, kind, page, ...result };
}

/** Snippet text with the match marks turned into <mark>; React escapes everything else. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(MARK_START);
  return (
    <>
      {parts.map((part, i) => {
        if (i === 0) return <span key={i}>{part}</span>;
        const [marked, rest = ""] = part.split(MARK_END);
        return (
          <span key={i}>
            <mark>{marked}</mark>
            {rest}
          </span>
        );
      })}
    </>
  );
}

export default function Search() {
  const { query, kind, page, hits, hasNext } = useLoaderData<typeof loader>();
  const href = (n: number) => `/search?${new URLSearchParams({ q: query, ...(kind ? { kind } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Search</h1>
        <Form method="get" role="search">
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="q">Search threads, lessons, templates and partnerships</label>
            <div className="govuk-hint" id="q-hint">Results are shown newest first.</div>
            <input className="govuk-input" id="q" name="q" type="search" defaultValue={query} maxLength={200} aria-describedby="q-hint" />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="kind">Only</label>
            <select className="govuk-select" id="kind" name="kind" defaultValue={kind ?? ""}>
              <option value="">Everything</option>
              {SEARCH_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}s</option>)}
            </select>
          </div>
          <button type="submit" className="govuk-button">Search</button>
        </Form>
        {query ? (
          <>
            <h2 className="govuk-heading-m">{hits.length === 0 && page === 1 ? `No results for "${query}"` : `Results for "${query}"`}</h2>
            {hits.length === 0 && page === 1 ? <p className="govuk-body">Check the spelling, or use fewer or different words.</p> : null}
            <ul className="app-thread-list">
              {hits.map((h) => (
                <li key={`${h.kind}-${h.id}`} className="app-thread-list__item">
                  <p className="app-meta govuk-!-margin-bottom-1">{KIND_LABELS[h.kind]}{h.isDemo ? " · demo (fictional)" : ""}</p>
                  <h3 className="app-thread-list__title"><Link className="govuk-link" to={h.url}>{h.title || "Untitled"}</Link></h3>
                  <p className="govuk-body-s govuk-!-margin-bottom-0"><Snippet text={h.snippet} /></p>
                </li>
              ))}
            </ul>
            <PrevNextPager newer={page > 1 ? { to: href(page - 1), label: "Previous results" } : undefined} older={hasNext ? { to: href(page + 1), label: "More results" } : undefined} />
          </>
        ) : null}
      </div>
    </div>
  );
}
