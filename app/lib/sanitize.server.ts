import sanitizeHtml from "sanitize-html";

/**
 * HTML that did not come from our Markdown renderer (mammoth's conversion of an uploaded Word
 * file) made safe to store and show, with the same allowlist approach as markdown.server.ts:
 * structure and emphasis only; no scripts, styles, images, forms, ids or classes (ids could
 * clobber the page's own). Headings move down two levels because the page owns h1 and h2. Links
 * keep only http(s) and mailto targets, with rel forced; in-document anchors become plain text.
 */
const LINK_REL = "nofollow ugc noopener";

const HEADING_SHIFT: Record<string, string> = { h1: "h3", h2: "h4", h3: "h5", h4: "h6", h5: "h6", h6: "h6" };

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "hr", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "strong", "b", "em", "i", "u", "s", "del",
    "sub", "sup", "code", "pre", "a", "span", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
  ],
  allowedAttributes: { a: ["href", "rel"], th: ["colspan", "rowspan"], td: ["colspan", "rowspan"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "template"],
  transformTags: {
    ...Object.fromEntries(Object.entries(HEADING_SHIFT).map(([from, to]) => [from, to])),
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = (attribs.href ?? "").trim();
      if (!/^(https?:|mailto:)/i.test(href)) return { tagName: "span", attribs: {} };
      return { tagName, attribs: { href, rel: LINK_REL } };
    },
  },
  exclusiveFilter: (frame) => frame.tag === "span" && !frame.text.trim() && frame.mediaChildren.length === 0,
};

/** Safe HTML for storage; at most `maxChars` of input are considered (a preview, not the document). */
export function sanitizeHtmlFragment(html: string, maxChars = 400_000): string {
  return sanitizeHtml(html.length > maxChars ? html.slice(0, maxChars) : html, OPTIONS).trim();
}

/** Text shown exactly as written, escaped, for .txt and .csv previews. */
export function preformatted(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  return `<pre>${escaped}</pre>`;
}
