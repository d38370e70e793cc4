import { Lexer, Marked, Tokenizer, type Token, type Tokens, type TokensList } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * Markdown pipeline for posts, lessons and template previews.
 *
 * Rendering happens once, when content is written; the stored HTML is what
 * pages show. Two independent layers keep it safe: the marked renderer below
 * never emits raw HTML, images or unsafe links, and sanitize-html then
 * re-parses the result against a strict allowlist in case the first layer
 * (or a future marked release) lets something through.
 */

/** Bump whenever output for the same source changes, so stored posts can be re-rendered. */
export const RENDER_VERSION = 1;

export interface RenderOptions {
  /** URL for a member's page, or null when the handle is unknown (it then stays plain text). */
  mentionHref?: (handle: string, quoted: boolean) => string | null;
}

const LINK_REL = "nofollow ugc noopener";

/** Mentions are handles after an "@" that is not part of an e-mail address or URL path. */
const MENTION = /(?<![a-z0-9._%+\-/@])@([a-z0-9][a-z0-9-]{1,38})(?![a-z0-9\-@])/gi;

// A Map, not an object literal, so "&constructor;" cannot reach Object.prototype.
const ENTITIES = new Map(Object.entries({
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0",
  colon: ":", Tab: "\t", NewLine: "\n",
}));

function decodeEntities(text: string): string {
  // Browsers decode numeric references even without the ";" inside attributes, so we do too.
  return text.replace(/&(?:#(x[0-9a-f]+|\d+);?|([a-z]+);)/gi, (whole, num?: string, name?: string) => {
    if (name) return ENTITIES.get(name) ?? whole;
    const code = num!.startsWith("x") || num!.startsWith("X") ? parseInt(num!.slice(1), 16) : parseInt(num!, 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
  });
}

/** Mirrors marked's own escaping: entities the author typed (e.g. "&amp;") keep meaning one character. */
function escapeHtml(text: string, encodeAll = false): string {
  return text
    .replace(encodeAll ? /&/g : /&(?!#?\w+;)/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Returns an attribute-ready href, or null when the link must not be followed.
 * Checks the URL the way a browser would read it (entities decoded, tabs,
 * newlines and control characters ignored), so "java&#x09;script:" and
 * friends are caught; anything with a scheme must be http(s) or mailto.
 */
function safeHref(raw: string): string | null {
  const url = decodeEntities(raw).replace(/[\t\n\r]/g, "").replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "");
  const probe = url.replace(/[\x00-\x20\x7f-\x9f\u00a0\u200b-\u200f\u2028\u2029\ufeff]/g, "");
  if (probe === "") return null;
  // Protocol-relative URLs ("//evil", "/\evil") would leave the site.
  if (/^[/\\]{2}/.test(probe)) return null;
  const head = probe.split(/[/?#]/, 1)[0] ?? "";
  // An undecoded entity before the path could still spell a scheme once the browser decodes it.
  if (head.includes("&")) return null;
  if (head.includes(":") && !/^(?:https?|mailto):/i.test(probe)) return null;
  try {
    // Same normalisation marked applies: spaces and non-ASCII percent-encoded, existing escapes kept.
    return escapeHtml(encodeURI(url).replace(/%25/g, "%"), true);
  } catch {
    return null; // lone surrogates
  }
}

function anchor(href: string, inner: string, extra = ""): string {
  return `<a href="${href}" rel="${LINK_REL}"${extra}>${inner}</a>`;
}

/**
 * Per-call state for the shared renderer. marked's sync parse never yields,
 * so a module-level slot set in a try/finally is safe and avoids building a
 * new Marked instance for every post.
 */
const state = { mentionHref: null as RenderOptions["mentionHref"] | null, linkDepth: 0, quoteDepth: 0 };

function linkMentions(text: string): string {
  const hrefFor = state.mentionHref;
  if (!hrefFor || state.linkDepth > 0) return escapeHtml(text);
  let out = "";
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    const raw = hrefFor(m[1]!.toLowerCase(), state.quoteDepth > 0);
    const href = raw === null ? null : safeHref(raw);
    if (href === null) continue;
    out += escapeHtml(text.slice(last, m.index)) + anchor(href, escapeHtml(m[0]), ' class="app-mention"');
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/**
 * Limits that keep marked linear (issue 11): nested quotes and lists recurse in the lexer (25,000
 * levels overflow the stack), and emphasis matching costs about one step per pair of `*`, `_`
 * or `~` characters in the same paragraph (25,000 of them took seconds). They are enforced
 * inside marked, on exactly what it parses, so code spans and blocks never count. Ordinary
 * posts stay far below them.
 */
export const MAX_NESTING = 20;
export const MAX_DELIMITERS_PER_PARAGRAPH = 2_000;
const MAX_DELIMITER_PAIRS = MAX_DELIMITERS_PER_PARAGRAPH ** 2;
/** Dense reference documents have about 2,000 tokens in 50,000 characters; each costs about 5 µs to lex, render and sanitise. */
export const MAX_PARTS = 5_000;

const TOO_DEEP = `Quotes and lists can be nested at most ${MAX_NESTING} deep`;
const TOO_MANY_DELIMITERS = `Use *, _ or ~ at most ${MAX_DELIMITERS_PER_PARAGRAPH.toLocaleString("en-GB")} times in a paragraph: split long paragraphs, or put code between backticks`;
const TOO_MANY_PARTS = `Markdown can have at most ${MAX_PARTS.toLocaleString("en-GB")} parts (paragraphs, headings, list items, table cells, links, code and so on): split it into shorter pieces`;
const TANGLED = "Quotes and lists run into the lines after them too often: end each quote or list with a blank line";
const TOO_COMPLEX = "This text is too complex to show: simplify its Markdown";

/** Markdown that would cost too much to render; the message says what the author should change. */
export class MarkdownRefused extends Error {}

/**
 * Per-lex nesting and delimiter counters (marked's lexer is sync; saved for re-entrancy).
 * `counted` has one entry for each inline source being lexed: whether its delimiters are counted.
 */
const budget = { block: 0, inline: 0, pairs: 0, parts: 0, blockTokens: 0, quoteBlockTokens: -1, reread: 0, rereadMax: 0, counted: [] as boolean[] };

/**
 * Counts the `*`, `_` and `~` of the inline source being matched, once, when marked first tries
 * emphasis in it; `masked` is that source with code spans and escapes already masked out.
 */
function countDelimiters(masked: string) {
  const top = budget.counted.length - 1;
  if (top < 0 || budget.counted[top]) return;
  budget.counted[top] = true;
  let delimiters = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked.charCodeAt(i);
    if (c === 42 || c === 95 || c === 126) delimiters++;
  }
  budget.pairs += delimiters * delimiters;
  if (budget.pairs > MAX_DELIMITER_PAIRS) throw new MarkdownRefused(TOO_MANY_DELIMITERS);
}

/** marked's lexer, marking where each inline source (a paragraph, a cell, an emphasis…) starts and ends. */
class BoundedLexer extends Lexer {
  override inlineTokens(src: string, tokens: Token[] = []) {
    budget.counted.push(false);
    try {
      const out = super.inlineTokens(src, tokens);
      countedSoFar(out.length);
      return out;
    } finally {
      budget.counted.pop();
    }
  }

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[];
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList;
  override blockTokens(src: string, tokens: Token[] = [], lastParagraphClipped?: boolean) {
    const before = tokens.length;
    budget.blockTokens++;
    try {
      const out = super.blockTokens(src, tokens, lastParagraphClipped);
      countedSoFar(out.length - before);
      return out;
    } finally {
      budget.blockTokens--;
    }
  }
}

/**
 * A running count, so text far past MAX_PARTS stops early instead of being lexed to the end.
 * marked lexes some text twice (a quote's lazy lines, link text that holds a link), so this refuses at
 * twice the limit; countParts then holds the finished tokens to the limit itself.
 */
function countedSoFar(added: number) {
  budget.parts += added;
  if (budget.parts > 2 * MAX_PARTS) throw new MarkdownRefused(TOO_MANY_PARTS);
}

/**
 * Runs a container's tokenizer one level deeper. A quote or list that really opens past the
 * limit refuses the text; what lies inside it is not nested further, so finding that out costs
 * one more pass at most. Emphasis and links past the limit simply stay text.
 */
function nested<T>(level: "block" | "inline", run: () => T): T | undefined {
  const depth = budget[level];
  if (depth > MAX_NESTING || (level === "inline" && depth >= MAX_NESTING)) return undefined;
  budget[level]++;
  let token: T;
  try {
    token = run();
  } finally {
    budget[level]--;
  }
  if (token && depth >= MAX_NESTING) throw new MarkdownRefused(TOO_DEEP);
  return token;
}

/**
 * A quote whose last part is a list or quote followed by lazy lines (lines without ">") makes
 * marked read that part again with all the quote's remaining lines, once per lazy line: that
 * grows with the square of the quote's length, so the text read again is limited (a million
 * characters, about 15 ms, is far more than any quoted e-mail with wrapped lines needs).
 */
function quoteTokenizer<T>(src: string, run: () => T): T {
  const saved = budget.quoteBlockTokens;
  budget.quoteBlockTokens = budget.blockTokens;
  try {
    return run();
  } finally {
    budget.quoteBlockTokens = saved;
  }
}

function countRereading(src: string) {
  // Called from a quote's own tokenizer rather than from the lexer inside it: a re-read.
  if (budget.blockTokens !== budget.quoteBlockTokens) return;
  budget.reread += src.length;
  if (budget.reread > budget.rereadMax) throw new MarkdownRefused(TANGLED);
}

const base = Tokenizer.prototype;

const md = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  // Each container and each emphasis or link re-lexes its content from inside these calls.
  tokenizer: {
    blockquote(src) {
      countRereading(src);
      return nested("block", () => quoteTokenizer(src, () => base.blockquote.call(this, src)));
    },
    list(src) {
      countRereading(src);
      return nested("block", () => base.list.call(this, src));
    },
    // The first-character tests are marked's own, made here to keep its per-character loop lean.
    emStrong(src, masked, prevChar) {
      const c = src.charCodeAt(0);
      if (c !== 42 && c !== 95) return undefined;
      countDelimiters(masked);
      return nested("inline", () => base.emStrong.call(this, src, masked, prevChar));
    },
    del(src, masked, prevChar) {
      if (src.charCodeAt(0) !== 126) return undefined;
      countDelimiters(masked);
      return nested("inline", () => base.del.call(this, src, masked, prevChar));
    },
    link(src) {
      const c = src.charCodeAt(0);
      if (c !== 91 && c !== 33) return undefined;
      return nested("inline", () => base.link.call(this, src));
    },
    reflink(src, links) {
      const c = src.charCodeAt(0);
      if (c !== 91 && c !== 33) return undefined;
      return nested("inline", () => base.reflink.call(this, src, links));
    },
  },
  renderer: {
    // Counted so a mention inside quoted text is linked but does not notify again (issue 14).
    blockquote({ tokens }) {
      state.quoteDepth++;
      try {
        return `<blockquote>\n${this.parser.parse(tokens)}</blockquote>\n`;
      } finally {
        state.quoteDepth--;
      }
    },
    // Raw HTML is shown as exactly the text the author typed (entities included) rather than interpreted.
    html({ text, block }) {
      return block ? `<p>${escapeHtml(text.trim(), true)}</p>\n` : escapeHtml(text, true);
    },
    // The page owns h1/h2, so content headings start at h3.
    heading({ tokens, depth }) {
      const level = Math.min(depth + 2, 6);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    code({ text, lang }) {
      const language = (lang ?? "").match(/^\S+/)?.[0];
      const cls = language && /^[a-z0-9][a-z0-9+#._-]*$/i.test(language) ? ` class="language-${language}"` : "";
      return `<pre><code${cls}>${escapeHtml(text.replace(/\n$/, ""), true)}\n</code></pre>\n`;
    },
    // Task-list checkboxes would need <input>; keep what the author typed instead.
    checkbox({ checked }) {
      return checked ? "[x] " : "[ ] ";
    },
    link({ href, tokens, text, autolink }) {
      state.linkDepth++;
      try {
        const inner = autolink ? escapeHtml(text, true) : this.parser.parseInline(tokens);
        const safe = safeHref(href);
        return safe === null ? inner : anchor(safe, inner);
      } finally {
        state.linkDepth--;
      }
    },
    // Loading remote images would leak readers' IP addresses and allow tracking; link instead.
    image({ href, text, tokens }) {
      const alt = escapeHtml(tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text);
      const safe = safeHref(href);
      if (safe === null) return alt;
      return anchor(safe, alt.trim() === "" ? safe : alt);
    },
    text(token) {
      if ("tokens" in token && token.tokens) return this.parser.parseInline(token.tokens);
      if (token.type === "escape") return escapeHtml(token.text);
      return linkMentions(token.text);
    },
  },
});

const ALIGN = [{ name: "align", values: ["left", "center", "right"] }];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "hr", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
    "strong", "em", "del", "s", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
  ],
  allowedAttributes: { a: ["href", "rel", "class"], th: ALIGN, td: ALIGN, ol: ["start"], code: ["class"] },
  allowedClasses: { a: ["app-mention"], code: [/^language-[a-z0-9+#._-]+$/i] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Forced here rather than trusted from the renderer so no link can escape it.
  transformTags: { a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }) },
};

/** Tokens at every level (list items and table cells included); stops counting past the limit. */
function countParts(tokens: Token[]): number {
  const pending: Token[][] = [tokens];
  let count = 0;
  for (let list = pending.pop(); list && count <= MAX_PARTS; list = pending.pop()) {
    for (const t of list) {
      count++;
      if (t.type === "list") pending.push(t.items as Token[]);
      else if (t.type === "table") for (const cell of [...t.header, ...t.rows.flat()] as Tokens.TableCell[]) pending.push(cell.tokens);
      if ("tokens" in t && Array.isArray(t.tokens)) pending.push(t.tokens);
    }
  }
  return count;
}

/**
 * The last few sources lexed and their outcomes: a write checks its text (zod), then renders it
 * and its e-mail excerpt, and a lesson has four sections; this keeps that to one lex each.
 * Tokens are only read, never changed.
 */
const recent: { source: string; tokens: Token[] | null; refused: MarkdownRefused | null }[] = [];
const RECENT_MAX = 4;

/** marked's tokens for the source, or MarkdownRefused when it is beyond the limits above. */
function lex(source: string): Token[] {
  let found = recent.find((r) => r.source === source);
  if (!found) {
    found = { source, ...lexOnce(source) };
    recent.unshift(found);
    recent.length = Math.min(recent.length, RECENT_MAX);
  }
  if (found.refused) throw found.refused;
  return found.tokens!;
}

function lexOnce(source: string): { tokens: Token[] | null; refused: MarkdownRefused | null } {
  const saved = { ...budget };
  Object.assign(budget, { block: 0, inline: 0, pairs: 0, parts: 0, blockTokens: 0, quoteBlockTokens: -1, reread: 0, rereadMax: 1_000_000 + 4 * source.length, counted: [] });
  try {
    const tokens = new BoundedLexer(md.defaults).lex(source);
    if (countParts(tokens) > MAX_PARTS) throw new MarkdownRefused(TOO_MANY_PARTS);
    return { tokens, refused: null };
  } catch (error) {
    if (error instanceof MarkdownRefused) return { tokens: null, refused: error };
    // A safety net: nothing within the limits should get here.
    if (error instanceof RangeError) return { tokens: null, refused: new MarkdownRefused(TOO_COMPLEX) };
    throw error;
  } finally {
    Object.assign(budget, saved);
  }
}

function toUnsafeHtml(tokens: Token[], options: RenderOptions): string {
  // Saved and restored rather than cleared, in case a mentionHref callback itself renders Markdown.
  const saved = { ...state };
  state.mentionHref = options.mentionHref ?? null;
  state.linkDepth = 0;
  state.quoteDepth = 0;
  try {
    return md.parser(tokens);
  } finally {
    Object.assign(state, saved);
  }
}

/** Every handle mentioned, and those written by the author rather than quoted from another post. */
function mentionsIn(tokens: Token[]): { all: string[]; own: string[] } {
  const all = new Set<string>();
  const own = new Set<string>();
  toUnsafeHtml(tokens, {
    mentionHref: (handle, quoted) => {
      all.add(handle);
      if (!quoted) own.add(handle);
      return null;
    },
  });
  return { all: [...all], own: [...own] };
}

/** Why the source cannot be rendered (a message for its author), or null when it can. */
export function markdownProblem(source: string): string | null {
  try {
    lex(source);
    return null;
  } catch (error) {
    if (error instanceof MarkdownRefused) return error.message;
    throw error;
  }
}

/**
 * Markdown → safe HTML for storage. Mentions are linked only when `mentionHref` is given.
 * Throws MarkdownRefused for input beyond the limits (check with markdownProblem first).
 */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  return sanitizeHtml(toUnsafeHtml(lex(source), options), SANITIZE).trim();
}

/**
 * renderMarkdown with mentions linked, lexing once: `resolve` gets every handle the source
 * mentions and returns the href for each one that should be linked. `mentions` are the handles
 * outside quoted text: quoting a post must not tell its mentioned members again (issue 14).
 */
export function renderMarkdownWithMentions(source: string, resolve: (handles: string[]) => RenderOptions["mentionHref"]) {
  const tokens = lex(source);
  // Every mention has an "@", and finding them costs a render.
  const found = source.includes("@") ? mentionsIn(tokens) : { all: [], own: [] };
  return { html: sanitizeHtml(toUnsafeHtml(tokens, { mentionHref: resolve(found.all) }), SANITIZE).trim(), mentions: found.own };
}

/** Text that cannot be rendered, shown exactly as written (for stored posts and uploaded files). */
export function renderAsWritten(source: string): string {
  return `<pre>${escapeHtml(source, true)}</pre>`;
}

/** renderMarkdown for text nobody can be asked to change (uploaded files, stored posts). */
export function renderMarkdownOrAsWritten(source: string, options: RenderOptions = {}): string {
  return markdownProblem(source) === null ? renderMarkdown(source, options) : renderAsWritten(source);
}

/**
 * Handles mentioned in the source outside quoted text, lower-cased and unique, in order of
 * appearance. Uses the renderer itself so a member is notified exactly when their name would be
 * linked (never from code, e-mail addresses, link text or a quote of another post).
 */
export function extractMentions(source: string): string[] {
  return mentionsIn(lex(source)).own;
}

const BLOCK_TYPES = new Set(["paragraph", "heading", "code", "blockquote", "list", "list_item", "table", "hr", "space"]);

function plainText(tokens: Token[]): string {
  let out = "";
  for (const t of tokens) {
    let s: string;
    if (t.type === "html" || t.type === "def" || t.type === "checkbox") s = "";
    else if (t.type === "br") s = " ";
    else if (t.type === "list") s = t.items.map((item: Tokens.ListItem) => plainText(item.tokens)).join(" ");
    else if (t.type === "table") s = [...t.header, ...t.rows.flat()].map((cell: Tokens.TableCell) => plainText(cell.tokens)).join(" ");
    else if ("tokens" in t && t.tokens) s = plainText(t.tokens);
    else s = "text" in t && typeof t.text === "string" ? t.text : "";
    out += BLOCK_TYPES.has(t.type) ? ` ${s} ` : s;
  }
  return out;
}

// Tags that end a word in stored post HTML; the rest (emphasis, links, code) sit inside text.
const HTML_BREAK = /<\/?(?:p|br|hr|h[1-6]|blockquote|ul|ol|li|pre|table|thead|tbody|tr|th|td)\b[^<>]*>/g;
const HTML_TAG = /<[^<>]*>/g;

/**
 * The words a post's stored HTML shows (sanitised, so every "<" opens a tag), whitespace
 * collapsed. Unlike renderPlainExcerpt it needs no parse of the Markdown, which took a search
 * page of twenty posts 3-4 ms, and raw HTML an author typed stays as the page shows it: as text.
 */
export function plainTextOfHtml(html: string): string {
  return decodeEntities(html.replace(HTML_BREAK, " ").replace(HTML_TAG, "")).replace(/\s+/g, " ").trim();
}

/**
 * Plain text for list snippets and e-mails: no markup, whitespace collapsed,
 * cut at a word boundary with "…" when longer than maxLength. Raw HTML is
 * dropped rather than shown, since tag soup makes a poor snippet. Callers
 * must still escape it wherever it lands in HTML.
 */
export function renderPlainExcerpt(source: string, maxLength = 200): string {
  let text: string;
  try {
    text = decodeEntities(plainText(lex(source)));
  } catch (error) {
    if (!(error instanceof MarkdownRefused)) throw error;
    text = source; // too complex to parse: the words as written make a fair snippet
  }
  text = text.replace(/\s+/g, " ").trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, Math.max(0, maxLength - 1));
  const space = cut.lastIndexOf(" ");
  const head = space > maxLength * 0.6 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s.,;:!?-]+$/, "")}…`;
}
