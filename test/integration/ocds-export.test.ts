import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { recordPackageProblems } from "../../app/lib/ocds/validate.server";
import { openDb } from "../helpers/accounts";
import { startThread } from "../helpers/forum";
import { signIn, Visitor } from "../helpers/http";
import { corpusFile, importOcds } from "../helpers/ocds";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let other: TestServer | undefined;
let chief: Visitor;
let supplier: Visitor;
let slug: string;

type Release = Record<string, unknown> & { partnership?: { savings?: Record<string, unknown>[]; performance?: { title: string; assessments: Record<string, unknown>[] }[] } };
type Pkg = { uri: string; extensions: string[]; publishedDate: string; records: { ocid: string; releases: Release[]; compiledRelease: Release }[] };

const getJson = async (v: Visitor, url: string) => {
  const res = await v.get(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return (await res.json()) as Pkg;
};

/** What the registry holds about a partnership that OCDS can carry, read straight from the database. */
function factsOf(s: TestServer, ocid: string) {
  const db = openDb(s);
  const p = db.prepare("SELECT p.id, name, summary, status, procurement_launched, contract_signed, service_start, service_end, contract_value_pence FROM partnerships p JOIN ocds_processes o ON o.partnership_id = p.id WHERE o.ocid = ?").get(ocid) as Record<string, unknown> & { id: number };
  const orgs = db.prepare("SELECT po.role, o.name FROM partnership_organisations po JOIN organisations o ON o.id = po.organisation_id WHERE po.partnership_id = ? ORDER BY po.role, o.name").all(p.id);
  const notice = db.prepare("SELECT fact, value FROM ocds_facts WHERE partnership_id = ? AND fact IN ('tenderValue', 'tenderDeadline', 'awardDate', 'awardValue', 'contractValue') ORDER BY fact").all(p.id);
  const { id: _id, ...facts } = p;
  return { facts, orgs, notice };
}

beforeAll(async () => {
  server = await startTestServer();
  [chief, supplier] = await Promise.all([signIn(server, "chief@cleveland-police.example"), signIn(server, "supplier@steria.example")]);
  // A tender and its award from Contracts Finder, for Cleveland Police, then a saving and a rated KPI by hand.
  const [tender, award] = corpusFile("ocds-b5fd17-0cb08240");
  const first = await importOcds(chief, "/partnerships/new/import", tender!, "cleveland");
  slug = first.location!.split("?")[0]!.split("/")[2]!;
  await importOcds(chief, `/partnerships/${slug}/import`, award!, "cleveland");
  const edit = `/partnerships/${slug}/edit`;
  expect((await chief.post(edit, { intent: "add-saving", savingKind: "targeted", savingAmount: "£12,000", savingPercent: "", savingPeriod: "3 years", savingReportedBy: "Cleveland Police (2025)", savingEvidence: "force_reported", savingNote: "" })).status).toBe(302);
  expect((await chief.post(edit, { intent: "add-kpi", kpiName: "Cameras working", kpiDescription: "98% of cameras each month" })).status).toBe(302);
  const kpiId = String((openDb(server).prepare("SELECT id FROM partnership_kpis WHERE name = 'Cameras working'").get() as { id: number }).id);
  expect((await chief.post(edit, { intent: "add-rating", ratingKpi: kpiId, ratingPeriodStart: "April 2025", ratingPeriodEnd: "March 2026", rating: "approaching_target", ratingNote: "96%", ratingSource: "Contract performance notice, 2026", ratingSourceUrl: "", ratingEvidence: "force_reported" })).status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
  await other?.stop();
});

describe("OCDS export", () => {
  test("one partnership is a valid record package declaring the extension, with savings, grades and ratings", async () => {
    const pkg = await getJson(chief, `/partnerships/${slug}/ocds.json`);
    expect(recordPackageProblems(pkg)).toEqual([]);
    expect(pkg.extensions).toEqual([`${server.url}/partnerships/ocds-extension/extension.json`]);
    expect(pkg.records).toHaveLength(1);
    const record = pkg.records[0]!;
    expect(record.ocid).toBe("ocds-b5fd17-0cb08240-82a6-4be3-b63a-1ba819a00d18");
    expect(record.compiledRelease.partnership!.savings).toEqual([{ id: expect.any(String), kind: "targeted", amount: { amount: 12000, currency: "GBP" }, period: "3 years", reportedBy: "Cleveland Police (2025)", evidenceGrade: "forceReported" }]);
    expect(record.compiledRelease.partnership!.performance).toEqual([
      { id: expect.any(String), title: "Cameras working", description: "98% of cameras each month", assessments: [{ id: expect.any(String), periodStart: "2025-04", periodEnd: "2026-03", rating: "approachingTarget", note: "96%", source: "Contract performance notice, 2026", evidenceGrade: "forceReported" }] },
    ]);
    // The extension it declares is served, without signing in, and its schema is the one validated against.
    const extension = await fetch(pkg.extensions[0]!);
    expect(extension.status).toBe(200);
    expect(((await extension.json()) as { schemas: string[] }).schemas).toEqual(["release-schema.json"]);
    expect((await fetch(`${server.url}/partnerships/ocds-extension/release-schema.json`)).status).toBe(200);
  });

  test("a broken package is not valid: the check is real", () => {
    const broken = { records: [{ ocid: "x", releases: [{ ocid: "x", id: "1", date: "2025-01-01T00:00:00Z", tag: ["contract"], initiationType: "tender", partnership: { savings: [{ id: "1", kind: "hoped", reportedBy: "x", evidenceGrade: "rumour" }] } }] }] };
    const problems = recordPackageProblems(broken).map((p) => p.path);
    expect(problems).toContain("/");
    expect(problems).toContain("/records/0/releases/0/partnership/savings/0/kind");
    expect(problems).toContain("/records/0/releases/0/partnership/savings/0/evidenceGrade");
  });

  test("the whole registry is one valid record package, every partnership in it", async () => {
    const pkg = await getJson(chief, "/partnerships/ocds.json");
    expect(recordPackageProblems(pkg)).toEqual([]);
    const n = (openDb(server).prepare("SELECT count(*) AS n FROM partnerships").get() as { n: number }).n;
    expect(pkg.records).toHaveLength(n);
    const steria = pkg.records.find((r) => r.ocid === "ocds-pxchng-cleveland-steria")!;
    expect(steria.compiledRelease.partnership!.savings!.length).toBeGreaterThan(0);
    // Partial dates are never turned into days: the year or month travels in the extension only.
    const filtered = await getJson(chief, "/partnerships/ocds.json?status=live");
    expect(filtered.records.length).toBeLessThan(n);
    expect(filtered.records.every((r) => r.compiledRelease.partnership && (r.compiledRelease.partnership as { status?: string }).status === "live")).toBe(true);
  });

  test("a supplier's export is the same public facts, and nothing policing-only reaches it", async () => {
    const id = (openDb(server).prepare("SELECT id FROM partnerships WHERE slug = ?").get(slug) as { id: number }).id;
    await startThread(chief, "chiefs-and-pccs", { kind: "discussion", title: "Confidential camera contract worries", body: "Policing side only: the supplier is behind.", partnerships: [String(id)] });
    const strip = (p: Pkg) => JSON.stringify(p.records);
    for (const url of [`/partnerships/${slug}/ocds.json`, "/partnerships/ocds.json"]) {
      const [forChief, forSupplier] = [await getJson(chief, url), await getJson(supplier, url)];
      const text = JSON.stringify(forSupplier);
      expect(text).not.toContain("Confidential camera contract worries");
      expect(text).not.toContain("the supplier is behind");
      expect(text).not.toMatch(/engagement/i);
      expect(strip(forSupplier)).toBe(strip(forChief));
    }
    expect((await new Visitor(server).get(`/partnerships/${slug}/ocds.json`)).status).toBe(302);
  });

  test("re-importing the export elsewhere gives the same facts", async () => {
    const pkg = await getJson(chief, `/partnerships/${slug}/ocds.json`);
    other = await startTestServer();
    const chiefThere = await signIn(other, "chief@cleveland-police.example");
    const { preview, location } = await importOcds(chiefThere, "/partnerships/new/import", Buffer.from(JSON.stringify(pkg)));
    expect(preview).toContain("that is <strong>Cleveland Police</strong>"); // Matched by name, no choice needed.
    expect(location).toMatch(/^\/partnerships\//);
    const ocid = pkg.records[0]!.ocid;
    expect(factsOf(other, ocid)).toEqual(factsOf(server, ocid));
    // And its export states the same OCDS facts as the first.
    const again = await getJson(chiefThere, `${location!.split("?")[0]}/ocds.json`);
    const ocdsPart = (p: Pkg) => {
      const { id: _i, date: _d, partnership: _p, ...rest } = p.records[0]!.compiledRelease;
      return JSON.stringify(rest).replace(/org-\d+/g, "org").replace(/-registry-\d+/g, "");
    };
    expect(ocdsPart(again)).toBe(ocdsPart(pkg));
  });
});
