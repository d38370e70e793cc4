// Measures full pages per second and latency under load on a large forum, against the real server,
// with autocannon, beside a bare node:http server sending the same number of bytes (the ceiling
// of this machine for that page size, measured the same way in the same run).
//   npm run bench                                    10,000 then 1,000,000 posts, every page kind
//   BENCH_POSTS=100000 npm run bench                 one size (comma-separate several)
//   BENCH_WARMUP=2 BENCH_SECONDS=5 npm run bench     shorter runs (defaults 5 s warm-up, 20 s measured)
//   BENCH_CONNECTIONS=50                             concurrent connections (default 50)
//   BENCH_KINDS=thread,home                          only the page kinds whose names contain these words
//   BENCH_CPU_PROF=/tmp/prof                         the server writes V8 CPU profiles there on stop
//   WEB_CONCURRENCY=1                                worker processes (default: the server's, one per core)
// Builds each data set once in $TMPDIR and reuses it. Readers are signed in, alternate connections
// as a force member and as a supplier. No Accept-Encoding is sent, so pages go uncompressed.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { DEFAULT_WEB_CONCURRENCY } from "../app/lib/env.server";
import { RENDER_VERSION } from "../app/lib/markdown.server";
import { openDatabase } from "../db/client.server";
import { migrateDatabase } from "../db/migrate.server";
import { seed } from "../db/seed/index";
import { signIn } from "../test/helpers/http";
import { serverProcesses, startTestServer, type TestServer } from "../test/helpers/server";

const SIZES = (process.env.BENCH_POSTS ?? "10000,1000000").split(",").map((s) => Number(s.replace(/_/g, "")));
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ONLY = process.env.BENCH_KINDS?.split(",").filter(Boolean);
const DATA_VERSION = 2; // raise when the generated data set changes shape

/** Deterministic, so every run at one size reads the same forum. */
function mulberry32(seedValue: number) {
  let a = seedValue;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Zipf-like vocabulary: function words at the top as in any English text, then the domain's words,
// then a long tail of made-up words, so most words are rare and a few are in nearly every post.
const TOP = "the of and to a in is that for it on with as be this are we was have not by our at from or an".split(" ");
const DOMAIN = "contract supplier custody control room savings force partnership procurement service exit plan specification schedule payroll finance ICT fleet estates training vetting benchmark clause outsourcing police staff officer commissioner budget tender evaluation framework transition risk performance data cloud system call handling forensic medical".split(" ");
const SYLLABLES = "ba be bi bo bu ca ce co cu da de di do du fa fe fi fo ga ge go la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo".split(" ");
function vocabulary(size: number) {
  const words = [...TOP, ...DOMAIN];
  const random = mulberry32(7);
  const seen = new Set(words);
  while (words.length < size) {
    const n = 2 + Math.floor(random() * 3);
    const word = Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join("");
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}
const VOCABULARY = vocabulary(4000);
const COMMON_WORD = "contract"; // rank 26: in most posts
const RARE_WORD = VOCABULARY[3500]!; // in about one post in 2,000
const TENTH_WORD = "medical"; // rank 70: in about one post in ten

function zipfSampler(words: string[], s: number, random: () => number) {
  const n = words.length;
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cdf[k] = total += 1 / Math.pow(k + 1, s);
  for (let k = 0; k < n; k++) cdf[k]! /= total;
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
}

/**
 * A forum of `posts` posts written straight to SQLite (the search index follows by its triggers).
 * Thread lengths are heavy-tailed (P(length ≥ k) = k^-1.8: most threads have one or two posts, a
 * few have hundreds); two threads in three are in the open space, so its page 100 exists at 10,000.
 */
async function buildDataSet(dataDir: string, posts: number) {
  const file = path.join(dataDir, "exchange.db");
  if (existsSync(file)) {
    // A set built before a later migration gets it here, not in the server's timed start (at a
    // million posts a migration that rebuilds an index takes longer than the start is allowed).
    const database = openDatabase(file);
    migrateDatabase(database);
    database.$client.close();
    return;
  }
  rmSync(dataDir, { recursive: true, force: true });
  const building = `${dataDir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const buildFile = path.join(building, "exchange.db");
  const database = openDatabase(buildFile);
  migrateDatabase(database);
  await seed(database, { demo: true });
  database.$client.close();
  const db = new Database(buildFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const random = mulberry32(posts);
  const word = zipfSampler(VOCABULARY, 1.05, random);
  const words = (n: number) => Array.from({ length: n }, word).join(" ");
  const users = (db.prepare("SELECT id FROM users ORDER BY id").all() as { id: number }[]).map((u) => u.id);
  const spaces = db.prepare("SELECT id, slug, audience FROM spaces ORDER BY id").all() as { id: number; slug: string; audience: string }[];
  const open = spaces.find((s) => s.slug === "open-discussions")!;
  const others = spaces.filter((s) => s !== open);
  const insertDiscussion = db.prepare("INSERT INTO discussions (owner_kind, audience, post_count, last_post_number, last_post_at, last_poster_id) VALUES ('thread', ?, ?, ?, ?, ?)");
  const insertThread = db.prepare("INSERT INTO threads (discussion_id, space_id, kind, title, slug, author_id, last_activity_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const insertPost = db.prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const start = Math.floor(Date.now() / 1000) - posts * 30;
  let written = 0;
  let t = 0;
  const writeThreads = db.transaction((until: number) => {
    while (written < until) {
      const length = Math.min(posts - written, 400, Math.floor(Math.pow(random(), -1 / 1.8)));
      const space = random() < 2 / 3 ? open : others[Math.floor(random() * others.length)]!;
      const author = users[Math.floor(random() * users.length)]!;
      const at = start + written * 30;
      const lastAt = at + (length - 1) * 30;
      const discussion = insertDiscussion.run(space.audience, length, length, lastAt, author).lastInsertRowid;
      const title = words(4 + Math.floor(random() * 5));
      insertThread.run(discussion, space.id, t % 3 ? "discussion" : "question", title[0]!.toUpperCase() + title.slice(1), `thread-${t}`, author, lastAt, at);
      for (let n = 1; n <= length; n++) {
        // 10 to 120 words in paragraphs of about 30, as plain prose renders.
        const paragraphs = Array.from({ length: 1 + Math.floor(random() * 4) }, () => words(10 + Math.floor(random() * 30)));
        const md = paragraphs.join("\n\n");
        const html = paragraphs.map((p) => `<p>${p}</p>`).join("\n");
        insertPost.run(discussion, n, n === 1 ? author : users[Math.floor(random() * users.length)]!, md, html, RENDER_VERSION, at + (n - 1) * 30);
      }
      written += length;
      t++;
    }
  });
  while (written < posts) {
    writeThreads(Math.min(posts, written + 5000));
    process.stdout.write(`\rwriting posts ${written.toLocaleString("en-GB")}/${posts.toLocaleString("en-GB")}`);
  }
  db.exec("UPDATE spaces SET thread_count = (SELECT count(*) FROM threads WHERE threads.space_id = spaces.id), last_activity_at = (SELECT max(last_activity_at) FROM threads WHERE threads.space_id = spaces.id)");
  // No ANALYZE here: the server refreshes the planner's statistics as it starts, as in production.
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  process.stdout.write("\n");
  renameSync(building, dataDir);
}

/** The largest server process's RSS (the primary or one of its workers). */
function serverRssMb(server: TestServer) {
  return Math.max(...serverProcesses(server).map((p) => p.rssMb));
}

/**
 * Members posting while others read: every `ms`, a post of the data set's prose in one of
 * `threadIds`, written straight to SQLite as another process would (the search index follows by
 * its triggers). Returns a function that stops and removes those posts, so the set stays as built.
 */
function keepPosting(dataDir: string, threadIds: number[], ms: number) {
  const db = new Database(path.join(dataDir, "exchange.db"));
  db.pragma("busy_timeout = 5000");
  const random = mulberry32(ms);
  const word = zipfSampler(VOCABULARY, 1.05, random);
  const threadOf = db.prepare("SELECT discussion_id AS discussion, author_id AS author FROM threads WHERE id = ?");
  const insert = db.prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version, created_at) VALUES (?, (SELECT max(number) + 1 FROM posts WHERE discussion_id = ?), ?, ?, ?, ?, unixepoch())");
  const written: number[] = [];
  const timer = setInterval(() => {
    const { discussion, author } = threadOf.get(threadIds[Math.floor(random() * threadIds.length)]) as { discussion: number; author: number };
    const text = Array.from({ length: 10 + Math.floor(random() * 110) }, word).join(" ");
    written.push(Number(insert.run(discussion, discussion, author, text, `<p>${text}</p>`, RENDER_VERSION).lastInsertRowid));
  }, ms);
  return () => {
    clearInterval(timer);
    const remove = db.prepare("DELETE FROM posts WHERE id = ?");
    db.transaction(() => written.forEach((id) => remove.run(id)))();
    db.close();
  };
}

/** A bare node:http server sending `bytes` bytes of HTML to every request: the ceiling. */
async function startBareServer(bytes: number) {
  const code = `const body = Buffer.alloc(${bytes}, 97); require("node:http").createServer((req, res) => { res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length }); res.end(body); }).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;
  const child: ChildProcess = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) => child.stdout!.once("data", (d) => resolve(Number(String(d).trim()))));
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill())) };
}

type Load = { pagesPerSecond: number; p50: number; p95: number; p99: number; errors: number };

/** Warm-up, then the measured run; only 2xx responses count as pages. */
async function load(url: string, cookies: string[], pick: () => string): Promise<Load> {
  let connection = 0;
  const options = (duration: number): autocannon.Options => ({
    url,
    connections: CONNECTIONS,
    duration,
    // Alternate connections sign in as the force member and the supplier.
    setupClient: (client) => client.setHeaders({ cookie: cookies[connection++ % cookies.length]! }),
    requests: [{ setupRequest: (req) => ({ ...req, path: pick() }) }],
  });
  const run = (duration: number, latencies?: number[]) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(options(duration), (error, result) => (error ? reject(error) : resolve(result)));
      // autocannon reports fixed percentiles (no p95), so keep every full page's time.
      if (latencies) instance.on("response", (_client, status, _bytes, ms) => status >= 200 && status < 300 && latencies.push(ms));
    });
  if (WARMUP > 0) await run(WARMUP);
  const latencies: number[] = [];
  const r = await run(SECONDS, latencies);
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { pagesPerSecond: r["2xx"] / SECONDS, p50: at(50), p95: at(95), p99: at(99), errors: r.non2xx + r.errors + r.timeouts };
}

async function bodyBytes(visitor: { get: (u: string) => Promise<Response> }, path: string) {
  const res = await visitor.get(path);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}, not a page`);
  return (await res.arrayBuffer()).byteLength;
}

type Row = { kind: string; load: Load; ceiling: Load; share: number; rssMb: number };

async function benchSize(posts: number): Promise<Row[]> {
  const dataDir = path.join(tmpdir(), `exchange-bench-v${DATA_VERSION}-${posts}`);
  console.log(`\nData set: ${posts.toLocaleString("en-GB")} posts in ${dataDir}`);
  await buildDataSet(dataDir, posts);
  const probe = new Database(path.join(dataDir, "exchange.db"), { readonly: true });
  // Threads both readers may see, with at least one full page of posts.
  const threadIds = (probe.prepare("SELECT t.id FROM threads t JOIN spaces s ON s.id = t.space_id JOIN discussions d ON d.id = t.discussion_id WHERE s.audience = 'members' AND d.post_count >= 25").all() as { id: number }[]).map((r) => r.id);
  const openThreads = (probe.prepare("SELECT thread_count AS n FROM spaces WHERE slug = 'open-discussions'").get() as { n: number }).n;
  probe.close();
  console.log(`${threadIds.length.toLocaleString("en-GB")} threads with a full page of posts; ${openThreads.toLocaleString("en-GB")} threads in the open space`);
  const nodeArgs = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  // Test servers run one process unless asked; the bench measures the production default.
  const server = await startTestServer({ DATA_DIR: dataDir, RATE_LIMIT_SCALE: "1000", WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? String(DEFAULT_WEB_CONCURRENCY) }, { nodeArgs });
  const rows: Row[] = [];
  try {
    const force = await signIn(server, "chief@cleveland-police.example");
    const supplier = await signIn(server, "supplier@steria.example");
    const cookieOf = (v: typeof force) => [...v.cookies].map(([k, val]) => `${k}=${val}`).join("; ");
    const cookies = [cookieOf(force), cookieOf(supplier)];
    const random = mulberry32(1);
    const queryWord = zipfSampler(VOCABULARY.slice(TOP.length), 1.05, random);
    const variedQuery = () => `/search?q=${queryWord()}&page=${Math.min(20, 1 + Math.floor(Math.log(random()) / Math.log(0.4)))}`;
    const kinds: [string, () => string, (() => () => void)?][] = [
      ["thread page", () => `/threads/${threadIds[Math.floor(random() * threadIds.length)]}/x`],
      ["space listing, page 1", () => "/spaces/open-discussions"],
      ["space listing, page 100", () => "/spaces/open-discussions?page=100"],
      ["home page", () => "/"],
      // What no page can go below on this stack: a signed-in page with nothing of its own to read
      // (Express, Remix, React and the layout's header), so each page's figures can be set against it.
      ["static page (floor)", () => "/accessibility"],
      ["search, common word", () => `/search?q=${COMMON_WORD}`],
      ["search, rare word", () => `/search?q=${RARE_WORD}`],
      ["search, word in a tenth", () => `/search?q=${TENTH_WORD}`],
      ["search, two words", () => `/search?q=${TENTH_WORD}+${RARE_WORD}`],
      ["search, two common words", () => `/search?q=${TENTH_WORD}+${COMMON_WORD}`],
      // The kinds above repeat one query, so after the first they mostly measure the result cache.
      // Here members search as they write: a word drawn Zipf-like (function words aside, so
      // "contract" is one search in seven), most on the first page (0.6, then 0.24, 0.1, … up to
      // page 20), as people read search results.
      ["search, varied queries", variedQuery],
      // The same while members post twice a second, as on a busy morning: a post can change the
      // rankings the cache holds.
      ["search, varied, 2 posts/s", variedQuery, () => keepPosting(dataDir, threadIds, 500)],
      ["lessons list", () => "/lessons"],
      ["library list", () => "/library"],
    ];
    console.log(`${CONNECTIONS} connections, ${WARMUP} s warm-up, ${SECONDS} s measured per page kind and per ceiling\n`);
    console.log("page kind                    pages/s   p50 ms   p95 ms   p99 ms  errors   KB/page  ceiling/s  share  RSS MB");
    for (const [kind, pick, writing] of kinds) {
      if (ONLY && !ONLY.some((w) => kind.includes(w))) continue;
      const sample = pick();
      const bytes = Math.round(((await bodyBytes(force, sample)) + (await bodyBytes(supplier, sample))) / 2);
      const stopWriting = writing?.();
      let result: Load;
      try {
        result = await load(server.url, cookies, pick);
      } finally {
        stopWriting?.();
      }
      const rssMb = serverRssMb(server);
      const bare = await startBareServer(bytes);
      let ceiling: Load;
      try {
        ceiling = await load(bare.url, cookies, () => sample);
      } finally {
        await bare.stop();
      }
      const share = result.pagesPerSecond / ceiling.pagesPerSecond;
      rows.push({ kind, load: result, ceiling, share, rssMb });
      const l = result;
      console.log(
        [kind.padEnd(26), l.pagesPerSecond.toFixed(0).padStart(9), l.p50.toFixed(0).padStart(8), l.p95.toFixed(0).padStart(8), l.p99.toFixed(0).padStart(8), String(l.errors).padStart(7), (bytes / 1024).toFixed(1).padStart(9), ceiling.pagesPerSecond.toFixed(0).padStart(10), `${(share * 100).toFixed(1)}%`.padStart(6), rssMb.toFixed(0).padStart(7)].join(" "),
      );
    }
    const tree = serverProcesses(server).filter((p) => p.rssMb > 60);
    console.log(`\nserver processes after the run: ${tree.map((p) => `${p.rssMb.toFixed(0)} MB`).join(", ")}`);
  } finally {
    await server.stop();
  }
  return rows;
}

const results = new Map<number, Row[]>();
for (const size of SIZES) results.set(size, await benchSize(size));
if (SIZES.length >= 2) {
  const small = SIZES[0]!;
  const large = SIZES[SIZES.length - 1]!;
  console.log(`\nCost per page at ${large.toLocaleString("en-GB")} posts ÷ at ${small.toLocaleString("en-GB")} (share of the ceiling, which cancels this machine's drift; target ≤ 1.5)`);
  for (const row of results.get(large)!) {
    const base = results.get(small)!.find((r) => r.kind === row.kind);
    if (base) console.log(`${row.kind.padEnd(26)} ${(base.share / row.share).toFixed(2).padStart(6)}   (p99 ${base.load.p99.toFixed(0)} → ${row.load.p99.toFixed(0)} ms)`);
  }
}
