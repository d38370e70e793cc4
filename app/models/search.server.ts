/**
 * Search across threads, posts, lessons, templates and partnerships with SQLite FTS5. Each hit
 * is joined to its source row and filtered by that row's current audience in SQL, so results,
 * counts and snippets never include what the member may not open.
 */
import { sql } from "drizzle-orm";
import { audienceReadableWhere, type Member, postTextReadableWhere, templateVisibleWhere } from "~/auth/policy/index.server";
import { MARK_END, MARK_START, type SearchKind } from "~/lib/search-kinds";
import { db } from "../../db/client.server";

export const SEARCH_PAGE_SIZE = 20;
/**
 * Ranking (bm25) or snippet() over every match of a common word in a million posts takes
 * seconds, so a query takes the most recent matches, filters them by audience and shows them
 * newest first.
 */
export const SEARCH_CANDIDATES = 1000;

/**
 * Words of the query as an FTS5 expression that cannot be a syntax error: each word quoted,
 * all required, the last one also matching as a prefix. Null when nothing searchable is left.
 */
export function toMatchExpression(query: string) {
  const words = query
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}

/** The words of a query, lower-cased, for highlighting. */
function queryWords(query: string) {
  return query.normalize("NFKC").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0).slice(0, 12);
}

/**
 * A plain-text excerpt around the first matching word, with every match marked. Built here from
 * the indexed text rather than by FTS5's snippet(), which rescans every match of a common word.
 */
export function makeSnippet(text: string, query: string, width = 200) {
  const plain = text.replace(/[*_#>`~|[\]()!]+/g, " ").replace(/\s+/g, " ").trim();
  const words = queryWords(query);
  const lower = plain.toLowerCase();
  const first = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0), Number.MAX_SAFE_INTEGER);
  const start = first === Number.MAX_SAFE_INTEGER ? 0 : Math.max(0, first - 60);
  let excerpt = plain.slice(start, start + width);
  if (start > 0) excerpt = `…${excerpt}`;
  if (start + width < plain.length) excerpt = `${excerpt}…`;
  if (words.length === 0) return excerpt;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})[\\p{L}\\p{N}]*`, "giu");
  return excerpt.replace(pattern, (m) => `${MARK_START}${m}${MARK_END}`);
}

export type SearchHit = { kind: SearchKind; id: number; title: string; snippet: string; url: string; isDemo: boolean };

/**
 * Newest first among the most recent matches: FTS5 walks a term's index in rowid order without
 * scoring, so a query costs the same for a rare word as for one in every post.
 */
export function search(member: Member, query: string, options: { kind?: SearchKind | null; page?: number } = {}) {
  const match = toMatchExpression(query);
  if (!match) return { hits: [] as SearchHit[], hasNext: false };
  const page = options.page ?? 1;
  const kind = options.kind ? sql`AND s.kind = ${options.kind}` : sql``;
  // Every branch states the audience of its source row; rows with no readable source drop out.
  const rows = db().all<{ kind: SearchKind; refId: number; title: string | null; text: string; threadId: number | null; threadSlug: string | null; slug: string | null; isDemo: number }>(sql`
    WITH recent AS (SELECT rowid AS id FROM search_index WHERE search_index MATCH ${match} ORDER BY rowid DESC LIMIT ${SEARCH_CANDIDATES})
    SELECT s.kind AS kind, s.ref_id AS refId, s.title || ' ' || s.body AS text,
      coalesce(t.title, pt.title, l.title, m.title, pa.name, pl.title, pm.title) AS title,
      coalesce(t.id, pt.id) AS threadId, coalesce(t.slug, pt.slug) AS threadSlug, pa.slug AS slug,
      coalesce(t.is_demo, pt.is_demo, l.is_demo, m.is_demo, pa.is_demo, pl.is_demo, pm.is_demo, 0) AS isDemo
    FROM recent
    JOIN search_index s ON s.rowid = recent.id
    LEFT JOIN threads t ON s.kind = 'thread' AND t.id = s.ref_id
    LEFT JOIN discussions td ON td.id = t.discussion_id
    LEFT JOIN posts p ON s.kind = 'post' AND p.id = s.ref_id
    LEFT JOIN discussions pd ON pd.id = p.discussion_id
    LEFT JOIN threads pt ON pt.discussion_id = pd.id
    LEFT JOIN lessons pl ON pl.discussion_id = pd.id
    LEFT JOIN templates pm ON pm.discussion_id = pd.id
    LEFT JOIN lessons l ON s.kind = 'lesson' AND l.id = s.ref_id
    LEFT JOIN templates m ON s.kind = 'template' AND m.id = s.ref_id
    LEFT JOIN partnerships pa ON s.kind = 'partnership' AND pa.id = s.ref_id
    WHERE 1 ${kind}
      AND (
        (s.kind = 'thread' AND t.id IS NOT NULL AND ${audienceReadableWhere(member, sql`td.audience`)})
        OR (s.kind = 'post' AND p.id IS NOT NULL AND (pt.id IS NOT NULL OR pl.id IS NOT NULL OR (pm.id IS NOT NULL AND ${templateVisibleWhere(member, sql`pm.audience`, sql`pm.withdrawn_at`)})) AND ${postTextReadableWhere(member, sql`pd.audience`, sql`p.deleted_at`, sql`p.hidden_at`)})
        OR (s.kind = 'lesson' AND l.id IS NOT NULL AND ${audienceReadableWhere(member, sql`l.audience`)})
        OR (s.kind = 'template' AND m.id IS NOT NULL AND ${templateVisibleWhere(member, sql`m.audience`, sql`m.withdrawn_at`)})
        OR (s.kind = 'partnership' AND pa.id IS NOT NULL AND ${audienceReadableWhere(member, sql`'members'`)})
      )
    ORDER BY recent.id DESC
    LIMIT ${SEARCH_PAGE_SIZE + 1} OFFSET ${(page - 1) * SEARCH_PAGE_SIZE}`);
  const hits = rows.slice(0, SEARCH_PAGE_SIZE).map((r): SearchHit => ({
    kind: r.kind,
    id: r.refId,
    title: r.title ?? "",
    snippet: makeSnippet(r.text, query),
    isDemo: r.isDemo === 1,
    url:
      r.kind === "thread" ? `/threads/${r.refId}/${r.threadSlug}`
      : r.kind === "post" ? `/posts/${r.refId}`
      : r.kind === "lesson" ? `/lessons/${r.refId}`
      : r.kind === "template" ? `/library/${r.refId}`
      : `/partnerships/${r.slug}`,
  }));
  return { hits, hasNext: rows.length > SEARCH_PAGE_SIZE };
}
