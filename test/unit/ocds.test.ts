import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { commissionerOffice } from "../../db/seed";
import { readForces } from "../../db/seed/partnerships";
import { compileReleases, groupByOcid } from "~/lib/ocds/merge";
import { mapProcess } from "~/lib/ocds/map";
import { matchBuyer, type PolicingOrganisation } from "~/lib/ocds/match";
import { OCDS_MAX_DEPTH, type OcdsRelease } from "~/lib/ocds/read";
import { readOcdsFile } from "~/lib/ocds/validate.server";
import { mayImportNotices, type Actor } from "~/auth/policy/index.server";

/** The real Contracts Finder corpus, copied byte for byte from shared/data/ocds (so a clean clone has it) and never edited. */
export const CORPUS = path.resolve(import.meta.dirname, "../fixtures/ocds");
const files = readdirSync(CORPUS).filter((f) => f.startsWith("ocds-") && f.endsWith(".json"));
const release = (f: string) => JSON.parse(readFileSync(path.join(CORPUS, f), "utf8")) as OcdsRelease;
const all = files.map(release);
const groups = groupByOcid(all);
const compiled = (ocid: string) => compileReleases(groups.get(ocid)!) as Record<string, any>;

const orgs: PolicingOrganisation[] = readForces().flatMap((f, i) => [
  { id: i * 2 + 1, slug: f.slug, name: f.name, kind: "force" as const },
  { id: i * 2 + 2, ...commissionerOffice(f), kind: "commissioner" as const },
]);
const buyerOf = (name: string, scheme: string | null = null, identifier: string | null = null) => matchBuyer({ name, scheme, identifier, partyId: null }, orgs, new Map())?.slug ?? null;

describe("reading OCDS files", () => {
  test("every file of the corpus is valid OCDS 1.1.5", () => {
    expect(files.length).toBe(34);
    for (const f of files) expect(readOcdsFile(readFileSync(path.join(CORPUS, f))), f).toMatchObject({ ok: true });
  });

  test("a release package and a record package are read as well as a single release", () => {
    const two = all.slice(0, 2);
    const pkg = readOcdsFile(Buffer.from(JSON.stringify({ uri: "x", publisher: { name: "Cabinet Office" }, publishedDate: "2025-01-01T00:00:00Z", version: "1.1", releases: two })));
    expect(pkg).toMatchObject({ ok: true, value: { kind: "release package", publisher: "Cabinet Office" } });
    const records = readOcdsFile(Buffer.from(JSON.stringify({ records: [{ ocid: two[0]!.ocid, releases: two }] })));
    expect(records).toMatchObject({ ok: true, value: { kind: "record package" } });
  });

  test("bad files are refused with a reason: not JSON, not OCDS, too large, too deep, wrong types", () => {
    expect(readOcdsFile(Buffer.from("<html>not json</html>"))).toMatchObject({ ok: false, summary: expect.stringContaining("not JSON") });
    expect(readOcdsFile(Buffer.from([0xff, 0xfe, 0x00]))).toMatchObject({ ok: false, summary: expect.stringContaining("not JSON") });
    expect(readOcdsFile(Buffer.from('{"hello": "world"}'))).toMatchObject({ ok: false, summary: expect.stringContaining("not OCDS") });
    expect(readOcdsFile(Buffer.from("[1, 2]"))).toMatchObject({ ok: false, summary: expect.stringContaining("not OCDS") });
    expect(readOcdsFile(Buffer.alloc(10 * 1024 * 1024, 32))).toMatchObject({ ok: false, summary: expect.stringContaining("smaller than 5 MB") });
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(readOcdsFile(Buffer.from(deep))).toMatchObject({ ok: false, summary: expect.stringContaining(`more than ${OCDS_MAX_DEPTH} levels`) });
    const wrong = { ...all[0]!, ocid: 42, tag: ["nonsense"], tender: { ...(all[0]!.tender as object), value: { amount: "lots", currency: "GBP" } } };
    const refused = readOcdsFile(Buffer.from(JSON.stringify(wrong)));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.summary).toContain("not valid OCDS");
    expect(refused.problems).toEqual(expect.arrayContaining([{ path: "/ocid", message: "must be string" }, { path: "/tender/value/amount", message: expect.stringContaining("must be") }]));
    expect(refused.problems.length).toBeLessThanOrEqual(5);
  });

  test("the depth check is one cheap pass, even over the largest file accepted", () => {
    const started = performance.now();
    readOcdsFile(Buffer.alloc(5 * 1024 * 1024 - 10, "[1]"));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("merging releases that share an ocid", () => {
  test("the six shared-ocid groups are the ones the corpus lists", () => {
    expect([...groups].filter(([, r]) => r.length > 1).map(([ocid, r]) => [ocid.slice(12, 20), r.length])).toEqual(
      expect.arrayContaining([["0cb08240", 2], ["4336529a", 2], ["56c3a2a3", 2], ["cffd0e18", 3], ["d27e67d3", 2], ["f46c3f98", 2]]),
    );
  });

  test("arrays of items merge by id in linear time: 60,000 items, half of them updated", () => {
    const items = (from: number, to: number, unit: string) => Array.from({ length: to - from }, (_, i) => ({ id: String(from + i), unit }));
    const release = (id: string, date: string, list: { id: string; unit: string }[]) => ({ ocid: "ocds-test-1", id, date, tag: ["tender"], tender: { id: "t", items: list } }) as unknown as OcdsRelease;
    const started = performance.now();
    const merged = compileReleases([release("a", "2024-01-01T00:00:00Z", items(0, 60_000, "old")), release("b", "2024-02-01T00:00:00Z", items(30_000, 90_000, "new"))]) as any;
    const ms = performance.now() - started;
    expect(merged.tender.items).toHaveLength(90_000);
    expect(merged.tender.items[0]).toEqual({ id: "0", unit: "old" });
    expect(merged.tender.items[30_000]).toEqual({ id: "30000", unit: "new" });
    // Matching each item by scanning the list took minutes here; by id it takes well under a second.
    expect(ms).toBeLessThan(2000);
  });

  test("later values win, whatever order the files come in", () => {
    const ofcom = groups.get("ocds-b5fd17-56c3a2a3-e39f-494a-9c11-2eb477826ef3")!;
    const update = ofcom.find((r) => r.tag?.includes("awardUpdate"))!;
    const forwards = compileReleases(ofcom) as any;
    expect(forwards.tender.title).toBe((update.tender as any).title);
    expect(compileReleases([...ofcom].reverse())).toEqual(forwards);
    const wythenshawe = groups.get("ocds-b5fd17-4336529a-8781-49a7-af7f-1293827c28f6")!;
    const amendment = wythenshawe.find((r) => r.tag?.includes("tenderAmendment"))!;
    expect(compiled(wythenshawe[0]!.ocid).tender.description).toBe((amendment.tender as any).description);
    const british = groups.get("ocds-b5fd17-cffd0e18-e87c-4f71-9a77-680af5847b3b")!;
    const latest = [...british].sort((a, b) => Date.parse(a.date) - Date.parse(b.date)).at(-1)!;
    expect(compiled(latest.ocid).tender).toEqual(expect.objectContaining({ title: (latest.tender as any).title, description: (latest.tender as any).description }));
    expect(compiled(latest.ocid).tag).toEqual(["compiled"]);
  });

  test("arrays of objects merge by id: two award notices give two awards, a tender then an award keeps both", () => {
    const homeOffice = compiled("ocds-b5fd17-d27e67d3-4492-49b7-aa14-bede88766821");
    expect(homeOffice.awards.map((a: any) => a.id.slice(-2))).toEqual(["-1", "-2"]);
    expect(homeOffice.parties.map((p: any) => p.name).sort()).toEqual(["Home Office", "SERCO LTD"]);
    const bath = compiled("ocds-b5fd17-0cb08240-82a6-4be3-b63a-1ba819a00d18");
    expect(bath.tender.status).toBe("complete");
    expect(bath.awards).toHaveLength(1);
    expect(bath.parties.map((p: any) => p.roles[0]).sort()).toEqual(["buyer", "supplier"]);
  });

  test("null removes a field; an array without ids is replaced whole", () => {
    const base = { ...all[0]!, date: "2020-01-01T00:00:00Z", id: "a", tender: { id: "t", title: "Old", items: [{ id: "1" }], additionalClassifications: [1] } } as unknown as OcdsRelease;
    const later = { ...all[0]!, date: "2020-02-01T00:00:00Z", id: "b", tender: { id: "t", title: null, items: [{ id: "2" }] } } as unknown as OcdsRelease;
    const merged = compileReleases([later, base]) as any;
    expect(merged.tender.title).toBeUndefined();
    expect(merged.tender.items).toEqual([{ id: "1" }, { id: "2" }]);
  });
});

describe("mapping a procurement to registry facts", () => {
  test("a tender then its award: live, award value and supplier, an event and a source per notice, no savings", () => {
    const ocid = "ocds-b5fd17-0cb08240-82a6-4be3-b63a-1ba819a00d18";
    const m = mapProcess(compiled(ocid), groups.get(ocid)!, null);
    expect(m.facts).toMatchObject({ status: "live", awardValue: { amount: 75000, currency: "GBP" }, tenderValue: { amount: 85000, currency: "GBP" }, awardDate: "2025-01-23", serviceStart: "2025-02-01", serviceEnd: "2025-03-31", tenderDeadline: "2025-01-23" });
    expect(m.suppliers.map((s) => s.name)).toEqual(["OpenView Security Solutions Limited"]);
    expect(m.events.map((e) => e.what)).toEqual(["Tender notice: Manvers Street and Bath Leisure Centre Car Park Security Options", "Contract awarded: Manvers Street and Bath Leisure Centre Car Park Security Options"]);
    expect(m.sources.map((s) => s.url)).toEqual(["https://www.contractsfinder.service.gov.uk/Notice/7835a506-a523-46bd-836a-60a9b8ce418e", "https://www.contractsfinder.service.gov.uk/Notice/beb37fb4-925c-47ea-8f8a-ce406ef559c8"]);
    expect(JSON.stringify(m)).not.toMatch(/saving/i);
  });

  test("status follows the tags and statuses: planning, in procurement, live", () => {
    const statusOf = (prefix: string) => {
      const [ocid, releases] = [...groups].find(([o]) => o.startsWith(`ocds-b5fd17-${prefix}`))!;
      return mapProcess(compiled(ocid), releases, null).facts.status;
    };
    expect(statusOf("b3313bd2")).toBe("planning");
    expect(statusOf("abff81c6")).toBe("in-procurement");
    expect(statusOf("75fdf74e")).toBe("live");
  });

  test("a supplier without a name is said, not invented", () => {
    const ocid = "ocds-b5fd17-1dfbc9b2-d863-427c-9a37-856d6c4b364d";
    const m = mapProcess(compiled(ocid), groups.get(ocid)!, null);
    expect(m.suppliers).toEqual([]);
    expect(m.notes.join(" ")).toContain("has no name");
  });
});

describe("finding the buyer among the forces and commissioner offices", () => {
  test("police and PCC buyers land on the right organisation, others are the person's choice", () => {
    const mopac = all.find((r) => (r.buyer as any)?.name === "Mayor's Office for Policing and Crime")!;
    expect(buyerOf((mopac.buyer as any).name)).toBe("metropolitan-pcc");
    expect(buyerOf("The Metropolitan Police Federation")).toBeNull();
    expect(buyerOf("COLLEGE OF POLICING LIMITED")).toBeNull();
    expect(buyerOf("Wiltshire Fire And Rescue Service")).toBeNull();
    expect(buyerOf("Durham County Council")).toBeNull();
    expect(buyerOf("KENT POLICE")).toBe("kent");
    expect(buyerOf("Devon and Cornwall Police")).toBe("devon-and-cornwall");
    expect(buyerOf("Office of the Police and Crime Commissioner for Kent")).toBe("kent-pcc");
    expect(buyerOf("Police, Fire and Crime Commissioner for Essex")).toBe("essex-pcc");
    expect(buyerOf("Chief Constable of Thames Valley Police")).toBe("thames-valley");
  });

  test("an identifier recorded by an earlier import wins over the name", () => {
    expect(matchBuyer({ name: "The Metropolitan Police Federation", scheme: "GB-SRS", identifier: "2FNT5Nff", partyId: null }, orgs, new Map([["GB-SRS/2FNT5Nff", orgs.find((o) => o.slug === "metropolitan")!.id]]))?.slug).toBe("metropolitan");
  });
});

describe("who may import", () => {
  const actor = (kind: Actor["organisationKind"], role: Actor["role"] = "member"): Actor => ({ id: 1, role, status: "active", organisationKind: kind, organisationId: 7 });
  test("policing-side members and administrators; into an existing entry, as for editing it", () => {
    expect(mayImportNotices(actor("force"), null)).toBe(true);
    expect(mayImportNotices(actor("commissioner"), { organisationIds: [7] })).toBe(true);
    expect(mayImportNotices(actor("force"), { organisationIds: [8] })).toBe(false);
    expect(mayImportNotices(actor("supplier"), null)).toBe(false);
    expect(mayImportNotices(actor("supplier", "administrator"), { organisationIds: [8] })).toBe(true);
    expect(mayImportNotices(null, null)).toBe(false);
  });
});
