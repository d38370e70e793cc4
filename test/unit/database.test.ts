import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "../../db/schema";
import { seed } from "../../db/seed/index";
import { readForces, readPartnershipFacts } from "../../db/seed/partnerships";
import { isBusyError, openDatabase } from "../../db/client.server";
import { migrateDatabase, MIGRATIONS_FOLDER } from "../../db/migrate.server";
import { keepPlannerStatisticsCurrent, refreshPlannerStatistics } from "../../db/statistics.server";
import Database from "better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { countRows, freshDatabase } from "../helpers/db";

// The demo seed stores template files under $DATA_DIR/files (issue 8): keep them in a temporary
// folder, and drop Vite's BASE_URL ("/"), which the configuration rejects.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "exchange-database-"));
delete process.env.BASE_URL;

const TABLES = [
  "organisations",
  "organisation_domains",
  "users",
  "terms",
  "spaces",
  "partnerships",
  "partnership_organisations",
  "partnership_service_areas",
  "savings_figures",
  "partnership_events",
  "partnership_sources",
];

describe("database", () => {
  test("migrations create every table on an empty database, with WAL and foreign keys on", () => {
    const database = freshDatabase();
    const names = database.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name);
    for (const table of [...TABLES, "sessions", "audit_log", "recovery_codes", "account_tokens"]) expect(names).toContain(table);
    expect(database.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(database.$client.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  test("planner statistics are row counts without value samples; a database kept busy is left as it was", async () => {
    const database = freshDatabase();
    await seed(database, { demo: true });
    const sqlite = database.$client;
    // A full ANALYZE, as an operator might run: better-sqlite3's SQLite gathers STAT4 samples.
    sqlite.exec("ANALYZE");
    const samples = () => (sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat4'").get() as { n: number }).n;
    expect((sqlite.prepare("SELECT count(*) AS n FROM sqlite_stat4").get() as { n: number }).n).toBeGreaterThan(0);

    const other = new Database(sqlite.name);
    other.exec("BEGIN IMMEDIATE");
    sqlite.pragma("busy_timeout = 0");
    try {
      expect(refreshPlannerStatistics(sqlite)).toBe(false);
      expect(samples()).toBe(1);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(refreshPlannerStatistics(sqlite)).toBe(true);
    expect(samples()).toBe(0);
    expect((sqlite.prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'organisations'").get() as { n: number }).n).toBeGreaterThan(0);
  });

  test("between starts, a table grown tenfold gets new row counts, still without samples", async () => {
    const database = freshDatabase();
    await seed(database, { demo: true });
    const sqlite = database.$client;
    refreshPlannerStatistics(sqlite);
    const postsCounted = () => Number((sqlite.prepare("SELECT stat FROM sqlite_stat1 WHERE idx = 'posts_discussion_number_idx'").get() as { stat: string }).stat.split(" ")[0]);
    const before = postsCounted();
    const { discussionId, authorId } = sqlite.prepare("SELECT discussion_id AS discussionId, author_id AS authorId FROM posts LIMIT 1").get() as { discussionId: number; authorId: number };
    const add = sqlite.prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version) VALUES (?, ?, ?, 'x', '<p>x</p>', 1)");
    sqlite.transaction(() => {
      // SQLite's optimize leaves tables of under a few thousand rows alone.
      for (let i = 0; i < 5000; i++) add.run(discussionId, 100_000 + i, authorId);
    })();
    // Another process (the server's primary) checks, with its own connection.
    const primary = new Database(sqlite.name);
    expect(keepPlannerStatisticsCurrent(primary)).toBe(true);
    primary.close();
    expect(before).toBeLessThan(500);
    expect(postsCounted()).toBeGreaterThan(5000);
    expect((sqlite.prepare("SELECT count(*) AS n FROM sqlite_stat4").get() as { n: number }).n).toBe(0);
  });

  test("another connection's write is told apart from other failures: held, or committed since a read began", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "exchange-busy-")), "busy.db");
    const [a, b] = [new Database(file), new Database(file)];
    try {
      a.pragma("journal_mode = WAL");
      a.exec("CREATE TABLE t (n INTEGER UNIQUE)");
      b.pragma("busy_timeout = 0");
      const failure = (run: () => unknown) => {
        try {
          run();
        } catch (error) {
          return { code: (error as { code?: string }).code, busy: isBusyError(error) };
        }
        return null;
      };
      // Held: a's write transaction is open.
      a.exec("BEGIN IMMEDIATE");
      expect(failure(() => b.exec("INSERT INTO t VALUES (1)"))).toEqual({ code: "SQLITE_BUSY", busy: true });
      a.exec("COMMIT");
      // Committed since b's read began: b's snapshot can no longer write.
      b.exec("BEGIN");
      b.prepare("SELECT count(*) FROM t").get();
      a.exec("INSERT INTO t VALUES (2)");
      expect(failure(() => b.exec("INSERT INTO t VALUES (3)"))).toEqual({ code: "SQLITE_BUSY_SNAPSHOT", busy: true });
      b.exec("ROLLBACK");
      expect(failure(() => b.exec("INSERT INTO t VALUES (2)"))).toEqual({ code: "SQLITE_CONSTRAINT_UNIQUE", busy: false });
    } finally {
      a.close();
      b.close();
    }
  });

  test("seeding twice leaves the same rows", async () => {
    const database = freshDatabase();
    await seed(database, { demo: true });
    const first = countRows(database, TABLES);
    await seed(database, { demo: true });
    expect(countRows(database, TABLES)).toEqual(first);
    expect(first.organisations).toBeGreaterThan(43 * 2);
    expect(first.users).toBe(6);
  });

  test("DEMO_DATA=0 loads reference data and no demo accounts", async () => {
    const database = freshDatabase();
    await seed(database, { demo: false });
    const counts = countRows(database, TABLES);
    expect(counts.users).toBe(0);
    expect(counts.partnerships).toBe(readPartnershipFacts().length);
    const forces = database.select().from(t.organisations).where(eq(t.organisations.kind, "force")).all();
    expect(forces.map((f) => f.slug).sort()).toEqual(readForces().map((f) => f.slug).sort());
    expect(forces).toHaveLength(43);
  });

  test("seeded partnerships match the source facts, with nulls left empty", async () => {
    const database = freshDatabase();
    await seed(database, { demo: false });
    for (const facts of readPartnershipFacts()) {
      const p = database.query.partnerships.findFirst({
        where: eq(t.partnerships.slug, facts.slug),
        with: {
          type: true,
          organisations: { with: { organisation: true } },
          serviceAreas: { with: { term: true } },
          savings: true,
          events: true,
          sources: true,
        },
      }).sync();
      expect(p, facts.slug).toBeDefined();
      expect(p!.name).toBe(facts.name);
      expect(p!.type!.name).toBe(facts.type);
      expect(p!.status).toBe(facts.status === null ? null : facts.status.replace(" ", "-"));
      expect(p!.contractSigned).toBe(facts.contract_signed);
      expect(p!.serviceStart).toBe(facts.service_start);
      expect(p!.termYears).toBe(facts.term_years);
      expect(p!.contractValuePence).toBe(facts.contract_value === null ? null : facts.contract_value * 100);
      const forces = p!.organisations.filter((o) => o.role === "force").map((o) => o.organisation.slug);
      expect(forces.sort()).toEqual([...facts.forces].sort());
      const suppliers = p!.organisations.filter((o) => o.role === "supplier").map((o) => o.organisation.name);
      expect(suppliers.sort()).toEqual([...facts.suppliers].sort());
      expect(p!.serviceAreas.map((s) => s.term.name).sort()).toEqual([...facts.service_areas].sort());
      expect(p!.savings).toHaveLength(facts.savings.length);
      const savings = [...p!.savings].sort((a, b) => a.position - b.position);
      facts.savings.forEach((s, i) => {
        expect(savings[i]!.amountPence).toBe(s.amount == null ? null : s.amount * 100);
        expect(savings[i]!.evidence).toBe(s.evidence);
        expect(savings[i]!.reportedBy).toBe(s.reported_by);
        expect(savings[i]!.kind).toBe(s.kind);
      });
      expect(p!.events).toHaveLength(facts.events.length);
      expect(p!.sources.map((s) => s.citation)).toEqual(facts.sources);
    }
  });

  test("the Cheshire savings range is stored as a percentage, not an amount", async () => {
    const database = freshDatabase();
    await seed(database, { demo: false });
    const p = database.select().from(t.partnerships).where(eq(t.partnerships.slug, "cheshire-capgemini-mfss")).get()!;
    const [saving] = database.select().from(t.savingsFigures).where(eq(t.savingsFigures.partnershipId, p.id)).all();
    expect(saving).toMatchObject({ amountPence: null, percentLow: 30, percentHigh: 40, evidence: "supplier_estimate" });
  });
});

/** A database migrated only up to (not including) the first migration whose tag starts with `beforeTag`. */
function databaseBefore(beforeTag: string) {
  const folder = mkdtempSync(path.join(tmpdir(), "exchange-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag.includes(beforeTag));
  expect(cut).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  const database = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "exchange-test-")), "exchange.db"));
  migrate(database, { migrationsFolder: folder });
  return database;
}

describe("the engagement log migrations", () => {

  test("the backfill records what the computed record showed for partnerships in procurement, oldest first", async () => {
    const database = databaseBefore("engagement_log");
    await seed(database, { demo: false });
    const run = (q: string, ...args: unknown[]) => database.$client.prepare(q).run(...args);
    const id = (q: string, ...args: unknown[]) => (database.$client.prepare(q).get(...args) as { id: number }).id;
    const live = id("SELECT id FROM partnerships WHERE slug = 'cleveland-reliance-custody'");
    const notLive = id("SELECT id FROM partnerships WHERE slug = 'cleveland-steria'");
    run("UPDATE partnerships SET status = 'in-procurement' WHERE id = ?", live);
    run("UPDATE partnerships SET status = 'live' WHERE id = ?", notLive);
    const supplierOrg = id("SELECT id FROM organisations WHERE kind = 'supplier' ORDER BY id LIMIT 1");
    const author = Number(run("INSERT INTO users (email, handle, name, organisation_id, password_hash, status) VALUES ('s@example.org', 'sam', 'Sam Supplier', ?, 'x', 'active')", supplierOrg).lastInsertRowid);
    const space = (audience: string) => Number(run("INSERT INTO spaces (slug, name, audience) VALUES (?, ?, ?)", `s-${audience}`, audience, audience).lastInsertRowid);
    const open = space("members");
    const closed = space("policing");
    const thread = (spaceId: number, audience: string, title: string, partnershipId: number) => {
      const discussion = Number(run("INSERT INTO discussions (owner_kind, audience) VALUES ('thread', ?)", audience).lastInsertRowid);
      const threadId = Number(run("INSERT INTO threads (discussion_id, space_id, kind, title, slug, author_id, last_activity_at) VALUES (?, ?, 'discussion', ?, 't', ?, 0)", discussion, spaceId, title, author).lastInsertRowid);
      run("INSERT INTO thread_partnerships (thread_id, partnership_id) VALUES (?, ?)", threadId, partnershipId);
      return discussion;
    };
    const post = (discussion: number, number: number, body: string, createdAt: number, extra: { deletedAt?: number; hiddenAt?: number; interest?: string } = {}) =>
      Number(run("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version, created_at, deleted_at, hidden_at, interest) VALUES (?, ?, ?, ?, '', 1, ?, ?, ?, ?)",
        discussion, number, author, body, createdAt, extra.deletedAt ?? null, extra.hiddenAt ?? null, extra.interest ?? null).lastInsertRowid);
    const shown = thread(open, "members", "Market questions", live);
    const later = post(shown, 1, "Asked second", 2_000, { interest: "bidding" });
    const earlier = post(shown, 2, "Asked first", 1_000);
    const removed = post(shown, 3, "Then removed", 3_000, { deletedAt: 4_000 });
    post(thread(closed, "policing", "Internal notes", live), 1, "Policing only", 1_500);
    post(thread(open, "members", "Another partnership", notLive), 1, "Not in procurement", 1_500);

    migrateDatabase(database);
    const entries = database.$client.prepare("SELECT partnership_id AS p, post_id AS post, change, body_md AS body, owner_title AS title, author_name AS author, organisation_kind AS kind, interest, at FROM engagement_entries ORDER BY id").all();
    expect(entries).toEqual([
      { p: live, post: earlier, change: "posted", body: "Asked first", title: "Market questions", author: "Sam Supplier", kind: "supplier", interest: null, at: 1_000 },
      { p: live, post: later, change: "posted", body: "Asked second", title: "Market questions", author: "Sam Supplier", kind: "supplier", interest: "bidding", at: 2_000 },
      { p: live, post: removed, change: "posted", body: "Then removed", title: "Market questions", author: "Sam Supplier", kind: "supplier", interest: null, at: 3_000 },
      { p: live, post: removed, change: "deleted", body: "Then removed", title: "Market questions", author: "Sam Supplier", kind: "supplier", interest: null, at: 4_000 },
    ]);
  });

  test("a statement handed out again by the statement cache returns rows as objects, whatever mode its last caller set", () => {
    const database = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "exchange-test-")), "exchange.db"));
    const text = "SELECT 7 AS seven";
    expect(database.$client.prepare(text).pluck(true).get()).toBe(7);
    expect(database.$client.prepare(text).get()).toEqual({ seven: 7 });
    expect(database.$client.prepare(text).raw(true).get()).toEqual([7]);
    expect(database.$client.prepare(text).get()).toEqual({ seven: 7 });
    database.$client.close();
  });

  test("the log refuses UPDATE and DELETE", () => {
    const database = freshDatabase();
    const client = database.$client;
    client.prepare("INSERT INTO partnerships (slug, name) VALUES ('p', 'P')").run();
    client.prepare(`INSERT INTO engagement_entries (partnership_id, post_id, discussion_id, owner_kind, owner_title, change, body_md, author_id, author_name, organisation_name, organisation_kind, at)
      VALUES ((SELECT id FROM partnerships WHERE slug = 'p'), 1, 1, 'thread', 'T', 'posted', 'As written', 1, 'A', 'O', 'supplier', 0)`).run();
    expect(() => client.prepare("UPDATE engagement_entries SET body_md = 'Rewritten'").run()).toThrow("engagement_entries is append-only");
    expect(() => client.prepare("DELETE FROM engagement_entries").run()).toThrow("engagement_entries is append-only");
    expect(client.prepare("SELECT body_md FROM engagement_entries").all()).toEqual([{ body_md: "As written" }]);
  });
});

describe("backup", () => {
  test("an online backup is a complete, readable copy taken while the database is open", async () => {
    const { backupDatabase } = await import("../../db/backup.server");
    const { openDatabase } = await import("../../db/client.server");
    const database = freshDatabase();
    await seed(database, { demo: false });
    const folder = mkdtempSync(path.join(tmpdir(), "exchange-backup-"));
    const file = await backupDatabase(database, folder);
    const copy = openDatabase(file);
    expect(countRows(copy, TABLES)).toEqual(countRows(database, TABLES));
    expect(copy.$client.pragma("integrity_check", { simple: true })).toBe("ok");
  });
});

describe("the search names migration", () => {
  test("names changed before it are found by their new name once it runs", async () => {
    const database = databaseBefore("search_names");
    await seed(database, { demo: false });
    const client = database.$client;
    const found = (word: string) => client.prepare("SELECT count(*) FROM search_index WHERE search_index MATCH ?").pluck().get(word);
    const org = client.prepare("SELECT organisation_id FROM partnership_organisations ORDER BY partnership_id LIMIT 1").pluck().get();
    client.prepare("UPDATE organisations SET name = 'Quillonbury Shared Services' WHERE id = ?").run(org);
    expect(found("quillonbury")).toBe(0);
    migrate(database, { migrationsFolder: MIGRATIONS_FOLDER });
    expect(found("quillonbury")).toBeGreaterThan(0);
  });
});
