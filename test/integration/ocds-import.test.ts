import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { startThread } from "../helpers/forum";
import { signIn, Visitor } from "../helpers/http";
import { corpusFile, corpusFiles, importOcds, OCDS_CORPUS, uploadOcds } from "../helpers/ocds";
import { startTestServer, type TestServer } from "../helpers/server";
import { readFileSync } from "node:fs";
import path from "node:path";

let server: TestServer;
let chief: Visitor;
let supplier: Visitor;
const count = (sql: string, ...args: unknown[]) => (openDb(server).prepare(sql).get(...args) as { n: number }).n;
const stored = () => ({ releases: count("SELECT count(*) AS n FROM ocds_releases"), partnerships: count("SELECT count(*) AS n FROM partnerships"), facts: count("SELECT count(*) AS n FROM ocds_facts"), revisions: count("SELECT count(*) AS n FROM partnership_revisions") });

beforeAll(async () => {
  server = await startTestServer();
  [chief, supplier] = await Promise.all([signIn(server, "chief@cleveland-police.example"), signIn(server, "supplier@steria.example")]);
});
afterAll(() => server?.stop());

describe("bad files are refused clearly and nothing is stored", () => {
  test.each([
    ["not JSON", Buffer.from("<html>hello</html>"), "not JSON"],
    ["not OCDS", Buffer.from('{"name": "a spreadsheet"}'), "not OCDS"],
    ["deeply nested", Buffer.from("[".repeat(100_000) + "]".repeat(100_000)), "nested more than 64 levels"],
    ["wrong types", Buffer.from(JSON.stringify({ ...JSON.parse(corpusFile("ocds-b5fd17-75fdf74e")[0]!.toString()), ocid: 7, date: false })), "not valid OCDS"],
  ])("%s", async (_what, bytes, message) => {
    const before = stored();
    const { status, html } = await uploadOcds(chief, "/partnerships/new/import", bytes);
    expect(status).toBe(400);
    expect(html).toContain(message);
    expect(stored()).toEqual(before);
    expect(count("SELECT count(*) AS n FROM ocds_uploads")).toBe(0);
  });

  test("wrong types name the first problems, path and message", async () => {
    const bytes = Buffer.from(JSON.stringify({ ...JSON.parse(corpusFile("ocds-b5fd17-75fdf74e")[0]!.toString()), ocid: 7 }));
    const { html } = await uploadOcds(chief, "/partnerships/new/import", bytes);
    expect(html).toMatch(/<code>\/ocid<\/code>(<!-- -->)? ?(<!-- -->)?must be string/);
  });

  test("a 10 MB file is refused as too large, and the server carries on", async () => {
    const { status, html } = await uploadOcds(chief, "/partnerships/new/import", Buffer.alloc(10 * 1024 * 1024, 32));
    expect(status).toBe(413);
    expect(html).toContain("must be smaller than 5 MB");
    expect((await chief.get("/healthz")).status).toBe(200);
  });

  test("suppliers may not import", async () => {
    expect((await supplier.get("/partnerships/new/import")).status).toBe(403);
    expect((await uploadOcds(supplier, "/partnerships/new/import", corpusFile("ocds-b5fd17-75fdf74e")[0]!)).status).toBe(403);
  });
});

describe("importing real notices", () => {
  test("a tender then its award (shared ocid): preview first, then one partnership with the merged facts", async () => {
    const [tender, award] = corpusFile("ocds-b5fd17-0cb08240");
    const before = stored();
    const first = await uploadOcds(chief, "/partnerships/new/import", tender!);
    expect(first.status).toBe(200);
    expect(first.html).toContain("Check what the notices would change");
    expect(first.html).toContain("Bath and North East Somerset Council");
    expect(stored()).toEqual(before); // The preview writes nothing.
    const { location } = await importOcds(chief, "/partnerships/new/import", tender!, "cleveland");
    expect(location).toMatch(/^\/partnerships\/manvers-street/);
    const slug = location!.split("?")[0]!.split("/")[2]!;
    const page = await (await chief.get(`/partnerships/${slug}`)).text();
    expect(page).toContain("In procurement");
    expect(page).toContain("From the published notice of 23 January 2025");
    expect(page).toContain("Cleveland Police");

    // The award updates what it changes (this buyer publishes no identifier, so it is chosen again).
    const update = await importOcds(chief, `/partnerships/${slug}/import`, award!, "cleveland");
    expect(update.preview).toMatch(/In procurement<\/td><td class="govuk-table__cell app-ocds-preview__new">Live/);
    expect(update.preview).toContain("OpenView Security Solutions Limited (new organisation, pending an administrator");
    expect(update.location).toContain(`/partnerships/${slug}?imported=`);
    const after = await (await chief.get(`/partnerships/${slug}`)).text();
    expect(after).toContain("Live");
    expect(after).toContain("£75,000");
    expect(after).toContain("OpenView Security Solutions Limited");
    expect(count("SELECT count(*) AS n FROM organisations WHERE name = 'OpenView Security Solutions Limited' AND is_confirmed = 0")).toBe(1);
    expect(count("SELECT count(*) AS n FROM ocds_releases WHERE ocid = 'ocds-b5fd17-0cb08240-82a6-4be3-b63a-1ba819a00d18'")).toBe(2);
    expect(count("SELECT count(*) AS n FROM savings_figures WHERE partnership_id = (SELECT id FROM partnerships WHERE slug = ?)", slug)).toBe(0);

    // The same file again changes nothing.
    const snapshot = stored();
    const again = await uploadOcds(chief, `/partnerships/${slug}/import`, award!);
    expect(again.html).toContain("Nothing would change");
    expect(again.html).not.toContain('name="fingerprint"');
    expect(stored()).toEqual(snapshot);
    // And the first notice into a new partnership is refused: it is already in the registry.
    const duplicate = await uploadOcds(chief, "/partnerships/new/import", tender!);
    expect(duplicate.status).toBe(400);
    expect(duplicate.html).toContain("already in the registry");
  });

  test("the MOPAC release lands on the Mayor's Office for Policing and Crime without a choice", async () => {
    const [mopac] = corpusFile("ocds-b5fd17-abff81c6");
    const { preview, location } = await importOcds(chief, "/partnerships/new/import", mopac!);
    expect(preview).toContain("that is <strong>Mayor&#x27;s Office for Policing and Crime (London)</strong>");
    expect(location).not.toBeNull();
    const slug = location!.split("?")[0]!.split("/")[2]!;
    expect(count("SELECT count(*) AS n FROM partnership_organisations po JOIN organisations o ON o.id = po.organisation_id JOIN partnerships p ON p.id = po.partnership_id WHERE p.slug = ? AND o.slug = 'metropolitan-pcc'", slug)).toBe(1);
  });

  test("moving a partnership into procurement by import opens the engagement record at once", async () => {
    const db = openDb(server);
    const id = (db.prepare("SELECT id FROM partnerships WHERE slug = 'cleveland-reliance-custody'").get() as { id: number }).id;
    db.prepare("UPDATE partnerships SET status = 'planning' WHERE id = ?").run(id);
    await startThread(chief, "control-rooms-and-custody", { kind: "discussion", title: "Custody market questions", body: "What should the new custody specification cover?", partnerships: [String(id)] });
    const before = count("SELECT count(*) AS n FROM engagement_entries WHERE partnership_id = ?", id);
    const [tender] = corpusFile("ocds-b5fd17-1205c7ad");
    const { location } = await importOcds(chief, "/partnerships/cleveland-reliance-custody/import", tender!, "cleveland");
    expect(location).toContain("/partnerships/cleveland-reliance-custody?imported=");
    expect(count("SELECT count(*) AS n FROM partnerships WHERE id = ? AND status = 'in-procurement'", id)).toBe(1);
    expect(count("SELECT count(*) AS n FROM engagement_entries WHERE partnership_id = ? AND change = 'opened'", id)).toBeGreaterThan(before);
  });

  test("every file in the corpus imports; a later notice of a procurement already in the registry goes to its page", async () => {
    // An administrator may update any partnership, so the notices imported above are found again too.
    const admin = await signIn(server, "admin@example.org", { totpKey: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" });
    let imported = 0;
    for (const f of corpusFiles()) {
      const bytes = readFileSync(path.join(OCDS_CORPUS, f));
      const first = await uploadOcds(admin, "/partnerships/new/import", bytes);
      let page = "/partnerships/new/import";
      if (first.status === 400) {
        expect(first.html, f).toContain("already in the registry");
        page = /href="(\/partnerships\/[^"]+\/import)"/.exec(first.html)![1]!;
      } else expect(first.status, f).toBe(200);
      const { preview, location } = await importOcds(admin, page, bytes, "cleveland");
      if (!location) expect(preview, f).toContain("Nothing would change");
      else imported++;
    }
    expect(imported).toBe(corpusFiles().length - 4); // The earlier tests imported four of them.
    // Each shared-ocid group is one partnership holding all its releases.
    const groups = openDb(server).prepare("SELECT ocid, count(*) AS n FROM ocds_releases GROUP BY ocid HAVING n > 1 ORDER BY ocid").all() as { ocid: string; n: number }[];
    expect(groups.map((g) => [g.ocid.slice(12, 20), g.n])).toEqual([["0cb08240", 2], ["4336529a", 2], ["56c3a2a3", 2], ["cffd0e18", 3], ["d27e67d3", 2], ["f46c3f98", 2]]);
    expect(count("SELECT count(*) AS n FROM ocds_processes")).toBe(27); // 34 releases, 27 procurements
    const homeOffice = openDb(server).prepare("SELECT p.slug FROM partnerships p JOIN ocds_processes o ON o.partnership_id = p.id WHERE o.ocid = 'ocds-b5fd17-d27e67d3-4492-49b7-aa14-bede88766821'").get() as { slug: string };
    const page = await (await chief.get(`/partnerships/${homeOffice.slug}`)).text();
    expect(page).toContain("£52,500,000");
    expect(page).toContain("SERCO LTD");
  });
});
