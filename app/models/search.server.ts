/**
 * Search across threads, lessons, templates and partnerships with SQLite FTS5 (issue 15).
 *
 * Every match the member may read is ranked: the share of the query's terms in a row's title
 * (weighted 8 to 1 over body text) times a recency boost (1.5 for today, falling linearly to 1 at
 * three years), then grouped so a thread, a lesson, a template or a partnership is one hit, shown
 * by its best-scoring row. Ranking reads only the index's rowids (migration 0016 packs the hour,
 * audience, kind and group into them): bm25 and UNINDEXED columns cost a row lookup each, too slow
 * for a word in a tenth of 1,000,000 posts. Title rows are also in an index of their own, keyed
 * alike (migration 0017), so weighing titles reads the title rows alone, not every row with the
 * word. Every key read is tested for the member's audience before ranking, over the key's copy
 * of its row's current audience (kept by the index's triggers in the same transaction) and the
 * policy's verdict on each such code, so a count, a page or a snippet never includes what the
 * member may not open; the page shown is checked again against its source rows in SQL.
 */
import { sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { audienceReadableWhere, type Member, postTextReadableWhere, searchEntryReadableWhere, spaceListedWhere, templateVisibleWhere } from "~/auth/policy/index.server";
import { kthLargest } from "~/lib/kth-largest";
import { plainTextOfHtml, renderPlainExcerpt } from "~/lib/markdown.server";
import { MARK_END, MARK_START, SEARCH_KINDS, SEARCH_SORTS, type SearchKind, type SearchSort } from "~/lib/search-kinds";
import { db, sqlText } from "../../db/client.server";
import { keptList } from "./kept-lists.server";
import { fromInts, hasRoom, keep, type KeptKeys, type KeptShape, keysWithLows, LOW, type PackedKeys, packAll, release, toInts, unpackWith } from "./search-kept.server";
import { shareKeys, shareRanking, sharedKeys, sharedRanking } from "./search-rankings.server";

export const SEARCH_PAGE_SIZE = 20;
const TITLE_WEIGHT = 8;
const RECENCY_BOOST = 0.5;
const RECENCY_SECONDS = 3 * 365 * 24 * 3600;

type Term = { text: string; phrase: boolean };

/** Quoted phrases and single words, at most 12 terms, normalised; FTS5 syntax never survives. */
function parseTerms(query: string): Term[] {
  const terms: Term[] = [];
  const normal = query.normalize("NFKC");
  const words = (s: string) => s.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  const parts = normal.split('"');
  parts.forEach((part, i) => {
    // Odd parts were inside quotes (an unclosed quote runs to the end).
    if (i % 2 === 1 && i < parts.length) {
      const ws = words(part);
      if (ws.length > 0) terms.push({ text: ws.join(" "), phrase: ws.length > 1 });
    } else for (const w of words(part)) terms.push({ text: w, phrase: false });
  });
  return terms.slice(0, 12);
}

/**
 * The query's terms as FTS5 phrases that cannot be a syntax error: "quoted phrases" kept, every
 * word quoted, the last bare word also a prefix (unless `prefix` is false).
 */
function termExpressions(query: string, prefix = true) {
  const terms = parseTerms(query);
  const last = prefixAt(terms, query);
  return terms.map((t, i) => `"${t.text}"${prefix && i === last ? "*" : ""}`);
}

/** Which term is also a prefix: the last, when it is a bare word and no quote closes the query; else -1. */
function prefixAt(terms: Term[], query: string) {
  const last = terms.length - 1;
  return last >= 0 && !terms[last]!.phrase && !query.trimEnd().endsWith('"') ? last : -1;
}

const tokenizers = new WeakSet<object>();

/**
 * The tokens the index makes of each text (folded, stemmed, split where its tokenizer splits),
 * from a scratch table with the index's tokenizer (as migration 0016 declares it) in the
 * connection's temp schema, never the database file.
 */
function tokensOf(texts: string[]): string[][] {
  const client = db().$client;
  if (!tokenizers.has(client)) {
    client.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stem USING fts5(word, tokenize = 'porter unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stem_tokens USING fts5vocab(temp, search_stem, 'instance');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_instances USING fts5vocab(main, search_index, 'instance');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_recent_instances USING fts5vocab(main, search_recent, 'instance');`);
    tokenizers.add(client);
  }
  const insert = client.prepare("INSERT INTO temp.search_stem(rowid, word) VALUES (?, ?)");
  const tokens = texts.map((): string[] => []);
  try {
    texts.forEach((text, i) => insert.run(i, text));
    for (const [doc, term] of client.prepare("SELECT doc, term FROM temp.search_stem_tokens ORDER BY doc, offset").raw(true).all() as [number, string][]) tokens[doc]!.push(term);
  } finally {
    client.prepare("DELETE FROM temp.search_stem").run();
  }
  return tokens;
}

// Stems known to widen. Once the index has a longer word, keeping the prefix is right whatever is
// deleted later (at worst slower), so they are not asked again: the vocabulary reads past the
// stem's own matches to answer, 5-14 ms from disk for a word in most posts, and in English text
// common words widen ("contract" to "contractor"). Bounded, oldest forgotten first.
const widening = new Set<string>();
const WIDENING_SIZE = 10_000;
// Stems found not to widen, with the index's count of additions then: still so while no row added
// since has a longer word starting with them (a removal takes no word in). Asking the index's
// vocabulary again cost each ranking of a varied search at 1,000,000 posts 50-230 µs, its pages
// pushed out of SQLite's cache by the reads; asking again after every post was a tenth of what
// members' posts added to a search. The rows added since are asked instead, while in search_recent.
const narrow = new Map<string, number>();

/**
 * Whether the query's prefix can match more than its own word: whether the index holds a longer
 * word starting with it. FTS5 copies a prefix's merged doclist even when it holds one word, so
 * "contract"* cost 46 ms against 33 ms for "contract" at 1,000,000 posts, for the same rows. FTS5
 * stems a prefix ("contracting"* is "contract"*), so the word's stem is looked up. The 'instance'
 * vocabulary answers at its first row; the 'row' one would count that word's documents.
 */
function prefixWidens(query: string, added: number) {
  const terms = parseTerms(query);
  const at = prefixAt(terms, query);
  if (at < 0) return false;
  const stems = termTokens(query)[at]!;
  if (stems.length !== 1) return true;
  const stem = stems[0]!;
  if (widening.has(stem)) return true;
  const was = narrow.get(stem);
  narrow.delete(stem);
  // Every longer word starting with the stem sorts between these two (fts5vocab compares bytes).
  const longer = [`${stem}\u0001`, `${stem}\u{10FFFF}`];
  const stillNarrow =
    was !== undefined && was <= added && added - was < RECENT_KEPT && (was === added || db().$client.prepare("SELECT 1 FROM temp.search_recent_instances WHERE term >= ? AND term <= ? AND doc > ? LIMIT 1").get(...longer, was) === undefined);
  if (stillNarrow || db().$client.prepare("SELECT 1 FROM temp.search_instances WHERE term >= ? AND term <= ? LIMIT 1").get(...longer) === undefined) {
    if (narrow.size >= WIDENING_SIZE) narrow.delete(narrow.keys().next().value!);
    narrow.set(stem, added);
    return false;
  }
  if (widening.size >= WIDENING_SIZE) widening.delete(widening.values().next().value!);
  widening.add(stem);
  return true;
}

// The filters' codes in the index's facets column (facetTokens): two letters and an id; and what
// a prefix of one can be.
const FACET_CODE = /^(?:sp|pa|sa|or)\d+$/;
const FACET_CODE_START = /^(?:[spo]|sp\d*|pa\d*|sa\d*|or\d*)$/;
// Per query: the tokens the index makes of each of its terms. Bounded, oldest forgotten first.
const queryTokens = new Map<string, string[][]>();
const QUERY_TOKENS_SIZE = 1000;

/** The tokens the index makes of each of the query's terms (parseTerms), read once per query. */
function termTokens(query: string): string[][] {
  let found = queryTokens.get(query);
  if (!found) {
    found = tokensOf(parseTerms(query).map((t) => t.text));
    if (queryTokens.size >= QUERY_TOKENS_SIZE) queryTokens.delete(queryTokens.keys().next().value!);
    queryTokens.set(query, found);
  }
  return found;
}

/**
 * Which of the query's terms could match a filter's code, judged on the tokens the index makes
 * of them: "sp12s" stems to sp12, "sas" as a prefix is "sa"*, and a few letters that JavaScript
 * counts as letters split words in the index's tokenizer.
 */
function codeLikeTerms(query: string): boolean[] {
  const last = prefixAt(parseTerms(query), query);
  return termTokens(query).map((tokens, i) => tokens.some((token) => FACET_CODE.test(token) || (i === last && FACET_CODE_START.test(token))));
}

/**
 * The query as an FTS5 expression requiring every term; null when nothing searchable is left. A
 * term marked in `confined` (codeLikeTerms) is confined to the text, so "sp12" finds the posts
 * that say it, not every post in space 12. Only those terms: confining every term to the text
 * made a common word's count 20% slower.
 */
export function toMatchExpression(query: string, prefix = true, confined: boolean[] = []) {
  const expressions = termExpressions(query, prefix).map((expression, i) => (confined[i] ? `{title body} : ${expression}` : expression));
  return expressions.length === 0 ? null : expressions.join(" ");
}

/** A word's crude English stem, so "benchmarking" also marks "benchmark" (the index itself uses porter). */
function stemOf(word: string) {
  return word.length > 5 ? word.replace(/(ing|ed|es|s|y|ies|ion|ions)$/u, "") : word;
}

/**
 * A plain-text excerpt around the first matching word, every match marked. The text's own
 * private-use mark characters are removed first, so nothing a member wrote becomes a mark.
 */
export function makeSnippet(text: string, query: string, width = 220) {
  const plain = text.replace(/[\uE000\uE001]/g, "").replace(/\s+/g, " ").trim();
  const stems = [...new Set(parseTerms(query).flatMap((t) => fold(t.text).split(" ")).map(stemOf))];
  if (stems.length === 0) return plain.slice(0, width);
  const first = stemMatches(plain, stems, 1)[0]?.[0] ?? -1;
  const start = first <= 60 ? 0 : plain.lastIndexOf(" ", first - 60) + 1;
  let excerpt = plain.slice(start, start + width);
  if (start + width < plain.length) excerpt = `${excerpt.replace(/\s+\S*$/, "")}…`;
  if (start > 0) excerpt = `…${excerpt}`;
  let marked = "";
  let at = 0;
  for (const [from, to] of stemMatches(excerpt, stems)) {
    marked += `${excerpt.slice(at, from)}${MARK_START}${excerpt.slice(from, to)}${MARK_END}`;
    at = to;
  }
  return marked + excerpt.slice(at);
}

const WORD_END = /[\p{L}\p{N}]$/u;
const WORD_REST = /[\p{L}\p{N}]*/uy;

/**
 * Lowercase, with the same length, so positions in it are the text's: İ (whose lowercase is two
 * characters) becomes i, as the index folds it, and the final and long s fold like any s. Other
 * rare letters that case-fold apart from their lowercase (µ, ϐ, ϑ…) are left as they are.
 */
const fold = (text: string) => text.replace(/\u0130/g, "i").toLowerCase().replace(/ς/g, "σ").replace(/ſ/g, "s");

// ASCII letters and digits are tested by their code: a planted post of 16,000 "xa" has an "a"
// inside every word, and testing each with the Unicode patterns made it 4 times slower.
const asciiWord = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122);

/** Whether a letter or digit ends `lower` just before `at`. */
function wordBefore(lower: string, at: number) {
  const c = lower.charCodeAt(at - 1);
  return c < 128 ? asciiWord(c) : WORD_END.test(lower.slice(Math.max(0, at - 2), at));
}

/** The end of the word of letters and digits that runs on from `at`. */
function wordEnd(lower: string, at: number) {
  // Most words end within a few ASCII letters; a long run or other letters go to the pattern.
  for (let i = at; i < at + 32; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 128) break;
    if (!asciiWord(c)) return i;
  }
  WORD_REST.lastIndex = at;
  WORD_REST.test(lower);
  return WORD_REST.lastIndex;
}

/**
 * Where a word of `text` starts with one of the lowercase `stems`, ignoring case, each to the end
 * of its word, in order. A case-insensitive Unicode pattern built per query finds the same, but V8
 * took 0.6-0.7 ms to compile each (case-folding its letter and digit classes), and under load
 * compiled it again for most snippets: 7 % of a search's time.
 */
function stemMatches(text: string, stems: string[], limit = Infinity) {
  const lower = fold(text);
  const found: [number, number][] = [];
  // Each stem's next word start at or after `from`, kept until passed: sought afresh for every
  // match, a stem found only inside words would rescan the rest of the text each time.
  const next = stems.map(() => -2);
  for (let from = 0; found.length < limit; ) {
    let at = -1;
    stems.forEach((stem, s) => {
      let i = next[s]!;
      if (i !== -1 && i < from) {
        i = lower.indexOf(stem, from);
        // Inside a word no later position starts a word either, so the search moves past its end.
        while (i > 0 && wordBefore(lower, i)) i = lower.indexOf(stem, Math.max(wordEnd(lower, i), i + 1));
        next[s] = i;
      }
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    if (at < 0) break;
    const end = wordEnd(lower, at);
    found.push([at, end]);
    from = Math.max(end, at + 1);
  }
  return found;
}

export type SearchFilters = {
  kind: SearchKind | null;
  space: string | null;
  partnership: string | null;
  area: string | null;
  organisation: string | null;
  from: string | null;
  to: string | null;
  sort: SearchSort;
};

export type SearchHit = {
  kind: SearchKind;
  key: string;
  title: string;
  url: string;
  snippet: string;
  /** Further matching posts in the same thread, lesson or template. */
  morePosts: number;
  context: string;
  at: number;
  isDemo: boolean;
};

type Ranked = { kind: SearchKind; grp: number; doc: number; n: number; latest: number };

const plain = (md: string) => renderPlainExcerpt(md, Number.MAX_SAFE_INTEGER);
const toSeconds = (d: string | null, endOfDay: boolean) => {
  if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return null;
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isNaN(t) ? null : t / 1000 + (endOfDay ? 86400 : 0);
};

/** Filter tokens (see migration 0011) for the slugs in the URL; null when a slug names nothing. */
function facetTokens(filters: SearchFilters): string[] | null {
  const tokens: string[] = [];
  const lookups: [string | null, SQL, string][] = [
    [filters.space, sql`SELECT id FROM spaces WHERE slug = ${filters.space}`, "sp"],
    [filters.partnership, sql`SELECT id FROM partnerships WHERE slug = ${filters.partnership}`, "pa"],
    [filters.area, sql`SELECT id FROM terms WHERE vocabulary = 'service_area' AND slug = ${filters.area}`, "sa"],
    [filters.organisation, sql`SELECT id FROM organisations WHERE slug = ${filters.organisation}`, "or"],
  ];
  for (const [slug, query, prefix] of lookups) {
    if (!slug) continue;
    const row = db().get<{ id: number } | undefined>(query);
    if (!row) return null;
    tokens.push(`${prefix}${row.id}`);
  }
  return tokens;
}

// Ranked results per (query, filters, audience rule, block of pages): the audience rule's SQL is
// part of the key, so members who may read the same things share them. A ranking stays good while
// nothing is removed from the index and no row added since matches its query (stillRanked); an
// edit, a move or a hide removes a row, so it starts every ranking again. Ranking finds every match
// whichever page is asked, so one ranking serves a block of BLOCK_PAGES pages. A page's rows are
// kept once found, and its hits while the index is at the generation they were read in: a hit's
// title, space and snippet, and whether the member may still open it, are read again after any
// change. Bounded in shown pages (about 20 KB each), which bounds the rankings. A ranking made here is also
// shared with the server's other processes (search-rankings.server.ts), which check it alike.
type IndexState = { generation: number; removed: number; added: number; addedMatch: number };
type ShownPage = { rows: Ranked[]; generation: number; hits: SearchHit[] };
type SharedRanking = { state: IndexState; total: number; groups: Group[]; match: Matches; rankedAt: number };
type Ranking = SharedRanking & { pages: Map<number, ShownPage> };
const cache = new Map<string, Ranking>();
// What this process read of the index for a query with its kind and date filters, whoever asked:
// every match of every audience, for rank to count a member's. Kept (search-kept.server.ts)
// with the index's counts of additions and removals then, so the query's next ranking, for a
// member of any audience, takes in only the rows added since instead of reading every match again
// (see matchedSince on a prefix that widens meanwhile). `uses`: the searches of the query, kept or
// not, so that room is made by letting go of less used queries' reads. Bounded in entries
// (READS_SIZE) and in bytes (search-kept.server.ts).
type Kept = KeptKeys & { terms: number; at: number; removed: number };
type Read = { uses: number; kept?: Kept };
const reads = new Map<string, Read>();
// Rankings are small (the groups of ten pages); the shown pages' hits are most of the memory, and
// every ranking holds one at least, so bounding the pages bounds the rankings. A query's read is
// only kept within search-kept's bytes, so more of them may be remembered. Under the bench's varied
// queries at 1,000,000 posts, 500 rankings, 1,000 pages and 500 reads served 537 searches a second
// (in a whole `npm run bench`); 700, 700 and 1,000 served 616 (in a run of the varied kinds alone),
// the workers at 254-277 MB after it.
const CACHE_PAGES = 700;
const READS_SIZE = 1000;
const BLOCK_PAGES = 10;
let cachedPages = 0;
const dialect = new SQLiteSyncDialect();

// The index's rowid (migration 0016), shifted right by NUM_BITS to a "row key" that JavaScript's
// numbers hold exactly: hour written × 2^30 + audience << 28 | moderators only << 27 | kind << 25
// | a post << 24 | group id. Ranking reads only these keys, never a per-row lookup. A change to
// this layout must also change the views of migration 0016 and the triggers of 0017.
const NUM_BITS = 13;
const HOUR_SHIFT = 43;
// LOW (2^30, the hour's multiplier in a key) is search-kept.server.ts's, which packs keys by it.
const ACCESS_SHIFT = 40;
const KIND_SHIFT = 38;
/** The posts' index, the titles' (migration 0017), or the last additions' rows (0020), keyed alike. */
type Index = "search_index" | "search_titles" | "search_recent_docs";
/** A row's access code (rowid bits 40-42): its audience (members 0, policing 1, none 2 or 3), then whether only moderators may read it. */
const ACCESS_CODES = [0, 1, 2, 3, 4, 5, 6, 7];
const AUDIENCE_OF_CODE = ["members", "policing", "", ""];

/** The policy's rule for each access code, over the code's audience and flag: one SQL value per code, 1 when readable. */
const accessRule = (member: Member) =>
  sql.join(ACCESS_CODES.map((code) => sql`(${searchEntryReadableWhere(member, sql`${AUDIENCE_OF_CODE[code >> 1]}`, sql`${code & 1}`)})`), sql`, `);

/** The access codes whose rows the member may read: the policy settles each of the eight once per search. */
function readableCodes(member: Member): number[] {
  const { sql: text, params } = dialect.sqlToQuery(sql`SELECT ${accessRule(member)}`);
  const verdicts = db().$client.prepare(text).raw(true).get(...params) as number[];
  return ACCESS_CODES.filter((code) => verdicts[code] === 1);
}

/** "The member may read this index row" as a test of the row's access code: for the spelling suggestion's one-row lookups. */
const readableRows = (readable: number[]) =>
  readable.length === 0 ? sql`0` : sql.raw(`((search_index.rowid >> ${ACCESS_SHIFT}) & 7) IN (${readable.join(", ")})`);

/**
 * "The rowid's bits `mask` at `shift` are `value`" with both sides constants, so SQLite ANDs each
 * row's rowid once: shifting it first and masking twice made reading the match keys of a word in
 * a quarter of 1,000,000 posts about a tenth slower (51 against 46 ms).
 */
const bitsAre = (index: Index, shift: number, mask: number, value: number) =>
  sql.raw(`(${index}.rowid & ${mask * 2 ** shift}) = ${value * 2 ** shift}`);

/** A key's audience, moderators-only and kind bits, post bit and group id: `key % LOW`, without the slow floating-point remainder. */
const lowOf = (key: number) => key - Math.floor(key / LOW) * LOW;
const groupOf = (key: number) => {
  const low = lowOf(key);
  return ((low >>> 25) & 3) * 2 ** 24 + (low & 0xffffff);
};
/** A group's kind and id as they are in its keys' low bits (GROUP_BITS). */
const groupBits = (group: number) => (Math.floor(group / 2 ** 24) << 25) | group % 2 ** 24;
const hourOf = (key: number) => Math.floor(key / LOW);
const hours = (seconds: number) => Math.floor(seconds / 3600);

/**
 * Kind and dates as conditions on an index's rowid; not the audience, which the keys read are
 * tested as they are ranked (rank), so one read serves members of every audience.
 */
function filterWhere(filters: SearchFilters): (index?: Index) => SQL {
  const from = toSeconds(filters.from, false);
  const to = toSeconds(filters.to, true);
  return (index = "search_index") => {
    const rowid = sql.raw(`${index}.rowid`);
    return sql`1
    ${filters.kind ? sql`AND ${bitsAre(index, KIND_SHIFT, 3, SEARCH_KINDS.indexOf(filters.kind))}` : sql``}
    ${from !== null ? sql`AND ${rowid} >= (${hours(from)} << ${sql.raw(String(HOUR_SHIFT))})` : sql``}
    ${to !== null ? sql`AND ${rowid} < (${hours(to)} << ${sql.raw(String(HOUR_SHIFT))})` : sql``}`;
  };
}

/**
 * The row keys of the matches, oldest first. A word in most posts has hundreds of thousands:
 * SQLite writes them as one list faster than it hands them over a row at a time, and in the
 * index's own order (rowid ascending) faster than newest first. An aggregate straight over the
 * index is 10-20% faster than one over an ordered subquery; SQLite promises neither's input order,
 * so it is checked here.
 */
function matchKeys(match: string, where: SQL, index: Index = "search_index") {
  const { sql: text, params } = dialect.sqlToQuery(matchesQuery(match, where, index));
  const keys = integersOf(db().$client.prepare(text).pluck(true).get(...params) as Buffer | null);
  for (let k = 1; k < keys.length; k++) if (keys[k]! < keys[k - 1]!) return keys.sort();
  return keys;
}

/**
 * The numbers of a comma-separated list of integers below 2^53, as group_concat writes them (null
 * for no rows), read from its bytes into a typed array. JSON.parse of the same keys as a JSON array
 * took a third longer, decoding a string and making a heap number of each key above 2^31.
 */
export function integersOf(list: Buffer | null) {
  if (list === null || list.length === 0) return new Float64Array(0);
  // Keys come in ascending order, so none is shorter than the first: room for all of them then
  // (or, should the first be short, for keys of 8 digits, growing if more come).
  const first = list.indexOf(44);
  let numbers = new Float64Array(Math.ceil((list.length + 1) / (Math.max(first < 0 ? list.length : first, 8) + 1)));
  let n = 0;
  // A loop per number around a loop per digit: 7 ms for the 3.75 MB of a word in a quarter of
  // 1,000,000 posts, against 10-18 ms for one loop over every byte asking whether it ends a number.
  const length = list.length;
  for (let i = 0; i < length; i++) {
    let value = 0;
    let c = list[i]!;
    while (c !== 44) {
      value = value * 10 + (c - 48);
      if (++i === length) break;
      c = list[i]!;
    }
    if (n === numbers.length) numbers = growTo(numbers, numbers.length * 2);
    numbers[n++] = value;
  }
  return numbers.subarray(0, n);
}

function growTo(numbers: Float64Array, length: number) {
  const grown = new Float64Array(length);
  grown.set(numbers);
  return grown;
}

/**
 * Every match's row key, and per query term its title rows' keys (migration 0017), each oldest
 * first, as the index was when it had counted `at` additions, of every audience. `terms` is the
 * number of the query's terms; a query without matches reads no titles.
 */
type Matched = { keys: Float64Array; titleKeys: Float64Array[]; terms: number; at: number };

/** A key's access code, from its low bits. */
const accessCodeOf = (low: number) => low >>> (ACCESS_SHIFT - NUM_BITS);

/** 1 at each readable access code. */
function allowedCodes(readable: number[]) {
  const allowed = new Uint8Array(ACCESS_CODES.length);
  for (const code of readable) allowed[code] = 1;
  return allowed;
}

/** A key's kind and group id bits (25-26 and 0-23 of its low bits): what its group is known by in `keysOfGroups`. */
const GROUP_BITS = 0x06ffffff;

/** The keys of `groups` (their GROUP_BITS) with an `allowed` access code, in the same order, and per term their title rows'. */
function keysOfGroups(matched: Matched | KeptAndAdded, allowed: Uint8Array, groups: number[]): Matched {
  if (!("kept" in matched)) return { ...matched, keys: readableKeys(matched.keys, allowed, groups), titleKeys: matched.titleKeys.map((keys) => readableKeys(keys, allowed, groups)) };
  const { kept, added } = matched;
  // Packed, each key's low bits are at hand, so no key is made unless it is one of theirs.
  const theirs = (low: number) => allowed[accessCodeOf(low)] === 1 && groups.includes(low & GROUP_BITS);
  const both = (packed: PackedKeys, keys: Float64Array) => Float64Array.from([...keysWithLows(packed, theirs), ...readableKeys(keys, allowed, groups)]).sort();
  return { keys: both(kept.keys, added.keys), titleKeys: kept.titleKeys.map((packed, i) => both(packed, added.titleKeys[i]!)), terms: added.terms, at: added.at };
}

/** The keys in `groups` (their GROUP_BITS) with an `allowed` access code, in the same order. */
function readableKeys(keys: Float64Array, allowed: Uint8Array, groups: number[]) {
  const found: number[] = [];
  // Keys ascend, so a key's low bits are its distance from its hour's start (see MatchGroups).
  for (let k = 0, hourStart = -Infinity, hourEnd = -Infinity; k < keys.length; k++) {
    const key = keys[k]!;
    if (key >= hourEnd) {
      hourStart = Math.floor(key / LOW) * LOW;
      hourEnd = hourStart + LOW;
    }
    const low = key - hourStart;
    if (allowed[accessCodeOf(low)] && groups.includes(low & GROUP_BITS)) found.push(key);
  }
  return Float64Array.from(found);
}

/** What a ranking reads: the query as searched, its terms in titles, and the rows' conditions. */
type Reading = { match: Matches; titles: string[]; where: (index?: Index) => SQL };

function matchedNow(reading: Reading, at: number): Matched {
  const keys = matchKeys(reading.match.full, reading.where());
  const titleKeys = keys.length > 0 ? reading.titles.map((expression) => matchKeys(expression, reading.where("search_titles"), "search_titles")) : [];
  return { keys, titleKeys, terms: reading.titles.length, at };
}

/**
 * What was matched, with the rows added since taken in (search_recent, up to `until` additions):
 * the same as reading every match again when nothing was removed since and every addition since
 * is still kept. So is the query's prefix: while it did not widen, no row then had a longer word
 * starting with it, so the rows read then are the same with or without it.
 */
function matchedSince(was: Kept, reading: Reading, until: number): Matched | KeptAndAdded {
  if (was.keys.lows.length === 0) return matchedNow(reading, until);
  const added = (expression: string) => keysAdded(reading, expression, was.at, until);
  return { kept: was, added: { keys: added(reading.match.full), titleKeys: reading.titles.map(added), terms: was.terms, at: until }, at: until };
}

/**
 * Every match as what was read then, kept packed, and the keys added since: unpacked into one
 * list only when every match is ranked or packed again (`whole`), as taking rows into a ranking
 * reads only a few groups' keys (keysOfGroups).
 */
type KeptAndAdded = { kept: Kept; added: Matched; at: number };

function whole(matched: Matched | KeptAndAdded): Matched {
  if (!("kept" in matched)) return matched;
  const { kept, added } = matched;
  return { keys: unpackWith(kept.keys, added.keys), titleKeys: kept.titleKeys.map((keys, i) => unpackWith(keys, added.titleKeys[i]!)), terms: added.terms, at: added.at };
}

/** What rank groups: every match's key, or the packed read as it is when no match was added since. */
type ToRank = { keys: Float64Array | PackedKeys; titleKeys: Float64Array[]; terms: number };

/**
 * The keys to rank: the packed read itself, with the few title keys unpacked, when no match was
 * added since it, as when a member of another audience, or another process, ranks a query read
 * before. Unpacking a word in a quarter of 1,000,000 posts made 234,000 keys to be walked once.
 */
function toRank(matched: Matched | KeptAndAdded, every: () => Matched): ToRank {
  if (!("kept" in matched) || matched.added.keys.length > 0) return every();
  const { kept, added } = matched;
  return { keys: kept.keys, titleKeys: kept.titleKeys.map((keys, i) => unpackWith(keys, added.titleKeys[i]!)), terms: added.terms };
}

/** The keys of the rows matching `expression` among those added after `after` additions, up to `until` (search_recent), ascending. */
function keysAdded(reading: Reading, expression: string, after: number, until: number) {
  if (after === until) return new Float64Array(0);
  const { sql: text, params } = dialect.sqlToQuery(sql`
    SELECT CAST(group_concat(search_recent_docs.rowid >> ${sql.raw(String(NUM_BITS))}) AS BLOB)
    FROM search_recent JOIN search_recent_docs ON search_recent_docs.added = search_recent.rowid
    WHERE search_recent MATCH ${expression} AND search_recent.rowid > ${after} AND search_recent.rowid <= ${until} AND ${reading.where("search_recent_docs")}`);
  return integersOf(db().$client.prepare(text).pluck(true).get(...params) as Buffer | null).sort();
}

const matchesQuery = (match: string, where: SQL, index: Index = "search_index") =>
  sql`SELECT CAST(group_concat(rowid >> ${sql.raw(String(NUM_BITS))}) AS BLOB) FROM ${sql.raw(index)} WHERE ${sql.raw(index)} MATCH ${match} AND ${where}`;

/**
 * The number within its key of a title row: a thread's title is on its first post (number 1), a
 * lesson's, template's or partnership's on the item itself (0). Bit 24 of a key marks a post.
 */
const titleRowNumber = (key: number) => (lowOf(key) >>> 24) & 1;

/** The query's FTS5 expression as searched, with its last word whole (no prefix), and as typed (a prefix whether or not it widens). */
type Matches = { full: string; exact: string; typed: string };
type Group = { group: number; latestKey: number; n: number; score: number; titleKey: number | null; titleHasAll: boolean };

/**
 * The readable matches' groups, newest first: for i below `size`, `latest[i]` is group i's newest
 * readable row key and `counts[i]` its readable rows. A typed array per kind, indexed by the
 * group's id, finds a row's group: a Map of the 180,000 groups of a word in most posts cost more
 * than SQLite took to find their rows. A search borrows the process's arrays, its slots grown when
 * an id beyond them comes and its lists when more keys come, and `release` hands them back, the
 * slots zeroed (arrays never released are simply not reused): a fresh slot array per search cost a
 * rare word 2 ms, mostly the kernel's first touch of the pages its few scattered ids land on, and
 * fresh lists a word in most posts 2.8 MB to fill and collect.
 */
class MatchGroups {
  private static spare: { slots: Int32Array[]; latest: Float64Array; counts: Int32Array } | undefined;
  readonly latest: Float64Array;
  readonly counts: Int32Array;
  private found = 0;
  private slots: Int32Array[];

  /**
   * `keys`: every match's row key, oldest first, or packed (search-kept.server.ts); those with an
   * access code `allowed` lacks are passed over here, so no member's copy of the keys is made.
   */
  constructor(keys: Float64Array | PackedKeys, allowed: Uint8Array) {
    const spare = MatchGroups.spare;
    MatchGroups.spare = undefined;
    this.slots = spare?.slots ?? [0, 1, 2, 3].map(() => new Int32Array(1024));
    const length = keys instanceof Float64Array ? keys.length : keys.lows.length;
    // Room for one group per match, so filling them never grows a list.
    const fits = spare !== undefined && spare.latest.length >= length;
    this.latest = fits ? spare.latest : new Float64Array(length);
    this.counts = fits ? spare.counts : new Int32Array(length);
    // One pass, newest first. Keys come hour by hour, so a key's low bits are its distance from
    // its hour's start, found by a subtraction: with a division for every key, and a pass of its
    // own to size the arrays, a word in a quarter of 1,000,000 posts took 8-12 ms here, now 6-9.
    // Packed keys have their low bits at hand.
    if (keys instanceof Float64Array)
      for (let k = keys.length - 1, hourStart = Infinity; k >= 0; k--) {
        const key = keys[k]!;
        if (key < hourStart) hourStart = Math.floor(key / LOW) * LOW;
        this.add(key - hourStart, hourStart, allowed);
      }
    else
      for (let run = keys.hours.length - 1, end = keys.lows.length; run >= 0; end = keys.starts[run--]!) {
        const hourStart = keys.hours[run]! * LOW;
        for (let i = end - 1; i >= keys.starts[run]!; i--) this.add(keys.lows[i]!, hourStart, allowed);
      }
  }

  /** Counts a row, its low bits `low` in the hour starting at `hourStart`, in its group: the first, newest, of a group is its latest. */
  private add(low: number, hourStart: number, allowed: Uint8Array) {
    if (!allowed[accessCodeOf(low)]) return;
    const kind = (low >>> 25) & 3;
    const id = low & 0xffffff;
    let slots = this.slots[kind]!;
    if (id >= slots.length) slots = this.slots[kind] = growSlots(slots, id);
    // Slot i + 1 for group i, so a zero means "not seen yet".
    const slot = slots[id]!;
    if (slot) this.counts[slot - 1]!++;
    else {
      this.latest[this.found] = hourStart + low;
      this.counts[this.found] = 1;
      slots[id] = ++this.found;
    }
  }

  /** The number of groups. */
  get size() {
    return this.found;
  }

  /** The index of a row key's group, or -1 when no readable match is in that group. */
  indexOf(key: number) {
    const low = lowOf(key);
    return (this.slots[(low >>> 25) & 3]![low & 0xffffff] ?? 0) - 1;
  }

  /** Zeroes the slots this search set and hands the arrays back; none of them is then usable. */
  release() {
    const slots = this.slots;
    // Many groups are cleared fastest by zeroing every slot, a few one by one.
    if (this.size * 8 > slots.reduce((n, kind) => n + kind.length, 0)) for (const kind of slots) kind.fill(0);
    else
      for (let i = 0, hourStart = Infinity; i < this.size; i++) {
        const key = this.latest[i]!;
        if (key < hourStart) hourStart = Math.floor(key / LOW) * LOW;
        const low = key - hourStart;
        slots[(low >>> 25) & 3]![low & 0xffffff] = 0;
      }
    MatchGroups.spare = { slots, latest: this.latest, counts: this.counts };
    this.slots = [];
  }
}

/** `slots` with room for `id` and a quarter more, its slots kept. */
function growSlots(slots: Int32Array, id: number) {
  const grown = new Int32Array(id + 1 + (id >> 2));
  grown.set(slots);
  return grown;
}

/**
 * The `k` best groups in order. Only they can be shown, and a word in a quarter of 1,000,000
 * posts has 13,600 titled groups: the k-th best score is picked from the bare scores (1.5 ms to
 * sort them, 0.04 ms to pick it), and only the groups at or above it are compared in full.
 */
function best(groups: Group[], k: number, order: (a: Group, b: Group) => number) {
  if (groups.length > k) {
    const scores = new Float64Array(groups.length);
    for (let i = 0; i < groups.length; i++) scores[i] = groups[i]!.score;
    const least = kthLargest(scores, k);
    groups = groups.filter((g) => g.score >= least);
  }
  return groups.sort(order).slice(0, k);
}

/**
 * Every match the member may read (an access code in `allowed`), grouped and ranked (see "How
 * search ranks" in the README): one pass over the match's row keys, newest first, gives each
 * group's count and latest row; one pass per query term over readable rows with that term in
 * their title gives the title weight of the groups the query matched. A group's score is the
 * better of its latest match's recency boost and its title row's: the share of the query's terms
 * in the title (weight TITLE_WEIGHT to 1) times the recency boost of the title row's hour.
 * Returns the groups of pages `pages` (and one more, to tell whether a page follows).
 */
function rank(matched: ToRank, allowed: Uint8Array, filters: SearchFilters, pages: { first: number; last: number }, now: number): { total: number; groups: Group[] } {
  const recency = (hour: number) => 1 + RECENCY_BOOST * Math.max(0, 1 - (now - hour * 3600) / RECENCY_SECONDS);
  const matches = new MatchGroups(matched.keys, allowed);
  const groupAt = (i: number): Group => ({ group: groupOf(matches.latest[i]!), latestKey: matches.latest[i]!, n: matches.counts[i]!, score: recency(hourOf(matches.latest[i]!)), titleKey: null, titleHasAll: false });
  // Every term's title rows together, in key order, so a row's keys are neighbours and their
  // number is the number of the query's terms in its title (a title row is the only one under its
  // key). Most title rows of a common word are in groups the query did not match. A group's
  // titled entry is found by its index in `matches` through a typed array: Maps cost a word in a
  // quarter of 1,000,000 posts 11 ms for its 13,600 titled groups, this 1.3 ms.
  const perTerm = matched.titleKeys;
  const terms = matched.terms;
  const titleKeys = perTerm.length === 1 ? perTerm[0]! : new Float64Array(perTerm.reduce((n, keys) => n + keys.length, 0));
  if (perTerm.length > 1) {
    perTerm.reduce((at, keys) => (titleKeys.set(keys, at), at + keys.length), 0);
    titleKeys.sort();
  }
  const titled: Group[] = [];
  const titledAt = new Int32Array(titleKeys.length > 0 ? matches.size : 0);
  for (let k = 0, count = 1; k < titleKeys.length; k += count, count = 1) {
    const key = titleKeys[k]!;
    while (titleKeys[k + count] === key) count++;
    const i = matches.indexOf(key);
    if (i < 0 || !allowed[accessCodeOf(lowOf(key))]) continue;
    // A group has one title row, but should it ever have more, its best row counts.
    const g = titledAt[i] ? titled[titledAt[i]! - 1]! : groupAt(i);
    const score = (1 + ((TITLE_WEIGHT - 1) * count) / terms) * recency(hourOf(key));
    if (score <= g.score) continue;
    g.score = score;
    g.titleKey = key;
    g.titleHasAll = count === terms;
    if (!titledAt[i]) titledAt[i] = titled.push(g);
  }
  const wanted = groupsThrough(pages.last);
  // Groups without a title match score by their latest row alone, so in rowid order (newest
  // first) their order is already their rank: only the first `wanted` of them can be shown.
  const newestFirst: Group[] = [];
  for (let i = 0; i < matches.size; i++) {
    if (newestFirst.length >= wanted && (filters.sort === "relevance" || hourOf(matches.latest[i]!) < hourOf(newestFirst.at(-1)!.latestKey))) break;
    newestFirst.push(titledAt[i] ? titled[titledAt[i]! - 1]! : groupAt(i));
  }
  const candidates =
    filters.sort === "newest" ? newestFirst.sort(newestOrder) : best([...titled, ...newestFirst.filter((g) => g.titleKey === null)], wanted, byScore);
  matches.release();
  return { total: matches.size, groups: candidates.slice((pages.first - 1) * SEARCH_PAGE_SIZE, wanted) };
}

/** The groups a ranking holds to show pages up to `last`: one more, to tell whether a page follows. */
const groupsThrough = (last: number) => last * SEARCH_PAGE_SIZE + 1;

/** The order of hits by relevance, and by date (the latest match's hour, then relevance). */
const byScore = (a: Group, b: Group) => b.score - a.score || b.latestKey - a.latestKey || a.group - b.group;
const newestOrder = (a: Group, b: Group) => hourOf(b.latestKey) - hourOf(a.latestKey) || byScore(a, b);

// Rows added since a ranking was made that fall in more groups than this rank the query afresh.
const CHANGED_MOST = 8;

/**
 * The first block's ranking made at `rankedAt` (see rank), with `added` taken in: the keys of rows
 * added since, of every audience, all within `every`. Only the groups the readable ones fall in
 * are ranked again, from all their rows in `every`, and set among the groups the ranking held. A
 * row taken in only raises its group (a newer latest row, one more match, perhaps a title), and
 * leaves every other group where it was, so those held and those raised hold the groups to show:
 * the same groups, in the same order, as ranking every match again at `rankedAt`. Undefined when
 * the rows fall in more than CHANGED_MOST groups.
 */
function rankedWithAdded(was: { total: number; groups: Group[] }, every: Matched | KeptAndAdded, added: Float64Array, allowed: Uint8Array, filters: SearchFilters, rankedAt: number) {
  const changed: number[] = [];
  for (const key of added) {
    const low = lowOf(key);
    if (!allowed[accessCodeOf(low)] || changed.includes(low & GROUP_BITS)) continue;
    if (changed.length === CHANGED_MOST) return undefined;
    changed.push(low & GROUP_BITS);
  }
  if (changed.length === 0) return { total: was.total, groups: was.groups };
  const theirs = keysOfGroups(every, allowed, changed);
  const raised = rank(theirs, allowed, filters, { first: 1, last: BLOCK_PAGES }, rankedAt).groups;
  // A group is new to the count when every readable match it has now was added since.
  const fresh = raised.filter((g) => g.n === readableKeys(added, allowed, [groupBits(g.group)]).length).length;
  const ids = new Set(raised.map((g) => g.group));
  const order = filters.sort === "newest" ? newestOrder : byScore;
  const groups = [...was.groups.filter((g) => !ids.has(g.group)), ...raised].sort(order).slice(0, groupsThrough(BLOCK_PAGES));
  return { total: was.total + fresh, groups };
}

/** A ranked group as the row to show for it: its title row when the title holds every term, else its latest match. */
function shownRow(g: Group, match: Matches): Ranked {
  const key = g.titleHasAll ? g.titleKey! : g.latestKey;
  // The latest matching row under the key. FTS5 expands a prefix term ("custod"*) afresh for
  // each lookup, 8-11 ms at 1,000,000 posts against 0.4 ms for the whole words, so the words
  // are tried first and the prefix only when no row matches them.
  const latestUnder = (expression: string) =>
    db().get<{ source: number }>(sql`
      SELECT d.source FROM search_index JOIN search_docs d ON d.doc = search_index.rowid
      WHERE search_index MATCH ${expression} AND search_index.rowid BETWEEN (${key} << ${sql.raw(String(NUM_BITS))}) AND (${key} << ${sql.raw(String(NUM_BITS))}) | ${(1 << NUM_BITS) - 1}
      ORDER BY search_index.rowid DESC LIMIT 1`);
  const source = g.titleHasAll
    ? db().get<{ source: number }>(sql`SELECT source FROM search_docs WHERE doc = (${key} << ${sql.raw(String(NUM_BITS))}) | ${titleRowNumber(key)}`)
    : (latestUnder(match.exact) ?? latestUnder(match.full));
  return { kind: SEARCH_KINDS[Math.floor(g.group / 2 ** 24)]!, grp: g.group % 2 ** 24, doc: source?.source ?? 0, n: g.n, latest: hourOf(g.latestKey) * 3600 };
}

/** SQLite's plan for a search's scan of its matches (the same for every member), for scripts/search-timing.ts. */
export function searchQueryPlan(query: string) {
  const match = toMatchExpression(query);
  if (!match) return [];
  return db().all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${matchesQuery(match, filterWhere(parseSearchFilters(new URLSearchParams()))())}`).map((r) => r.detail);
}

/** The rows a query finds for `ids` (one query for them all, none for no ids), by their `id`. */
function rowsById<T extends { id: number }>(ids: number[], query: (ids: SQL) => SQL): Map<number, T> {
  if (ids.length === 0) return new Map();
  return new Map(db().all<T>(query(sql.join(ids.map((id) => sql`${id}`), sql`, `))).map((row) => [row.id, row]));
}

/**
 * The page's hits from their source rows, each asked again about its current audience (a row
 * that fails drops out): one query per kind of row for the whole page. The snippet is the plain
 * text of the best row's rendered content.
 */
function hydrate(member: Member, ranked: Ranked[], query: string): SearchHit[] {
  const groups = (kind: SearchKind) => ranked.filter((r) => r.kind === kind).map((r) => r.grp);
  const posts = rowsById<{ id: number; bodyHtml: string; number: number }>(
    ranked.filter((r) => r.doc % 8 === 1).map((r) => Math.floor(r.doc / 8)),
    (ids) => sql`
      SELECT p.id, p.body_html AS bodyHtml, p.number AS number FROM posts p JOIN discussions d ON d.id = p.discussion_id
      WHERE p.id IN (${ids}) AND ${postTextReadableWhere(member, sql`d.audience`, sql`p.deleted_at`, sql`p.hidden_at`)}`,
  );
  const threads = rowsById<{ id: number; title: string; slug: string; isDemo: number; space: string }>(
    groups("thread"),
    (ids) => sql`
      SELECT t.id, t.title, t.slug, t.is_demo AS isDemo, s.name AS space FROM threads t JOIN discussions d ON d.id = t.discussion_id JOIN spaces s ON s.id = t.space_id
      WHERE t.id IN (${ids}) AND ${audienceReadableWhere(member, sql`d.audience`)}`,
  );
  const lessons = rowsById<{ id: number; title: string; summary: string; contextMd: string; workedMd: string; didNotWorkMd: string; recommendationMd: string; isDemo: number }>(
    groups("lesson"),
    (ids) => sql`
      SELECT id, title, summary, context_md AS contextMd, worked_md AS workedMd, did_not_work_md AS didNotWorkMd, recommendation_md AS recommendationMd, is_demo AS isDemo
      FROM lessons WHERE id IN (${ids}) AND ${audienceReadableWhere(member, sql`audience`)}`,
  );
  const templates = rowsById<{ id: number; title: string; summary: string; isDemo: number }>(
    groups("template"),
    (ids) => sql`SELECT id, title, summary, is_demo AS isDemo FROM templates WHERE id IN (${ids}) AND ${templateVisibleWhere(member, sql`audience`, sql`withdrawn_at`)}`,
  );
  const partnerships = rowsById<{ id: number; name: string; slug: string; summary: string | null; facts: string; isDemo: number }>(
    groups("partnership"),
    (ids) => sql`
      SELECT id, name, slug, summary, is_demo AS isDemo,
        coalesce(commissioner_bodies, '') || ' ' || coalesce((SELECT group_concat(o.name, ', ') FROM partnership_organisations x JOIN organisations o ON o.id = x.organisation_id WHERE x.partnership_id = partnerships.id), '') AS facts
      FROM partnerships WHERE id IN (${ids}) AND ${audienceReadableWhere(member, sql`'members'`)}`,
  );
  const hits: SearchHit[] = [];
  // Each hit is one literal: spreading a shared part into hits that add fields made V8 promote them.
  const hit = (r: Ranked, fields: { title: string; url: string; snippet: string; context: string; isDemo: number; morePosts?: number }): SearchHit => ({
    kind: r.kind,
    key: `${r.kind}-${r.grp}`,
    title: fields.title,
    url: fields.url,
    snippet: fields.snippet,
    morePosts: fields.morePosts ?? Math.max(0, r.n - 1),
    context: fields.context,
    at: r.latest,
    isDemo: fields.isDemo === 1,
  });
  for (const r of ranked) {
    const sourceId = Math.floor(r.doc / 8);
    const post = r.doc % 8 === 1 ? posts.get(sourceId) : undefined;
    if (r.doc % 8 === 1 && !post) continue;
    if (r.kind === "thread") {
      const t = threads.get(r.grp);
      if (!t || !post) continue;
      const url = post.number === 1 ? `/threads/${r.grp}/${t.slug}` : `/posts/${sourceId}`;
      hits.push(hit(r, { title: t.title, url, snippet: makeSnippet(plainTextOfHtml(post.bodyHtml), query), context: t.space, isDemo: t.isDemo }));
    } else if (r.kind === "lesson") {
      const l = lessons.get(r.grp);
      if (!l) continue;
      const text = post ? plainTextOfHtml(post.bodyHtml) : [l.summary, ...[l.contextMd, l.workedMd, l.didNotWorkMd, l.recommendationMd].map(plain)].join(" ");
      hits.push(hit(r, { title: l.title, url: post ? `/posts/${sourceId}` : `/lessons/${r.grp}`, snippet: makeSnippet(text, query), context: "Lessons learned", isDemo: l.isDemo }));
    } else if (r.kind === "template") {
      const m = templates.get(r.grp);
      if (!m) continue;
      hits.push(hit(r, { title: m.title, url: post ? `/posts/${sourceId}` : `/library/${r.grp}`, snippet: makeSnippet(post ? plainTextOfHtml(post.bodyHtml) : m.summary, query), context: "Template library", isDemo: m.isDemo }));
    } else {
      const p = partnerships.get(r.grp);
      if (!p) continue;
      hits.push(hit(r, { morePosts: 0, title: p.name, url: `/partnerships/${p.slug}`, snippet: makeSnippet(`${p.summary ?? ""} ${p.facts}`, query), context: "Partnership", isDemo: p.isDemo }));
    }
  }
  return hits;
}

function editDistance(a: string, b: string) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * "Did you mean …": each word the index has never seen is replaced by the nearest term of the
 * index's own vocabulary (fts5vocab; same first letter, at most two edits, the most used on a
 * tie), written as a word that occurs in the text. Null when every word is known or none is close.
 */
function suggest(member: Member, query: string): string | null {
  const readable = readableRows(readableCodes(member));
  // Only what the member may read counts as known or may be suggested: a word found only in
  // policing-only content is never revealed to a supplier, not even as a spelling.
  const findable = (term: string) =>
    db().get<{ source: number } | undefined>(sql`SELECT d.source FROM search_index JOIN search_docs d ON d.doc = search_index.rowid WHERE search_index MATCH ${`"${term}"`} AND ${readable} LIMIT 1`)?.source;
  const terms = parseTerms(query);
  if (terms.length === 0 || terms.some((t) => t.phrase)) return null;
  let changed = false;
  const words = terms.map(({ text }) => {
    const word = text.toLowerCase();
    if (word.length < 4 || /\d/.test(word)) return text;
    if (findable(word) !== undefined) return text;
    const candidates = db().all<{ term: string; doc: number }>(sql`
      SELECT term, doc FROM search_vocab WHERE term >= ${word[0]!} AND term < ${String.fromCharCode(word.charCodeAt(0) + 1)}
        AND length(term) BETWEEN ${word.length - 2} AND ${word.length + 2}`);
    const limit = word.length > 5 ? 2 : 1;
    const near = candidates.map((c) => ({ ...c, d: editDistance(word, c.term) })).filter((c) => c.d <= limit).sort((a, b) => a.d - b.d || b.doc - a.doc);
    for (const c of near.slice(0, 20)) {
      const doc = findable(c.term);
      if (doc === undefined) continue;
      changed = true;
      return surfaceForm(member, c.term, doc);
    }
    return text;
  });
  return changed ? words.join(" ") : null;
}

/**
 * Porter stems ("custodi") are not words: the shortest word starting like the stem in the text of
 * a row the member may read (a post, or a lesson, template or partnership title), else the stem.
 */
function surfaceForm(member: Member, stem: string, doc: number) {
  const id = Math.floor(doc / 8);
  const row =
    doc % 8 === 1
      ? db().get<{ text: string } | undefined>(sql`
          SELECT coalesce(t.title, '') || ' ' || p.body_md AS text FROM posts p JOIN discussions d ON d.id = p.discussion_id LEFT JOIN threads t ON t.discussion_id = p.discussion_id
          WHERE p.id = ${id} AND ${postTextReadableWhere(member, sql`d.audience`, sql`p.deleted_at`, sql`p.hidden_at`)}`)
      : doc % 8 === 2
        ? db().get<{ text: string } | undefined>(sql`SELECT title || ' ' || summary || ' ' || context_md || ' ' || worked_md || ' ' || did_not_work_md || ' ' || recommendation_md AS text FROM lessons WHERE id = ${id} AND ${audienceReadableWhere(member, sql`audience`)}`)
        : doc % 8 === 3
          ? db().get<{ text: string } | undefined>(sql`SELECT title || ' ' || summary AS text FROM templates WHERE id = ${id} AND ${templateVisibleWhere(member, sql`audience`, sql`withdrawn_at`)}`)
          : db().get<{ text: string } | undefined>(sql`SELECT name || ' ' || coalesce(summary, '') AS text FROM partnerships WHERE id = ${id} AND ${audienceReadableWhere(member, sql`'members'`)}`);
  const prefix = stem.length > 4 ? stem.slice(0, -1) : stem;
  const lower = fold(row?.text ?? "");
  const found = stemMatches(lower, [prefix]).map(([from, to]) => lower.slice(from, to)).sort((a, b) => a.length - b.length);
  return found[0] ?? stem;
}

type FilterOption = { slug: string; name: string };
type FilterOptions = { spaces: FilterOption[]; partnerships: FilterOption[]; areas: FilterOption[]; organisations: FilterOption[] };

/**
 * The choices the filters offer this member: listed spaces, partnerships, service areas,
 * organisations, in one statement: every search page asks, and as four drizzle queries they took
 * 280 µs at 1,000,000 posts (a twentieth of a cached search page's CPU), as one 171 µs. Kept
 * between requests (`keptList`) with the policy's rule in its text: read afresh for each page,
 * it was still 3-4 % of varied searches' CPU at 1,000,000 posts.
 */
function filterOptions(member: Member): Readonly<FilterOptions> {
  const listed = sqlText(spaceListedWhere(member, sql.raw("audience"), sql.raw("is_archived")));
  const list = (select: string) => `(SELECT json_group_array(json_array(slug, name)) FROM (${select}))`;
  const source = `SELECT
      ${list(`SELECT slug, name FROM spaces WHERE ${listed.sql} ORDER BY position, name LIMIT 100`)} AS spaces,
      ${list("SELECT slug, name FROM partnerships ORDER BY name LIMIT 500")} AS partnerships,
      ${list("SELECT slug, name FROM terms WHERE vocabulary = 'service_area' ORDER BY position")} AS areas,
      ${list("SELECT slug, name FROM organisations ORDER BY name LIMIT 1000")} AS organisations`;
  const options = (json: string) => (JSON.parse(json) as [string, string][]).map(([slug, name]) => ({ slug, name }));
  return keptList<Record<keyof FilterOptions, string>, FilterOptions>(member, source, listed.params, (rows) =>
    rows.map((row) => ({ spaces: options(row.spaces), partnerships: options(row.partnerships), areas: options(row.areas), organisations: options(row.organisations) })),
  )[0]!;
}

function parseSearchFilters(params: URLSearchParams): SearchFilters {
  const text = (name: string) => {
    const v = (params.get(name) ?? "").trim().slice(0, 120);
    return v === "" ? null : v;
  };
  const kind = params.get("kind");
  const sort = params.get("sort");
  return {
    kind: (SEARCH_KINDS as readonly string[]).includes(kind ?? "") ? (kind as SearchKind) : null,
    space: text("space"),
    partnership: text("partnership"),
    area: text("area"),
    organisation: text("organisation"),
    from: toSeconds(text("from"), false) === null ? null : text("from"),
    to: toSeconds(text("to"), true) === null ? null : text("to"),
    sort: (SEARCH_SORTS as readonly string[]).includes(sort ?? "") ? (sort as SearchSort) : "relevance",
  };
}

/**
 * The search page for the address's query and filters (`q`, kind, space, …, sort): ranked,
 * grouped hits the member may read, the total count of such hits, a spelling suggestion when
 * little is found, and the filters' choices. An empty query finds nothing.
 */
export function searchPage(member: Member, params: URLSearchParams, page: number) {
  const query = (params.get("q") ?? "").slice(0, 200).trim();
  const filters = parseSearchFilters(params);
  return { query, filters, page, ...searchResults(member, query, filters, page) };
}

function searchResults(member: Member, query: string, filters: SearchFilters, page: number) {
  const options = filterOptions(member);
  const confined = codeLikeTerms(query);
  const words = toMatchExpression(query, true, confined);
  const tokens = facetTokens(filters);
  if (!words || !tokens) return { total: 0, hits: [] as SearchHit[], hasNext: false, suggestion: null, options };
  const withFacets = (expression: string) => [`(${expression})`, ...tokens.map((t) => `facets : "${t}"`)].join(" AND ");
  const match = withFacets(words);
  const readable = dialect.sqlToQuery(accessRule(member));
  const block = Math.ceil(page / BLOCK_PAGES);
  const key = JSON.stringify([readable, match, filters, block]);
  const readKey = JSON.stringify([match, filters.kind, filters.from, filters.to]);
  const read = useRead(readKey);
  let found = cache.get(key);
  let state = indexState(found);
  if (!found || !stillRanked(found, state)) {
    const stale = found;
    forget(key);
    // The index's state and every read that ranks against it come from one snapshot, so a row
    // another process adds meanwhile is in neither, and a ranking that later takes in the rows
    // added since its state never takes one in twice.
    [found, state] = db().$client.transaction((): [Ranking, IndexState] => {
      const now = indexState(undefined);
      if (read.kept && !canTakeInSince(read.kept, now)) letGo(read);
      // Ranked again unless another process has ranked it since.
      const shared = sharedRanking(key, isSharedRanking);
      const sharedState = shared && indexState(shared);
      if (shared && sharedState && stillRanked(shared, sharedState)) return [{ ...shared, pages: new Map() }, sharedState];
      // Each term's title rows on their own, not intersected with the query's rows: the
      // intersection cost as much as the query itself, once per term. A title row counts only for a
      // group the query matched (rank checks), which settles the space, partnership and service
      // area filters (a whole thread's); the author's organisation is each row's own, so it stays.
      const ownTokens = tokens.filter((t) => t.startsWith("or")).map((t) => ` AND facets : "${t}"`).join("");
      // Without a longer word in the index, the prefix matches what the word does, for less.
      const prefix = prefixWidens(query, now.added);
      const exact = withFacets(toMatchExpression(query, false, confined)!);
      const matches = { full: prefix ? match : exact, exact, typed: match };
      const reading = { match: matches, titles: termExpressions(query, prefix).map((t) => `title : ${t}${ownTokens}`), where: filterWhere(filters) };
      // Rows only added since what this process, or else another, read last for whichever member:
      // those taken in, not every match read again.
      const own = read.kept;
      const since = own ?? sharedRead(readKey, reading.titles.length, now);
      const matched = since ? matchedSince(since, reading, now.added) : matchedNow(reading, now.added);
      let unpacked: Matched | undefined;
      const every = () => (unpacked ??= whole(matched));
      // A read is packed and kept when read whole (matchedSince reads a read of no matches whole),
      // and again only once the rows it takes in come to half the window: packing a read again
      // for each post's few rows was a twentieth of the search model's time while members post.
      // Another process's read is kept as it is.
      const readWhole = !since || since.keys.lows.length === 0;
      if (matched.at !== own?.at) {
        if (readWhole || matched.at - since.at >= RECENT_KEPT / 2) {
          const kept = { ...packAll(every()), terms: every().terms, at: matched.at, removed: now.removed };
          keepRead(read, kept);
          if (!since) shareRead(readKey, kept);
        } else if (since !== own) {
          keepRead(read, since);
        }
      }
      const pages = { first: (block - 1) * BLOCK_PAGES + 1, last: block * BLOCK_PAGES };
      const allowed = allowedCodes(readableCodes(member));
      // A ranking made before rows were added, this process's or another's, takes them in: under
      // members' posts, ranking every match of a common word again was most of what a post added
      // to a search.
      const base = [stale, shared].find((r) => r !== undefined && canTakeIn(r, now, matches, block));
      const updated = base && rankedWithAdded(base, matched, keysAdded(reading, matches.full, base.state.added, now.added), allowed, filters, base.rankedAt);
      const rankedAt = updated ? base.rankedAt : Math.floor(Date.now() / 1000);
      const ranked = { state: now, match: matches, rankedAt, ...(updated ?? rank(toRank(matched, every), allowed, filters, pages, rankedAt)) };
      shareRanking(key, ranked);
      return [{ ...ranked, pages: updated && base === stale ? pagesStill(stale, ranked.groups) : new Map() }, now];
    })();
  }
  found.state = state;
  // The most recently used last, so the first is the one to forget.
  cache.delete(key);
  cache.set(key, found);
  const offset = (page - 1 - (block - 1) * BLOCK_PAGES) * SEARCH_PAGE_SIZE;
  let shown = found.pages.get(page);
  if (!shown) {
    const { groups, match: matches } = found;
    shown = { rows: groups.slice(offset, offset + SEARCH_PAGE_SIZE).map((g) => shownRow(g, matches)), generation: -1, hits: [] };
    found.pages.set(page, shown);
    cachedPages++;
  }
  if (shown.generation !== state.generation) {
    shown.hits = hydrate(member, shown.rows, query);
    shown.generation = state.generation;
  }
  while (cache.size > 0 && cachedPages > CACHE_PAGES) forget(cache.keys().next().value!);
  const value = { total: found.total, hits: shown.hits, hasNext: found.groups.length > offset + SEARCH_PAGE_SIZE };
  const suggestion = value.total < 3 && page === 1 ? suggest(member, query) : null;
  return { ...value, suggestion, options };
}

// A ranking takes in the rows added since it was made for up to an hour, its recency boosts as
// they were then; it is ranked afresh after.
const TAKES_IN_FOR = 3600;

/**
 * Whether a ranking of the first block can take in the rows added since it was made
 * (rankedWithAdded): read with the same expression, made within TAKES_IN_FOR, nothing removed
 * since and every addition since still in the window of the last RECENT_KEPT.
 */
const canTakeIn = (r: SharedRanking, now: IndexState, match: Matches, block: number) =>
  block === 1 && r.match.full === match.full && Date.now() / 1000 - r.rankedAt < TAKES_IN_FOR && canTakeInSince({ at: r.state.added, removed: r.state.removed }, now);

/** The shown pages of `was` whose groups are the same in `groups`: their rows stand. Counted as cached again. */
function pagesStill(was: Ranking, groups: Group[]) {
  const pages = new Map<number, ShownPage>();
  for (const [page, shown] of was.pages) {
    const onPage = (list: Group[]) => list.slice((page - 1) * SEARCH_PAGE_SIZE, page * SEARCH_PAGE_SIZE);
    const [now, then] = [onPage(groups), onPage(was.groups)];
    if (now.length === then.length && now.every((g, i) => g === then[i])) pages.set(page, shown);
  }
  cachedPages += pages.size;
  return pages;
}

/** Whether a ranking read back from the shared file has the shape this code writes. */
function isSharedRanking(value: unknown): value is SharedRanking {
  const r = value as SharedRanking | null;
  return (
    typeof r === "object" && r !== null && typeof r.total === "number" && typeof r.rankedAt === "number" && Array.isArray(r.groups) && typeof r.match?.typed === "string" &&
    (["generation", "removed", "added"] as const).every((n) => typeof r.state?.[n] === "number")
  );
}

// search_recent keeps the last RECENT_KEPT rows added to the index (migration 0018).
const RECENT_KEPT = 1000;

/**
 * The index's counts of changes and, for a kept ranking when the index has changed since it was
 * made, whether a row added since matches its query as typed (with its prefix, as a longer word
 * added makes the prefix widen). One statement, so both come from one snapshot: another process's
 * additions between two statements could move rows out of the kept window unasked.
 */
function indexState(found: SharedRanking | undefined): IndexState {
  const addedMatch = found
    ? sql`CASE WHEN n = ${found.state.generation} THEN 0 ELSE EXISTS (SELECT 1 FROM search_recent WHERE search_recent MATCH ${found.match.typed} AND rowid > ${found.state.added}) END`
    : sql`0`;
  return db().get<IndexState>(sql`SELECT n AS generation, removed, added, ${addedMatch} AS addedMatch FROM search_generation`)!;
}

/**
 * Whether a ranking made at `found.state` is still the ranking at `now`: nothing removed from the
 * index since and no row added since that matches the query. Whether the member may read an
 * added row is not asked: a ranking is made again for nothing at worst.
 */
function stillRanked(found: SharedRanking, now: IndexState) {
  const was = found.state;
  if (now.generation === was.generation) return true;
  return now.removed === was.removed && now.added - was.added < RECENT_KEPT && now.addedMatch === 0;
}

/**
 * Whether a ranking can be made from `kept` and the rows added since: nothing removed since, every
 * addition since still in the window of the last RECENT_KEPT, and none it holds that `now` lacks
 * (another process's read may be of a later state than this transaction's).
 */
const canTakeInSince = (kept: { at: number; removed: number }, now: IndexState) => kept.removed === now.removed && kept.at <= now.added && now.added - kept.at < RECENT_KEPT;

/** What a read shared between processes says of itself; its keys are stored as integers beside it. */
type SharedRead = { shape: KeptShape; terms: number; at: number; removed: number };

function isSharedRead(value: unknown): value is SharedRead {
  const r = value as SharedRead | null;
  return (
    typeof r === "object" && r !== null && [r.terms, r.at, r.removed].every(Number.isInteger) &&
    Array.isArray(r.shape) && r.shape.every((part) => Array.isArray(part) && part.length === 2 && part.every((n) => Number.isInteger(n) && n >= 0))
  );
}

/**
 * What another process read for the query, of `terms` terms, when a ranking can be made from it
 * now (its keys are not read otherwise).
 */
function sharedRead(key: string, terms: number, now: IndexState): Kept | undefined {
  const usable = (value: unknown): value is SharedRead => isSharedRead(value) && value.terms === terms && value.shape.length === terms + 1 && canTakeInSince(value, now);
  const shared = sharedKeys(key, usable);
  const lists = shared && fromInts(shared.read.shape, shared.keys);
  return lists && { ...lists, terms, at: shared.read.at, removed: shared.read.removed };
}

function shareRead(key: string, kept: Kept) {
  const { shape, ints } = toInts(kept);
  shareKeys(key, { shape, terms: kept.terms, at: kept.at, removed: kept.removed } satisfies SharedRead, ints);
}

/** The query's read, counted as used once more and made the most recently used, letting go of the least recently used beyond READS_SIZE. */
function useRead(key: string): Read {
  const read = reads.get(key) ?? { uses: 0 };
  read.uses++;
  reads.delete(key);
  reads.set(key, read);
  for (const [oldest, least] of reads) {
    if (reads.size <= READS_SIZE) break;
    letGo(least);
    reads.delete(oldest);
  }
  return read;
}

/**
 * Keeps what a ranking read in place of what the query kept before, when there is room for it,
 * made if need be by letting go of what less used queries kept. Posts hold common words most, and
 * their rankings are both used and started again most often.
 */
function keepRead(read: Read, kept: Kept) {
  letGo(read);
  const lessUsed = [...reads.values()].filter((other) => other.kept && other.uses < read.uses);
  if (!hasRoom(kept.bytes - lessUsed.reduce((n, other) => n + other.kept!.bytes, 0))) return;
  for (const other of lessUsed) {
    if (hasRoom(kept.bytes)) break;
    letGo(other);
  }
  read.kept = kept;
  keep(kept);
}

function letGo(read: Read) {
  if (read.kept) release(read.kept);
  read.kept = undefined;
}

function forget(key: string) {
  cachedPages -= cache.get(key)?.pages.size ?? 0;
  cache.delete(key);
}
