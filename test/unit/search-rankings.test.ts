/**
 * Search rankings shared between processes (search-rankings.server.ts): a ranking is never read by
 * a process of another database, and one of another shape is ignored, never a failed search.
 */
import { mkdtempSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { memberFor } from "../helpers/in-process";
import { beforeAll, describe, expect, test, vi } from "vitest";

const dir = mkdtempSync(path.join(tmpdir(), "exchange-rankings-"));
process.env.DATA_DIR = dir;
process.env.DATABASE_PATH = path.join(dir, "a.db");
delete process.env.BASE_URL;

/** A server on `file`: its own modules, config and connections. */
async function serverOn(file: string) {
  vi.resetModules();
  process.env.DATABASE_PATH = file;
  const { db } = await import("../../db/client.server");
  const forum = await import("~/models/forum.server");
  const search = await import("~/models/search.server");
  return { db, forum, search };
}
type S = Awaited<ReturnType<typeof serverOn>>;
const find = (s: S, q: string) => {
  const r = s.search.searchPage(memberFor(s.db(), "supplier@steria.example"), new URLSearchParams({ q }), 1);
  return { total: r.total, hits: r.hits.map((h) => h.title) };
};
function thread(s: S, title: string, body: string) {
  const chief = memberFor(s.db(), "chief@cleveland-police.example");
  const made = s.forum.createThread(chief, s.forum.getSpace(chief, "open-discussions")!, { kind: "question", title, bodyMd: body, serviceAreaIds: [], partnershipIds: [], submissionKey: null });
  if (!made.ok) throw new Error(made.reason);
}

let a: S;
beforeAll(async () => {
  a = await serverOn(path.join(dir, "a.db"));
  const { migrateDatabase } = await import("../../db/migrate.server");
  const { seed } = await import("../../db/seed/index");
  migrateDatabase(a.db());
  await seed(a.db(), { demo: true });
  a.db().$client.exec(`VACUUM INTO '${path.join(dir, "b.db")}'`);
}, 120_000);

describe("shared search rankings", () => {
  test("two databases in one folder (DATABASE_PATH) do not share rankings", async () => {
    thread(a, "Cloudberry survey", "Cloudberry plots");
    expect(find(a, "cloudberry").total).toBe(1);
    const b = await serverOn(path.join(dir, "b.db"));
    thread(b, "Heather survey", "Heather plots"); // same writes, other words: same counters
    expect(find(b, "cloudberry")).toEqual({ total: 0, hits: [] });
  });

  test("a shared ranking of another shape is not used, and the search does not fail", async () => {
    const s = await serverOn(path.join(dir, "a.db"));
    thread(s, "Crowberry survey", "Crowberry plots");
    expect(find(s, "crowberry").total).toBe(1);
    const file = new Database(path.join(dir, "a.search-rankings.db"));
    file.prepare("UPDATE rankings SET value = '{\"ranking\":1}'").run();
    file.close();
    const t = await serverOn(path.join(dir, "a.db"));
    expect(find(t, "crowberry").total).toBe(1);
  });

  test("a shared read of another shape, or with keys that do not fit its shape, is not used, and the search ranks afresh", async () => {
    const s = await serverOn(path.join(dir, "a.db"));
    thread(s, "Blackthorn survey", "Blackthorn plots");
    expect(find(s, "blackthorn").total).toBe(1);
    for (const change of ["UPDATE reads SET keys = zeroblob(8)", "UPDATE reads SET value = '{\"reading\":1}'"]) {
      const file = new Database(path.join(dir, "a.search-rankings.db"));
      // No ranking to take, so the next process looks for a read to rank from.
      file.prepare("DELETE FROM rankings").run();
      expect(file.prepare(`${change} WHERE key LIKE '%blackthorn%'`).run().changes).toBe(1);
      file.close();
      expect(find(await serverOn(path.join(dir, "a.db")), "blackthorn")).toEqual({ total: 1, hits: ["Blackthorn survey"] });
    }
  });

  test("a process of another build never reads the rankings this build shared", async () => {
    const s = await serverOn(path.join(dir, "a.db"));
    thread(s, "Bilberry survey", "Bilberry plots");
    expect(find(s, "bilberry").total).toBe(1);
    // The shared ranking now says something a fresh ranking would not: read, it would show.
    const file = new Database(path.join(dir, "a.search-rankings.db"));
    const changed = file.prepare("UPDATE rankings SET value = json_set(value, '$.total', 99) WHERE value LIKE '%bilberry%'").run().changes;
    file.close();
    expect(changed).toBe(1);
    expect(find(await serverOn(path.join(dir, "a.db")), "bilberry").total).toBe(99);
    // A build is known by when its module was built (written): a later one ranks afresh.
    const module = fileURLToPath(new URL("../../app/models/search-rankings.server.ts", import.meta.url));
    const { atime, mtime } = statSync(module);
    try {
      utimesSync(module, atime, new Date(mtime.getTime() + 60_000));
      expect(find(await serverOn(path.join(dir, "a.db")), "bilberry").total).toBe(1);
    } finally {
      utimesSync(module, atime, mtime);
    }
  });
});
