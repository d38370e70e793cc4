import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chmodSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { gunzipSync } from "node:zlib";
import path from "node:path";
import Database from "better-sqlite3";
import { runServerExpectingExit, startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe("the server", () => {
  test("/healthz reports the database as readable", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  test("the home page is HTML in English with the service name", async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain("Partnering Exchange");
    expect(html).toContain("Skip to main content");
  });

  test("a missing page gives the 404 page with status 404", async () => {
    const res = await fetch(`${server.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Page not found");
  });

  test("security headers are present, with a fresh script nonce on each response", async () => {
    const [a, b] = await Promise.all([fetch(`${server.url}/`), fetch(`${server.url}/`)]);
    const csp = a.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(b.headers.get("content-security-policy")).not.toBe(csp);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(await a.text()).toContain(`nonce="${nonce}"`);
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(a.headers.get("x-powered-by")).toBeNull();
  });

  test("fingerprinted assets are cached for a year and compressed", async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const css = /href="(\/build\/_assets\/[^"]+\.css)"/.exec(html)![1];
    const res = await fetch(`${server.url}${css}`, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("max-age=31536000");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(res.headers.get("content-encoding")).toBe("gzip");
  });

  test("a page goes whole with its length in bytes, or gzipped when the browser accepts it", async () => {
    // node:http, not fetch, which would ask for compression itself.
    const read = (headers: Record<string, string>) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        get(`${server.url}/accessibility`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on("error", reject);
      });
    const plain = await read({});
    expect(plain.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
    // A character beyond Latin-1 somewhere in the page, so characters and bytes differ.
    expect(plain.body.toString("utf8").length).toBeLessThan(plain.body.length);
    expect(plain.body.toString("utf8")).toMatch(/<\/html><script type="application\/json" id="remix-loader-data">.*<\/script><script nonce="[^"]+">.*<\/script>$/s);

    const zipped = await read({ "accept-encoding": "gzip" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers["content-length"]).toBeUndefined();
    const unzipped = gunzipSync(zipped.body).toString("utf8");
    expect(unzipped).toMatch(/^<!DOCTYPE html>/);
    expect(unzipped).toMatch(/<\/html><script type="application\/json" id="remix-loader-data">.*<\/script><script nonce="[^"]+">.*<\/script>$/s);
  });

  test("a cross-site form post is refused with 403", async () => {
    const res = await fetch(`${server.url}/`, {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site", "content-type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect(res.status).toBe(403);
  });
});

describe("start-up", () => {
  test("a bad configuration value stops start-up with one line naming it", async () => {
    const { code, output } = await runServerExpectingExit({ PORT: "not-a-port" });
    expect(code).toBe(1);
    const lines = output.split("\n").filter((l) => l.trim() && !l.includes("npm warn"));
    expect(lines).toEqual([expect.stringMatching(/^Configuration error: PORT /)]);
    expect(output).not.toContain("    at ");
  });

  test("each start gives the planner row counts and drops value samples, which recompile statements on every request", async () => {
    const first = await startTestServer();
    await first.stop();
    const file = path.join(first.dataDir, "exchange.db");
    const sqlite = new Database(file);
    // An operator's full ANALYZE: better-sqlite3's SQLite gathers STAT4 samples.
    sqlite.exec("DROP TABLE IF EXISTS sqlite_stat1; ANALYZE");
    expect((sqlite.prepare("SELECT count(*) AS n FROM sqlite_stat4").get() as { n: number }).n).toBeGreaterThan(0);
    sqlite.exec("DELETE FROM sqlite_stat1 WHERE tbl = 'posts'");
    sqlite.close();

    const again = await startTestServer({}, { dataDir: first.dataDir });
    try {
      expect((await fetch(`${again.url}/`)).status).toBe(200);
    } finally {
      await again.stop();
    }
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat4'").get()).toBeUndefined();
      expect(after.prepare("SELECT idx FROM sqlite_stat1 WHERE tbl = 'posts'").all().length).toBeGreaterThan(0);
    } finally {
      after.close();
    }
  });

  test("/healthz answers 503 when the database cannot be read", async () => {
    const broken = await startTestServer();
    try {
      // Overwrite the file under the running server: every read then fails as corrupt.
      const file = path.join(broken.dataDir, "exchange.db");
      chmodSync(file, 0o600);
      writeFileSync(file, "this is not a database".repeat(500));
      writeFileSync(`${file}-wal`, "");
      const res = await fetch(`${broken.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "error", database: "unreadable" });
    } finally {
      await broken.stop();
    }
  });
});
