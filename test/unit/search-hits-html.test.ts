import { describe, expect, test } from "vitest";
import { formatDate } from "~/lib/dates";
import { searchHitsPart } from "~/lib/search-hits-html.server";
import { MARK_END, MARK_START } from "~/lib/search-kinds";
import type { SearchHit } from "~/models/search.server";

const at = 1_764_000_000;
function hit(overrides: Partial<SearchHit> = {}): SearchHit {
  return { kind: "thread", key: "t1", title: "Custody exit plan", url: "/threads/1/custody-exit-plan#post-3", snippet: `the ${MARK_START}custody${MARK_END} suite`, morePosts: 0, context: "Control rooms and custody", at, isDemo: false, ...overrides };
}
const inline = (hits: SearchHit[]) => {
  const part = searchHitsPart({}, hits);
  if (!("html" in part)) throw new Error("held without a page to hold it for");
  return part.html;
};

describe("searchHitsPart", () => {
  test("marks the query's words in the snippet and escapes everything members wrote", () => {
    const evil = '<img src=x onerror="alert(1)">';
    const out = inline([hit({ title: evil, context: evil, snippet: `${evil} ${MARK_START}${evil}${MARK_END} ${evil}` })]);
    expect(out).not.toContain("<img");
    expect(out.match(/&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/g)).toHaveLength(5);
    expect(inline([hit()])).toContain('<p class="govuk-body-s govuk-!-margin-bottom-0"><span>the </span><span><mark>custody</mark> suite</span></p>');
  });

  test("says what each hit is, where and when, and how many more posts matched", () => {
    const out = inline([hit({ morePosts: 1234, isDemo: true }), hit({ kind: "partnership", key: "p1", title: "", morePosts: 1 }), hit({ kind: "lesson", key: "l1" })]);
    const [thread, partnership, lesson] = out.split("</li>");
    expect(out).toMatch(/^<ul class="app-thread-list" aria-labelledby="results-heading"><li class="app-thread-list__item">/);
    expect(thread).toContain(`Thread · Control rooms and custody · ${formatDate(at)} · demo (fictional)</p>`);
    expect(thread).toContain('<h3 class="app-thread-list__title"><a data-app-link class="govuk-link" href="/threads/1/custody-exit-plan#post-3">Custody exit plan</a></h3>');
    expect(thread).toContain("and 1,234 more posts</p>");
    expect(partnership).toContain(`>Partnership · ${formatDate(at)}</p>`);
    expect(partnership).toContain(">Untitled</a>");
    expect(partnership).toContain("and 1 more post</p>");
    expect(lesson).toContain(">Lesson learned · Control rooms");
    expect(lesson).not.toContain("more post");
  });

  test("no hits is an empty list; a whole page holds the list back from its data", () => {
    expect(inline([])).toBe('<ul class="app-thread-list" aria-labelledby="results-heading"></ul>');
    const heldHtml: string[] = [];
    expect(searchHitsPart({ heldHtml }, [hit()])).toEqual({ held: 0 });
    expect(heldHtml[0]).toContain("Custody exit plan");
  });
});
