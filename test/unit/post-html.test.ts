import { describe, expect, test } from "vitest";
import { formatDateTime } from "~/lib/dates";
import { html, trusted } from "~/lib/html.server";
import { postHtml, postsHtml, threadPostsHtml, type PostProps } from "~/lib/post-html.server";

const NOTHING = { edit: false, delete: false, quote: false, markHelpful: false, flag: false, moderate: false, accept: false };
const EVERYTHING = { edit: true, delete: true, quote: true, markHelpful: true, flag: true, moderate: true, accept: true };

function post(overrides: Partial<PostProps> = {}): PostProps {
  return {
    id: 41,
    number: 3,
    bodyHtml: "<p>Exit <strong>plan</strong> agreed</p>",
    createdAt: new Date("2026-11-23T14:05:00Z"),
    editedAt: null,
    deletedAt: null,
    hiddenAt: null,
    hiddenReason: null,
    helpfulCount: 2,
    interest: null,
    author: { id: 7, name: "Ann Chief", handle: "ann-chief", jobTitle: "Chief Constable", organisationName: "Cleveland Police", organisationSlug: "cleveland-police" },
    may: NOTHING,
    ...overrides,
  };
}
const at = { isAccepted: false, replyTo: "/threads/9/exit?page=2&" };

describe("html", () => {
  test("escapes every value as React escapes text, and writes safe HTML as it is", () => {
    const out = html`<p title="${`"'<>&`}">${"<b>"}${trusted("<i>x</i>")}${html`<em>${"&"}</em>`}${[null, undefined, false, true, "a", 0]}</p>`;
    expect(out.text).toBe('<p title="&quot;&#x27;&lt;&gt;&amp;">&lt;b&gt;<i>x</i><em>&amp;</em>a0</p>');
  });
});

describe("postHtml", () => {
  test("writes the body as sanitised when written, and escapes everything members typed elsewhere", () => {
    const evil = '<img src=x onerror="alert(1)">';
    const out = postHtml(post({ author: { id: 7, name: evil, handle: 'a"b', jobTitle: evil, organisationName: evil, organisationSlug: "x<y" }, hiddenAt: new Date(), hiddenReason: evil, bodyHtml: "<p>kept</p>" }), at).text;
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(out).toContain('href="/members/a&quot;b"');
    expect(out).toContain('href="/organisations/x&lt;y"');
    expect(out).toContain("Hidden by a moderator: &lt;img");
    expect(out).toContain('<div class="app-post-body"><p>kept</p></div>');
    expect(postHtml(post(), at).text).toContain('<div class="app-post-body"><p>Exit <strong>plan</strong> agreed</p></div>');
  });

  test("shows who wrote it, when, and its heading, as the page has always shown them", () => {
    const out = postHtml(post({ editedAt: new Date(), mayReadRevisions: true, interest: "may_bid" }), at).text;
    expect(out).toMatch(/^<article id="post-3" class="app-post" aria-labelledby="post-3-heading"><h3 class="govuk-visually-hidden" id="post-3-heading">Post 3 by Ann Chief<\/h3>/);
    expect(out).toContain('<a data-app-link class="govuk-link app-post__author" href="/members/ann-chief">Ann Chief</a>, Chief Constable, <a data-app-link class="govuk-link" href="/organisations/cleveland-police">Cleveland Police</a>');
    expect(out).toContain(`<time datetime="2026-11-23T14:05:00.000Z">${formatDateTime(new Date("2026-11-23T14:05:00Z"))}</time>`);
    expect(out).toContain(' · <a data-app-link class="govuk-link" href="/posts/41/revisions">edited</a>');
    expect(out).toContain("Declared: may bid");
    expect(postHtml(post({ editedAt: new Date() }), at).text).toContain(" · edited");
  });

  test("offers exactly what the reader may do, from the policy's flags", () => {
    const none = postHtml(post(), at).text;
    expect(none).toContain("2 members found this helpful");
    for (const word of ["Helpful", "Quote", "Accept this answer", "Edit", "Report", "Hide"]) expect(none).not.toContain(`>${word}<`);
    const all = postHtml(post({ may: EVERYTHING }), at).text;
    expect(all).toContain('<input type="hidden" name="intent" value="helpful"/><input type="hidden" name="postId" value="41"/>');
    expect(all).toContain('href="/threads/9/exit?page=2&amp;quote=41#reply" data-quote-post="41"');
    expect(all).toContain('name="intent" value="accept"');
    expect(all).toContain('href="/posts/41/edit"');
    expect(all).toContain('href="/posts/41/flag"');
    expect(all).toContain('href="/posts/41/moderate">Hide<');
    // Page links are followed in the browser (AppLink's mark); Quote is the reply box's, and the time links within the page.
    expect(all).toContain('<a data-app-link class="govuk-link" href="/posts/41/edit">');
    expect(all).not.toMatch(/<a data-app-link[^>]*(data-quote-post|href="#post-)/);
    const marked = postHtml(post({ may: EVERYTHING, markedHelpful: true, reportedByMe: true, hiddenAt: new Date(), helpfulCount: 1 }), { ...at, isAccepted: true }).text;
    expect(marked).toContain("1 member found this helpful");
    expect(marked).toContain("You marked this helpful");
    expect(marked).toContain('value="unhelpful"');
    expect(marked).toContain("Reported<span");
    expect(marked).not.toContain("/flag");
    expect(marked).not.toContain('value="accept"');
    expect(marked).toContain(">Restore<");
    expect(marked).toContain("Accepted answer</strong>");
  });

  test("a removed post says so and offers nothing; the accepted answer above the replies offers nothing either", () => {
    const removed = postHtml(post({ deletedAt: new Date(), may: EVERYTHING }), at).text;
    expect(removed).toContain("This post was removed by its author.");
    expect(removed).not.toContain("Exit");
    expect(removed).not.toContain("app-post__actions");
    const accepted = postHtml(post({ may: EVERYTHING }), { ...at, isAccepted: true }, "accepted").text;
    expect(accepted).toContain('class="app-post app-post--accepted"');
    expect(accepted).toContain(">Accepted answer by Ann Chief</h3>");
    expect(accepted).not.toContain("app-post__actions");
  });

  test("a page of posts marks only the accepted one", () => {
    const out = postsHtml([post({ id: 1, number: 1 }), post({ id: 2, number: 2 })], { replyTo: at.replyTo }, 2);
    expect(out.match(/<article /g)).toHaveLength(2);
    expect(out.split("<article ")[2]).toContain("Accepted answer</strong>");
    expect(out.split("<article ")[1]).not.toContain("Accepted answer");
  });

  test("a thread's first page shows its question and accepted answer apart from the replies; later pages show replies only", () => {
    const posts = [1, 2, 3].map((n) => post({ id: 10 + n, number: n }));
    const text = (part: { html: string } | { held: number } | null) => (part && "html" in part ? part.html : "");
    const first = threadPostsHtml({}, { posts, page: 1, pages: 2 }, posts[2]!, 13, "/threads/9/exit");
    expect(text(first.question)).toContain('class="app-post app-post--question"');
    expect(text(first.question)).toContain('id="post-1"');
    expect(text(first.accepted)).toContain('class="app-post app-post--accepted"');
    expect(text(first.discussion.posts).match(/<article /g)).toHaveLength(2);
    expect(text(first.discussion.posts)).not.toContain('id="post-1"');
    expect(text(first.discussion.posts).split("<article ")[2]).toContain("Accepted answer</strong>");
    const second = threadPostsHtml({}, { posts, page: 2, pages: 2 }, posts[2]!, 13, "/threads/9/exit");
    expect(second.question).toBeNull();
    expect(second.accepted).toBeNull();
    expect(text(second.discussion.posts).match(/<article /g)).toHaveLength(3);
    const heldHtml: string[] = [];
    const held = threadPostsHtml({ heldHtml }, { posts, page: 1, pages: 2 }, null, null, "/threads/9/exit");
    expect([held.question, held.accepted, held.discussion.posts]).toEqual([{ held: 0 }, null, { held: 1 }]);
  });
});
