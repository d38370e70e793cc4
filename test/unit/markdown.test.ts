import { describe, expect, test } from "vitest";
import { extractMentions, plainTextOfHtml, RENDER_VERSION, renderMarkdown, renderPlainExcerpt } from "~/lib/markdown.server";

const members = { mentionHref: (handle: string) => `/members/${handle}` };

const ALLOWED_TAGS = new Set([
  "p", "br", "hr", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "strong", "em", "del", "s",
  "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
]);
const ALLOWED_ATTRS: Record<string, string[]> = {
  a: ["href", "rel", "class"], th: ["align"], td: ["align"], ol: ["start"], code: ["class"],
};

/** Decodes entities the way a browser reading an attribute would (enough for the schemes we look for). */
function decodeAttr(value: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", colon: ":", tab: "\t", newline: "\n" };
  return value.replace(/&(?:#x([0-9a-f]+);?|#(\d+);?|([a-z]+);?)/gi, (whole, hex?: string, dec?: string, name?: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return named[name!.toLowerCase()] ?? whole;
  });
}

interface Tag { name: string; attrs: [string, string][] }

/** A deliberately independent, tiny tag/attribute scanner: the checker must not be sanitize-html itself. */
function scanTags(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const m of html.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const attrs: [string, string][] = [];
    for (const a of m[2]!.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attrs.push([a[1]!.toLowerCase(), decodeAttr(a[2] ?? a[3] ?? a[4] ?? "")]);
    }
    tags.push({ name: m[1]!.toLowerCase(), attrs });
  }
  return tags;
}

function expectSafe(html: string) {
  expect(html).not.toMatch(/<\s*(script|img|svg|iframe|style|form|input|object|embed|math|details|div)\b/i);
  expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
  for (const tag of scanTags(html)) {
    expect(ALLOWED_TAGS, `tag <${tag.name}>`).toContain(tag.name);
    for (const [name, value] of tag.attrs) {
      expect(ALLOWED_ATTRS[tag.name] ?? [], `attribute ${name} on <${tag.name}>`).toContain(name);
      expect(name).not.toMatch(/^on/);
      if (name === "href") {
        const probe = value.replace(/[\x00-\x20\x7f-\x9f]/g, "").toLowerCase();
        expect(probe).not.toMatch(/^(javascript|data|vbscript|file):/);
        expect(probe).not.toMatch(/^[/\\]{2}/);
        if (/^[a-z][a-z0-9+.-]*:/.test(probe)) expect(probe).toMatch(/^(https?|mailto):/);
      }
      if (name === "class") expect(value).toMatch(/^(language-[\w+#.-]+|app-mention)$/);
    }
  }
}

const XSS_VECTORS = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<<script>alert(1)//<</script>",
  "<img src=x onerror=alert(1)>",
  '<img src="x" onerror="alert(1)"',
  "<svg onload=alert(1)>",
  "<svg/onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  "<style>body { display: none }</style>",
  '<form action="javascript:alert(1)"><input type="submit" value="Go"></form>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  "<details open ontoggle=alert(1)>",
  '<div onmouseover="alert(1)">unclosed',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:alert(1))",
  "[x](javascript&#58;alert(1))",
  "[x](javascript&colon;alert(1))",
  "[x](java&#x09;script:alert(1))",
  "[x](&#106;avascript:alert(1))",
  "[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))",
  "[x](javascript:alert&#40;1&#41;)",
  "[x]( javascript:alert(1))",
  "[x](<\u0001javascript:alert(1)>)",
  "[x](<\u0000javascript:alert(1)>)",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](vbscript:msgbox(1))",
  "[x](file:///etc/passwd)",
  "[x](//evil.example/)",
  "[x](\\\\\\\\evil.example/)",
  "[x](/\\\\evil.example/)",
  '<a href="javascript:alert(1)">x</a>',
  '<a href="java\nscript:alert(1)">x</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  "<javascript:alert(1)>",
  "<JAVASCRIPT:alert(1)>",
  "[ref][1]\n\n[1]: javascript:alert(1)",
  '[ref]\n\n[ref]: data:text/html,<script>alert(1)</script> "t"',
  '[x](https://a.example "a\\" onmouseover=\\"alert(1)")',
  "[x](https://a.example 'a\" onmouseover=\"alert(1)')",
  'https://a.example/"onmouseover="alert(1)',
  "![x](javascript:alert(1))",
  "![](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  '![x" onerror="alert(1)](https://a.example/y.png)',
  "![<script>alert(1)</script>](https://a.example/y.png)",
  "**<img src=x onerror=alert(1)>**",
  "[<img src=x onerror=alert(1)>](https://a.example)",
  "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
  '```js" onclick="alert(1)\ncode\n```',
  "`<script>` and <iframe src=javascript:alert(1)>",
  "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
  "- [x](vbscript:msgbox(1))\n- <img src=x onerror=alert(1)>",
  "<!-- <script>alert(1)</script> -->",
  "<![CDATA[<script>alert(1)</script>]]>",
];

describe("renderMarkdown: XSS corpus", () => {
  test("has plenty of vectors", () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(25);
  });

  test.each(XSS_VECTORS)("neutralises %j", (vector) => {
    expectSafe(renderMarkdown(vector));
    expectSafe(renderMarkdown(`@bob ${vector} @carol`, members));
  });

  test("a mention href with an unsafe scheme is not linked", () => {
    const html = renderMarkdown("hi @bob", { mentionHref: () => "javascript:alert(1)" });
    expect(html).toBe("<p>hi @bob</p>");
  });

  test("raw HTML shows as the text the author typed", () => {
    expect(renderMarkdown("<b>bold?</b> <img src=x onerror=alert(1)>")).toBe(
      "<p>&lt;b&gt;bold?&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;</p>",
    );
  });

  test("entity-obfuscated raw HTML is shown exactly as typed", () => {
    expect(renderMarkdown('<a href="&#x6A;avascript:alert(1)">x</a>')).toBe(
      "<p>&lt;a href=\"&amp;#x6A;avascript:alert(1)\"&gt;x&lt;/a&gt;</p>",
    );
  });

  test("unsafe links keep their text but lose the link", () => {
    expect(renderMarkdown("[click me](javascript:alert(1))")).toBe("<p>click me</p>");
    expect(renderMarkdown("![a picture](javascript:alert(1))")).toBe("<p>a picture</p>");
  });
});

describe("renderMarkdown: ordinary Markdown", () => {
  test("RENDER_VERSION is a positive integer", () => {
    expect(Number.isInteger(RENDER_VERSION)).toBe(true);
    expect(RENDER_VERSION).toBeGreaterThanOrEqual(1);
  });

  test("paragraphs, emphasis and plain text with < and &", () => {
    expect(renderMarkdown("Hello *there* and **you**.\n\na < b && c > d &amp; e")).toBe(
      "<p>Hello <em>there</em> and <strong>you</strong>.</p>\n<p>a &lt; b &amp;&amp; c &gt; d &amp; e</p>",
    );
  });

  test("single newlines do not become <br>", () => {
    expect(renderMarkdown("one\ntwo")).toBe("<p>one\ntwo</p>");
  });

  test("lists, including ordered lists with a start and task lists without inputs", () => {
    expect(renderMarkdown("- one\n- two")).toBe("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    expect(renderMarkdown("3. three\n4. four")).toBe('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>');
    expect(renderMarkdown("- [x] done\n- [ ] to do")).toBe("<ul>\n<li>[x] done</li>\n<li>[ ] to do</li>\n</ul>");
  });

  test("tables keep only safe alignment", () => {
    const html = renderMarkdown("| Force | Officers |\n|:--|--:|\n| Kent | 3,800 |");
    expect(html).toContain('<th align="left">Force</th>');
    expect(html).toContain('<td align="right">3,800</td>');
    expect(html).toMatch(/^<table>\n<thead>[\s\S]*<tbody>[\s\S]*<\/table>$/);
  });

  test("fenced code keeps a language class and escapes its content", () => {
    expect(renderMarkdown("```ts\nconst x = a < b;\n```")).toBe(
      '<pre><code class="language-ts">const x = a &lt; b;\n</code></pre>',
    );
    expect(renderMarkdown("```\nplain\n```")).toBe("<pre><code>plain\n</code></pre>");
  });

  test("strikethrough", () => {
    expect(renderMarkdown("~~withdrawn~~")).toBe("<p><del>withdrawn</del></p>");
  });

  test("links and autolinks carry rel", () => {
    const rel = 'rel="nofollow ugc noopener"';
    expect(renderMarkdown("[GOV.UK](https://www.gov.uk/)")).toBe(`<p><a href="https://www.gov.uk/" ${rel}>GOV.UK</a></p>`);
    expect(renderMarkdown("See https://example.com and www.example.org")).toBe(
      `<p>See <a href="https://example.com" ${rel}>https://example.com</a> and <a href="http://www.example.org" ${rel}>www.example.org</a></p>`,
    );
    expect(renderMarkdown("<https://example.com/a?b=1&c=2>")).toBe(
      `<p><a href="https://example.com/a?b=1&amp;c=2" ${rel}>https://example.com/a?b=1&amp;c=2</a></p>`,
    );
    expect(renderMarkdown("[mail](mailto:help@example.org) [rel](/guidance#one)")).toBe(
      `<p><a href="mailto:help@example.org" ${rel}>mail</a> <a href="/guidance#one" ${rel}>rel</a></p>`,
    );
    expect(renderMarkdown('[t](https://example.com "A title")')).toBe(`<p><a href="https://example.com" ${rel}>t</a></p>`);
  });

  test("headings are demoted below the page's own", () => {
    expect(renderMarkdown("# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six")).toBe(
      "<h3>One</h3>\n<h4>Two</h4>\n<h5>Three</h5>\n<h6>Four</h6>\n<h6>Five</h6>\n<h6>Six</h6>",
    );
    expect(renderMarkdown("Setext\n===")).toBe("<h3>Setext</h3>");
  });

  test("images become links to the image", () => {
    const rel = 'rel="nofollow ugc noopener"';
    expect(renderMarkdown("![Org chart](https://x.example/y.png)")).toBe(
      `<p><a href="https://x.example/y.png" ${rel}>Org chart</a></p>`,
    );
    expect(renderMarkdown("![](https://x.example/y.png)")).toBe(
      `<p><a href="https://x.example/y.png" ${rel}>https://x.example/y.png</a></p>`,
    );
    expect(renderMarkdown("![an *emphatic* chart](https://x.example/y.png)")).toContain(">an emphatic chart</a>");
  });

  test("blockquotes and rules", () => {
    expect(renderMarkdown("> quoted\n\n---")).toBe("<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr />");
  });
});

describe("mentions", () => {
  test("are plain text without a mentionHref", () => {
    expect(renderMarkdown("thanks @alice")).toBe("<p>thanks @alice</p>");
  });

  test("are linked in text, but not in code, links or e-mail addresses", () => {
    const html = renderMarkdown(
      "Thanks @Alice-B, ask bob@example.com or `@carol`\n\n```\n@dave\n```\n\n[@erin](https://x.example) **@frank**",
      members,
    );
    expect(html).toContain('<a href="/members/alice-b" rel="nofollow ugc noopener" class="app-mention">@Alice-B</a>');
    expect(html).toContain('<strong><a href="/members/frank" rel="nofollow ugc noopener" class="app-mention">@frank</a></strong>');
    expect(html).toContain("<code>@carol</code>");
    expect(html).toContain("<pre><code>@dave\n</code></pre>");
    expect(html).toContain('<a href="https://x.example" rel="nofollow ugc noopener">@erin</a>');
    expect(html).toContain('<a href="mailto:bob@example.com" rel="nofollow ugc noopener">bob@example.com</a>');
    expect(html.match(/app-mention/g)).toHaveLength(2);
  });

  test("unknown handles stay as text", () => {
    const html = renderMarkdown("@known and @unknown", { mentionHref: (h) => (h === "known" ? `/members/${h}` : null) });
    expect(html).toBe('<p><a href="/members/known" rel="nofollow ugc noopener" class="app-mention">@known</a> and @unknown</p>');
  });

  test("a mention inside quoted text is linked but not extracted, so quoting never notifies again", () => {
    const source = "> **Ann** wrote:\n>\n> Ask @bob about it\n>> and @carol\n\nThanks @dave";
    expect(extractMentions(source)).toEqual(["dave"]);
    const html = renderMarkdown(source, { mentionHref: (h) => `/members/${h}` });
    expect(html).toMatch(/<blockquote>[\s\S]*href="\/members\/bob"[\s\S]*<\/blockquote>/);
    expect(html).toContain('href="/members/dave"');
  });

  test("extractMentions is unique, lower-cased and ignores code and e-mail addresses", () => {
    const source = "Hi @Bob, @bob and @ann-x.\nMail bob@example.com or ops@localhost\n\n`@inline`\n\n    @indented\n\n```\n@fenced\n```\n\n\\@escaped @a";
    expect(extractMentions(source)).toEqual(["bob", "ann-x"]);
  });
});

describe("renderPlainExcerpt", () => {
  test("strips markup and keeps the words", () => {
    const source = "# Title\n\nSome **bold** and [a link](https://x.example) with `code` &amp; a < b.\n\n- one\n- two\n\n<b>raw</b>";
    expect(renderPlainExcerpt(source)).toBe("Title Some bold and a link with code & a < b. one two raw");
  });

  test("unknown entities stay as typed", () => {
    expect(renderPlainExcerpt("&constructor; &toString; &#65;")).toBe("&constructor; &toString; A");
  });

  test("images give their alt text and tables their cells", () => {
    expect(renderPlainExcerpt("![chart](https://x/y.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |")).toBe("chart a b 1 2");
  });

  test("truncates at a word boundary with an ellipsis", () => {
    const excerpt = renderPlainExcerpt("alpha beta gamma delta epsilon zeta eta theta", 20);
    expect(excerpt).toBe("alpha beta gamma…");
    expect(excerpt.length).toBeLessThanOrEqual(20);
    expect(renderPlainExcerpt("short", 20)).toBe("short");
    expect(renderPlainExcerpt("x".repeat(300)).length).toBe(200);
  });
});

describe("plainTextOfHtml", () => {
  test("gives the words a rendered post shows, as renderPlainExcerpt does for its Markdown", () => {
    const sources = [
      "# Title\n\nSome **bold** and [a link](https://x.example) with `code` &amp; a < b.\n\n- one\n- two",
      "![chart](https://x/y.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |",
      "Hi @bob see <https://x.example/a?b=1&c=2>\n\n```js\nif (a < b && c > d) {}\n```\n\n> quoted *text*\n\n1. a\n2. b\n\nline  \nbreak\n\n---\n\n~~gone~~",
      "&constructor; &#65; a&nbsp;b &lt;tag&gt;",
    ];
    for (const source of sources) expect(plainTextOfHtml(renderMarkdown(source))).toBe(renderPlainExcerpt(source, Number.MAX_SAFE_INTEGER));
  });

  test("raw HTML an author typed stays text, as the page shows it", () => {
    expect(plainTextOfHtml(renderMarkdown("x<sup>2</sup> <script>alert(1)</script>"))).toBe("x<sup>2</sup> <script>alert(1)</script>");
  });

  test("keeps every word between many tags", () => {
    const html = `<p>${"<em>a</em>".repeat(20_000)}</p>`;
    expect(plainTextOfHtml(html)).toBe("a".repeat(20_000));
  });
});

