import type { AppLoadContext } from "@remix-run/node";
import type { SearchHit } from "~/models/search.server";
import { formatDate } from "./dates";
import { htmlPart } from "./held-html";
import { html } from "./html.server";
import { MARK_END, MARK_START, SEARCH_KIND_LABELS } from "./search-kinds";

/** Snippet text with the match marks turned into <mark>; everything else is escaped. */
function snippet(text: string) {
  return text.split(MARK_START).map((part, i) => {
    if (i === 0) return html`<span>${part}</span>`;
    const [marked, rest = ""] = part.split(MARK_END);
    return html`<span><mark>${marked}</mark>${rest}</span>`;
  });
}

/**
 * A page of search results as HTML, built by the loader and held back from its data when the
 * page carries it (`htmlPart`), as a thread page's posts are: twenty hits with their snippets were
 * most of a search page's React render and loader data (issue 13).
 */
export function searchHitsPart(context: Pick<AppLoadContext, "heldHtml">, hits: SearchHit[]) {
  const items = hits.map(
    (h) =>
      html`<li class="app-thread-list__item"><p class="app-meta govuk-!-margin-bottom-1">${SEARCH_KIND_LABELS[h.kind].one}${h.kind === "partnership" ? "" : ` · ${h.context}`} · ${formatDate(h.at)}${h.isDemo ? " · demo (fictional)" : ""}</p><h3 class="app-thread-list__title"><a data-app-link class="govuk-link" href="${h.url}">${h.title || "Untitled"}</a></h3><p class="govuk-body-s govuk-!-margin-bottom-0">${snippet(h.snippet)}</p>${
        h.morePosts > 0 && html`<p class="app-meta govuk-!-margin-bottom-0">and ${h.morePosts.toLocaleString("en-GB")} more ${h.morePosts === 1 ? "post" : "posts"}</p>`
      }</li>`,
  );
  return htmlPart(context, html`<ul class="app-thread-list" aria-labelledby="results-heading">${items}</ul>`.text);
}
