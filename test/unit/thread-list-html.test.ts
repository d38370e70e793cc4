import { describe, expect, test } from "vitest";
import { threadListPart, type ThreadListItem } from "~/lib/thread-list-html.server";

function thread(overrides: Partial<ThreadListItem> = {}): ThreadListItem {
  return {
    id: 12, slug: "night-cover", title: "Night cover in the control room", kind: "question", isPinned: false, isAnswered: false, isLocked: false, isDemo: false,
    replies: 3, lastActivityAt: new Date("2026-11-23T14:05:00Z"), lastPosterName: "Sam Supplier", authorName: "Ann Chief", authorOrganisation: "Cleveland Police",
    spaceSlug: "control-rooms", spaceName: "Control rooms", unread: 0, hasRead: true, ...overrides,
  };
}
const inline = (threads: ThreadListItem[], options: { showSpace?: boolean; emptyText: string }) => {
  const part = threadListPart({}, threads, options);
  if (!("html" in part)) throw new Error("held without a page to hold it for");
  return part.html;
};

describe("threadListPart", () => {
  test("escapes titles and names members typed", () => {
    const evil = '<img src=x onerror="alert(1)">';
    const out = inline([thread({ title: evil, authorName: evil, authorOrganisation: evil, lastPosterName: evil, spaceName: evil })], { showSpace: true, emptyText: "None" });
    expect(out).not.toContain("<img");
    expect(out.match(/&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/g)).toHaveLength(5);
  });

  test("links each thread, tags it, and says how far the reader has read", () => {
    const out = inline([thread({ isPinned: true, isLocked: true, isDemo: true, hasRead: true, unread: 2 }), thread({ id: 13, kind: "discussion", hasRead: false, replies: 1, lastPosterName: null })], { emptyText: "None" });
    expect(out).toMatch(/^<ul class="app-thread-list"><li class="app-thread-list__item"><h3 class="app-thread-list__title"><a data-app-link class="govuk-link" href="\/threads\/12\/night-cover">Night cover in the control room<\/a> <span class="app-tags">/);
    for (const tag of ["Pinned", "Question", "Locked", "Demo (fictional)"]) expect(out.split("</li>")[0]).toContain(`>${tag}</strong>`);
    expect(out).toContain('<a data-app-link class="govuk-link" href="/threads/12/night-cover?unread=1"><strong class="govuk-tag govuk-tag--blue">2 unread</strong></a>');
    expect(out.split("</li>")[1]).toContain(">New</strong>");
    expect(out).toContain("Asked by Ann Chief, Cleveland Police · 3 replies · last activity ");
    expect(out).toContain(" by Sam Supplier</p>");
    expect(out.split("</li>")[1]).toContain("Started by Ann Chief, Cleveland Police · 1 reply · last activity ");
    expect(out).not.toContain("/spaces/");
    expect(inline([thread({ isAnswered: true })], { showSpace: true, emptyText: "None" })).toContain(' in <a data-app-link class="govuk-link" href="/spaces/control-rooms">Control rooms</a> · ');
    expect(inline([thread({ isAnswered: true })], { emptyText: "None" })).toContain(">Answered</strong>");
  });

  test("an empty list says so", () => {
    expect(inline([], { emptyText: "No threads <yet>" })).toBe('<p class="govuk-body">No threads &lt;yet&gt;</p>');
  });

  test("when the server renders the page, the list is held back from the data for the page to carry", () => {
    const heldHtml: string[] = ["earlier"];
    expect(threadListPart({ heldHtml }, [thread()], { emptyText: "None" })).toEqual({ held: 1 });
    expect(heldHtml[1]).toContain("Night cover in the control room");
  });
});
