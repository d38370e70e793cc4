import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "../../db/schema";
import { seed } from "../../db/seed/index";
import { readForces, readPartnershipFacts } from "../../db/seed/partnerships";
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
