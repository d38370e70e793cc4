// Measures page latency under load on a large forum, on this machine, against the real server.
//   npm run bench                         1,000,000 posts, 50 concurrent readers, 20 s per page kind
//   BENCH_POSTS=100000 BENCH_SECONDS=5 npm run bench   a quicker run
//   BENCH_THINK_MS=1000 npm run bench     each reader pauses between pages, like a person reading
//     (the default, 0, is a stress test: every reader asks again the moment a page arrives)
// Builds the data set once per size in $TMPDIR and reuses it; prints p50/p95/p99 per page kind.
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { renderMarkdown, RENDER_VERSION } from "../app/lib/markdown.server";
import { openDatabase } from "../db/client.server";
import { migrateDatabase } from "../db/migrate.server";
import { seed } from "../db/seed/index";
import { signIn } from "../test/helpers/http";
import { startTestServer } from "../test/helpers/server";

const POSTS = Number(process.env.BENCH_POSTS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 0);
const POSTS_PER_THREAD = 50;
const WORDS = "custody control room benchmarking clause exit plan savings specification supplier contract schedule payroll finance procurement ICT fleet estates training vetting".split(" ");

function sentence(i: number) {
  return Array.from({ length: 40 }, (_, k) => WORDS[(i * 7 + k * 13) % WORDS.length]).join(" ");
}

/** A forum with POSTS posts in threads of 50 across the seeded spaces, written straight to SQLite. */
async function buildDataSet(dataDir: string) {
  const file = path.join(dataDir, "exchange.db");
  if (existsSync(file)) return;
  mkdirSync(dataDir, { recursive: true });
  const database = openDatabase(file);
  migrateDatabase(database);
  await seed(database, { demo: true });
  database.$client.close();
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const users = db.prepare("SELECT id FROM users ORDER BY id").all() as { id: number }[];
  const spaces = db.prepare("SELECT id, audience FROM spaces ORDER BY id").all() as { id: number; audience: string }[];
  const html = renderMarkdown(`${sentence(1)}\n\n- ${sentence(2)}\n- ${sentence(3)}`);
  const insertDiscussion = db.prepare("INSERT INTO discussions (owner_kind, audience, post_count, last_post_number, last_post_at, last_poster_id) VALUES ('thread', ?, ?, ?, ?, ?)");
  const insertThread = db.prepare("INSERT INTO threads (discussion_id, space_id, kind, title, slug, author_id, last_activity_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const insertPost = db.prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const threads = Math.ceil(POSTS / POSTS_PER_THREAD);
  const start = Math.floor(Date.now() / 1000) - threads * 60;
  const batch = db.transaction((from: number, to: number) => {
    for (let t = from; t < to; t++) {
      const space = spaces[t % spaces.length]!;
      const at = start + t * 60;
      const author = users[t % users.length]!.id;
      const discussion = insertDiscussion.run(space.audience, POSTS_PER_THREAD, POSTS_PER_THREAD, at, author).lastInsertRowid;
      insertThread.run(discussion, space.id, t % 3 ? "discussion" : "question", `Thread ${t}: ${WORDS[t % WORDS.length]} ${WORDS[(t * 5) % WORDS.length]}`, `thread-${t}`, author, at, at);
      for (let n = 1; n <= POSTS_PER_THREAD; n++) insertPost.run(discussion, n, users[(t + n) % users.length]!.id, sentence(t + n), html, RENDER_VERSION, at);
    }
  });
  for (let t = 0; t < threads; t += 500) {
    batch(t, Math.min(threads, t + 500));
    process.stdout.write(`\rwriting threads ${Math.min(threads, t + 500)}/${threads}`);
  }
  db.exec("UPDATE spaces SET thread_count = (SELECT count(*) FROM threads WHERE threads.space_id = spaces.id), last_activity_at = (SELECT max(last_activity_at) FROM threads WHERE threads.space_id = spaces.id)");
  db.exec("ANALYZE");
  db.close();
  process.stdout.write("\n");
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const dataDir = path.join(tmpdir(), `exchange-bench-${POSTS}`);
console.log(`Data set: ${POSTS.toLocaleString("en-GB")} posts in ${dataDir}`);
await buildDataSet(dataDir);
const server = await startTestServer({ DATA_DIR: dataDir, RATE_LIMIT_SCALE: "1000" });
try {
  const threadCount = Math.ceil(POSTS / POSTS_PER_THREAD);
  const firstThread = 6;
  const reader = await signIn(server, "chief@cleveland-police.example");
  const supplier = await signIn(server, "supplier@steria.example");
  const random = (n: number) => Math.floor(Math.random() * n);
  const kinds: Record<string, () => string> = {
    "home page": () => "/",
    "space listing, page 1": () => "/spaces/open-discussions",
    "space listing, page 100": () => "/spaces/open-discussions?page=100",
    "thread page 1": () => `/threads/${firstThread + random(threadCount)}/x`,
    "thread page 2": () => `/threads/${firstThread + random(threadCount)}/x?page=2`,
    "search": () => `/search?q=${WORDS[random(WORDS.length)]}+${WORDS[random(WORDS.length)]}`,
  };
  console.log(`${CONCURRENCY} concurrent readers${THINK_MS ? `, each pausing ${THINK_MS} ms between pages` : " with no pause between pages"}, ${SECONDS} s per page kind, half signed in as a force member and half as a supplier\n`);
  console.log("page kind                  requests   req/s    p50 ms   p95 ms   p99 ms   errors");
  for (const [name, url] of Object.entries(kinds)) {
    const latencies: number[] = [];
    let errors = 0;
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        const visitor = worker % 2 ? supplier : reader;
        while (Date.now() < until) {
          const started = performance.now();
          try {
            const res = await visitor.get(url());
            await res.arrayBuffer();
            if (res.status !== 200 && res.status !== 404) errors++;
          } catch {
            errors++;
          }
          latencies.push(performance.now() - started);
          if (THINK_MS) await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const row = [name.padEnd(26), String(latencies.length).padStart(8), (latencies.length / SECONDS).toFixed(0).padStart(7), ...[50, 95, 99].map((p) => percentile(latencies, p).toFixed(1).padStart(8)), String(errors).padStart(8)];
    console.log(row.join(" "));
  }
} finally {
  await server.stop();
}
