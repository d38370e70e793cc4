/**
 * WEB_CONCURRENCY=2: two worker processes serve one port and one SQLite file; per-IP limits hold
 * across them, the primary replaces a worker that dies, and a search one ranks the other reads.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LIMITS } from "~/lib/rate-limit.server";
import { openDb } from "../helpers/accounts";
import { signIn } from "../helpers/http";
import { WORKER_HEAP_FLAG } from "../../server/worker-heap";
import { serverProcesses, startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  // No NODE_OPTIONS from the shell: a heap size set there would be kept instead of the workers' own.
  server = await startTestServer({ WEB_CONCURRENCY: "2", RATE_LIMIT_SCALE: "1", NODE_OPTIONS: "" });
});
afterAll(() => server?.stop());

const workers = () => serverProcesses(server).filter((p) => p.clusterWorker).map((p) => p.pid);

/**
 * A sign-in form post on a connection of its own: the cluster's primary hands new connections
 * to the workers in turn, so consecutive attempts reach both.
 */
function signInAttempt() {
  const body = "email=&password="; // refused as incomplete, after the limit has counted it
  const url = new URL("/login", server.url);
  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent: false, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), "sec-fetch-site": "same-origin" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("two worker processes", () => {
  test("every process runs the built server as `npm start` does, without the TypeScript loader", () => {
    // tsx's loader made each process about 90 MB larger and sat in every request's profile.
    const start = JSON.parse(readFileSync("package.json", "utf8")).scripts.start as string;
    expect(start).toMatch(/&& node build\/server\.js$/);
    const processes = serverProcesses(server);
    expect(processes.length).toBe(3);
    for (const { pid, clusterWorker } of processes) {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      // Workers start with a heap limit, so V8 collects before garbage reaches hundreds of MB.
      expect(argv.slice(1)).toEqual([...(clusterWorker ? [WORKER_HEAP_FLAG] : []), expect.stringMatching(/build\/server\.js$/)]);
      // And with glibc's mmap threshold held, so freed search buffers go back to the system.
      const environment = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      expect(environment.includes("MALLOC_MMAP_THRESHOLD_=131072")).toBe(clusterWorker);
    }
  });

  test("both serve, and sign-in attempts spread over them are limited at the same total as one process", async () => {
    expect(workers()).toHaveLength(2);
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.signIn.max; i++) statuses.push(await signInAttempt());
    // Each worker saw about half; counted in memory, neither would have reached the limit.
    expect(statuses).toEqual(statuses.map(() => 400));
    expect(await signInAttempt()).toBe(429);
    expect(await signInAttempt()).toBe(429);
  });

  test("a worker that dies is replaced, and the site keeps answering", async () => {
    const [victim, survivor] = workers();
    process.kill(victim!, "SIGKILL");
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const now = workers();
      if (now.length === 2 && !now.includes(victim!)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const now = workers();
    expect(now).toHaveLength(2);
    expect(now).toContain(survivor);
    expect(now).not.toContain(victim);
    expect(server.output()).toContain(`Worker ${victim} stopped (SIGKILL); starting another`);
    for (let i = 0; i < 4; i++) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("a form sent twice at once, to two workers", () => {
  // A server of its own: the limit test above counts every sign-in from this address.
  let twin: TestServer;
  beforeAll(async () => {
    twin = await startTestServer({ WEB_CONCURRENCY: "2" });
  });
  afterAll(() => twin?.stop());

  test("a new thread sent twice at once makes one thread, and both answers lead to it", async () => {
    const chief = await signIn(twin, "chief@cleveland-police.example");
    // In one process the check and the insert cannot interleave; across two they can, and the
    // unique submission index then settles it. Several pairs, so some reach both workers at once.
    for (let i = 0; i < 12; i++) {
      const form = { kind: "question", title: `Sent twice at once ${i}`, body: "Body", intent: "publish", submissionKey: randomUUID() };
      const [a, b] = await Promise.all([chief.post("/spaces/open-discussions/new", form), chief.post("/spaces/open-discussions/new", form)]);
      expect([a.status, b.status]).toEqual([302, 302]);
      expect(b.headers.get("location")).toBe(a.headers.get("location"));
      expect((openDb(twin).prepare("SELECT count(*) AS n FROM threads WHERE title = ?").get(form.title) as { n: number }).n).toBe(1);
    }
  });
});

describe("search rankings shared by the workers", () => {
  let shared: TestServer;
  let file: string;
  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "exchange-rankings-"));
    file = path.join(dataDir, "exchange.search-rankings.db");
    writeFileSync(file, "left by the last run");
    shared = await startTestServer({ WEB_CONCURRENCY: "2" }, { dataDir });
  });
  afterAll(() => shared?.stop());

  /** A search on a connection of its own, so consecutive searches reach both workers. */
  const search = (cookie: string, q: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(new URL(`/search?q=${q}`, shared.url), { agent: false, headers: { cookie } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      });
      req.on("error", reject);
      req.end();
    });
  const rankings = () => {
    const database = new Database(file, { readonly: true });
    try {
      return database.prepare("SELECT id, key FROM rankings").all();
    } finally {
      database.close();
    }
  };

  test("a starting server empties the rankings its last run shared, and a query one worker ranks the other reads", async () => {
    expect(existsSync(file)).toBe(false);
    const chief = await signIn(shared, "chief@cleveland-police.example");
    const cookie = [...chief.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    expect(await search(cookie, "custody")).toBe(200);
    const first = rankings();
    expect(first).toHaveLength(1);
    for (let i = 0; i < 4; i++) expect(await search(cookie, "custody")).toBe(200);
    // Neither worker ranked it again (a worker that did would have written it anew).
    expect(rankings()).toEqual(first);
  });
});
