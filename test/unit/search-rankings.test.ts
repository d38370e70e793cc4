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

/** The bytes of shared reads as the file counts them and as its reads hold them. */
function bytesCounted() {
  const file = new Database(path.join(dir, "a.search-rankings.db"));
  try {
    return file.prepare("SELECT (SELECT bytes FROM reads_bytes) AS counted, (SELECT coalesce(sum(bytes), 0) FROM reads) AS held, (SELECT bytes FROM reads_bytes) = (SELECT coalesce(sum(bytes), 0) FROM reads) AS same").get();
  } finally {
    file.close();
  }
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

  test("a shared read of another shape, or with keys that are not a packed list of its shape, is not used, and the search ranks afresh", async () => {
    const s = await serverOn(path.join(dir, "a.db"));
    thread(s, "Blackthorn survey", "Blackthorn plots");
    expect(find(s, "blackthorn").total).toBe(1);
    /** The read with its keys as integers (lows, hours, starts of the match rows, then of the title rows) changed by `change`. */
    const keysChanged = (change: (ints: Int32Array, lows: number, hours: number) => void) => (row: { value: string; keys: Buffer }) => {
      const ints = new Int32Array(new Uint8Array(row.keys).buffer);
      const [lows, hours] = (JSON.parse(row.value) as { shape: [number, number][] }).shape[0]!;
      change(ints, lows, hours);
      return { ...row, keys: Buffer.from(ints.buffer) };
    };
    const changes: [string, (row: { value: string; keys: Buffer }) => { value: string; keys: Buffer }][] = [
      ["keys that do not fit the shape", (row) => ({ ...row, keys: Buffer.alloc(8) })],
      ["another shape", (row) => ({ ...row, value: '{"reading":1}' })],
      ["an empty list of title rows more than the query has terms", (row) => ({ ...row, value: JSON.stringify({ ...JSON.parse(row.value), shape: [...JSON.parse(row.value).shape, [0, 0]] }) })],
      ["a first run not starting at 0", keysChanged((ints, lows, hours) => (ints[lows + hours] = -1))],
      ["a key's low bits out of range", keysChanged((ints, lows) => (ints[lows - 1] = 2 ** 30))],
      ["keys out of order within their hour", keysChanged((ints, lows) => (ints[0] = ints[lows - 1]! + 1))],
    ];
    let threads = 1;
    for (const [what, change] of changes) {
      const file = new Database(path.join(dir, "a.search-rankings.db"));
      // No ranking to take, so the next process looks for a read to rank from.
      file.prepare("DELETE FROM rankings").run();
      const row = file.prepare("SELECT value, keys FROM reads WHERE key LIKE '%blackthorn%'").get() as { value: string; keys: Buffer };
      expect(JSON.parse(row.value).shape, what).toHaveLength(2);
      const changed = change(row);
      file.prepare("UPDATE reads SET value = ?, keys = ? WHERE key LIKE '%blackthorn%'").run(changed.value, changed.keys);
      file.close();
      // A matching thread added since, so the rows added are taken in from the read, were it used.
      thread(s, `Blackthorn hedge ${threads}`, "Blackthorn");
      threads++;
      const found = find(await serverOn(path.join(dir, "a.db")), "blackthorn");
      // The truth: a ranking as if a row had been removed, so nothing kept or shared is used.
      const t = await serverOn(path.join(dir, "a.db"));
      t.db().$client.prepare("UPDATE search_generation SET n = n + 1, removed = removed + 1").run();
      expect(found, what).toEqual(find(t, "blackthorn"));
      expect(found.total, what).toBe(threads);
    }
  });

  test("shared reads are kept to the newest whose keys come to 256 MB in all", async () => {
    const s = await serverOn(path.join(dir, "a.db"));
    thread(s, "Hawthorn survey", "Hawthorn plots");
    const file = new Database(path.join(dir, "a.search-rankings.db"));
    // Three earlier reads, said to hold 150 MB, 60 MB and 50 MB of keys.
    const insert = file.prepare("INSERT INTO reads (key, value, keys, bytes) VALUES (?, '{}', x'00', ?)");
    insert.run("oldest", 150 * 1024 * 1024);
    insert.run("older", 60 * 1024 * 1024);
    insert.run("newer", 50 * 1024 * 1024);
    find(s, "hawthorn");
    const keys = (file.prepare("SELECT key FROM reads").pluck().all() as string[]).map((key) => (key.includes("hawthorn") ? "hawthorn" : key));
    file.close();
    expect(keys.filter((key) => ["oldest", "older", "newer", "hawthorn"].includes(key)).sort()).toEqual(["hawthorn", "newer", "older"]);
    expect(bytesCounted()).toEqual({ counted: expect.any(Number), held: expect.any(Number), same: 1 });
  });

  test("a read shared again replaces its copy and counts once towards the 256 MB", async () => {
    await serverOn(path.join(dir, "a.db"));
    const { shareKeys } = await import("~/models/search-rankings.server");
    const file = new Database(path.join(dir, "a.search-rankings.db"));
    file.prepare("DELETE FROM reads").run();
    file.prepare("INSERT INTO reads (key, value, keys, bytes) VALUES ('earlier', '{}', x'00', ?)").run(200 * 1024 * 1024);
    const keys = new Int32Array((40 * 1024 * 1024) / 4);
    shareKeys("again", {}, keys);
    shareKeys("again", {}, keys);
    const kept = file.prepare("SELECT key FROM reads ORDER BY id").pluck().all() as string[];
    file.close();
    expect(kept.map((key) => key.replace(/^\S+ /, ""))).toEqual(["earlier", "again"]);
    expect(bytesCounted()).toEqual({ counted: 240 * 1024 * 1024, held: 240 * 1024 * 1024, same: 1 });
  });

  test("shared reads are kept to the newest 10,000", async () => {
    const s = await serverOn(path.join(dir, "a.db"));
    thread(s, "Blackberry survey", "Blackberry plots");
    const file = new Database(path.join(dir, "a.search-rankings.db"));
    const insert = file.prepare("INSERT INTO reads (key, value, keys, bytes) VALUES (?, '{}', x'00', 1)");
    file.transaction(() => {
      for (let i = 0; i < 10_050; i++) insert.run(`earlier ${i}`);
    })();
    find(s, "blackberry");
    const keys = file.prepare("SELECT key FROM reads ORDER BY id").pluck().all() as string[];
    file.close();
    expect({ kept: keys.length, oldest: keys[0], newest: keys.at(-1)!.includes("blackberry") }).toEqual({ kept: 10_000, oldest: "earlier 51", newest: true });
  });

  test("the bytes kept count stays the reads' own, from a file that already held reads, and a count that drifted is put right", async () => {
    // A database whose rankings file another build wrote: reads, and no count of their bytes yet.
    a.db().$client.exec(`VACUUM INTO '${path.join(dir, "c.db")}'`);
    const before = new Database(path.join(dir, "c.search-rankings.db"));
    before.exec("CREATE TABLE reads (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL, bytes INTEGER NOT NULL, keys BLOB NOT NULL)");
    const insert = before.prepare("INSERT INTO reads (key, value, keys, bytes) VALUES (?, '{}', x'00', ?)");
    insert.run("older", 200 * 1024 * 1024);
    insert.run("newer", 200 * 1024 * 1024);
    before.close();
    const c = await serverOn(path.join(dir, "c.db"));
    const { shareKeys } = await import("~/models/search-rankings.server");
    shareKeys("first", {}, new Int32Array(4));
    const file = new Database(path.join(dir, "c.search-rankings.db"));
    const kept = () => (file.prepare("SELECT key FROM reads ORDER BY id").pluck().all() as string[]).map((key) => key.replace(/^\S+ /, ""));
    const counted = () => file.prepare("SELECT (SELECT bytes FROM reads_bytes) AS counted, (SELECT coalesce(sum(bytes), 0) FROM reads) AS held").get();
    expect(kept()).toEqual(["newer", "first"]);
    expect(counted()).toEqual({ counted: 200 * 1024 * 1024 + 16, held: 200 * 1024 * 1024 + 16 });
    // A count far above the reads (as an older build's replacing writes leave it): the next write
    // lets every read go, then counts afresh, instead of looking for more to let go of for ever.
    file.prepare("UPDATE reads_bytes SET bytes = bytes + 1024 * 1024 * 1024").run();
    shareKeys("second", {}, new Int32Array(4));
    expect(kept()).toEqual([]);
    expect(counted()).toEqual({ counted: 0, held: 0 });
    shareKeys("third", {}, new Int32Array(4));
    expect(kept()).toEqual(["third"]);
    expect(counted()).toEqual({ counted: 16, held: 16 });
    // A read larger than all the room is not written: it would only push every other read out.
    shareKeys("too large", {}, new Int32Array((256 * 1024 * 1024) / 4 + 1));
    expect(kept()).toEqual(["third"]);
    file.close();
    expect(find(c, "cloudberry").total).toBe(1);
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
