import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { expectTitlesInStep } from "../helpers/search-index";
import { startThread } from "../helpers/forum";
import { readOutbox, signIn, type Visitor } from "../helpers/http";
import { partnershipEditForm } from "../helpers/partnerships";
import { startTestServer, type TestServer } from "../helpers/server";

const SEEDED = ["cleveland-steria", "cleveland-reliance-custody", "avon-and-somerset-southwest-one", "cheshire-capgemini-mfss", "lincolnshire-g4s", "west-midlands-surrey-paragon"];

let server: TestServer;
let chief: Visitor;
let supplier: Visitor;
let pcc: Visitor;
let otherChief: Visitor;
beforeAll(async () => {
  server = await startTestServer();
  // A chief of another force (Lincolnshire), with the demo password.
  openDb(server)
    .prepare(
      `INSERT INTO users (email, handle, name, job_title, organisation_id, password_hash, role, status, email_verified_at)
       SELECT 'chief@lincolnshire-police.example', 'lincs-chief', 'Lindsay Lincs (test)', 'Chief Constable', (SELECT id FROM organisations WHERE slug = 'lincolnshire'), password_hash, 'member', 'active', unixepoch()
       FROM users WHERE email = 'chief@cleveland-police.example'`,
    )
    .run();
  [chief, supplier, pcc, otherChief] = await Promise.all([
    signIn(server, "chief@cleveland-police.example"),
    signIn(server, "supplier@steria.example"),
    signIn(server, "pcc@cleveland-pcc.example"),
    signIn(server, "chief@lincolnshire-police.example"),
  ]);
});
afterAll(() => server?.stop());

const page = async (v: Visitor, url: string) => {
  const res = await v.get(url);
  return { status: res.status, html: await res.text(), headers: res.headers };
};
const count = (sql: string, ...args: unknown[]) => (openDb(server).prepare(sql).get(...args) as { n: number }).n;
const decode = (s: string) => s.replace(/&amp;/g, "&").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">");
/** The page's words, as a screen reader would meet them (scripts dropped, tags as spaces, "x , y" as "x, y"). */
const text = (html: string) =>
  decode(html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .replace(/ ([,.;)])/g, "$1");

/** The registry page's result count and the partnerships listed, in order. */
function results(html: string) {
  const heading = /id="results-heading"[^>]*>(\d+) partnerships?/.exec(html);
  const list = /<ul class="app-registry-list"[\s\S]*?<\/ul>\s*(?:<nav|<\/div>|<button)/.exec(html)?.[0] ?? "";
  const slugs = [...list.matchAll(/<h3 class="app-registry-list__title"><a[^>]*href="\/partnerships\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
  return { total: Number(heading?.[1] ?? NaN), slugs };
}

/** A filter select's options with their counts: [{ value, count }]. */
function facetOptions(html: string, name: string) {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";
  return [...select.matchAll(/<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)<\/option>/g)].map((m) => ({ value: m[1]!, count: Number(m[2]) }));
}

const FACETS = ["type", "area", "status", "force", "supplier"];

function newPartnership(overrides: Record<string, string | string[]> = {}) {
  const form = new URLSearchParams();
  const fields: Record<string, string | string[]> = {
    name: "Cleveland custody and forensic medical services (test)",
    summary: "A test partnership for custody services.",
    type: "custody-partnering",
    status: "in-procurement",
    serviceAreas: ["custody", "forensic-medical-services"],
    forces: ["cleveland"],
    suppliers: "steria\nNewco Custody Services Ltd",
    procurementLaunched: "2024-03",
    contractSigned: "",
    serviceStart: "1 April 2025",
    serviceEnd: "2030",
    termYears: "5",
    contractValue: "",
    contractValueNote: "",
    staffTransferred: "",
    commissionerBodies: "Cleveland PCC",
    ...overrides,
  };
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
  return form;
}

async function postForm(v: Visitor, url: string, form: URLSearchParams) {
  const res = await fetch(server.url + url, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: [...v.cookies].map(([k, val]) => `${k}=${val}`).join("; "), "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    body: form.toString(),
  });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

const editForm = partnershipEditForm;

describe("the registry", () => {
  test("lists the six seeded partnerships with their facts and graded savings", async () => {
    const { status, html } = await page(pcc, "/partnerships");
    expect(status).toBe(200);
    const r = results(html);
    expect(r.total).toBe(6);
    expect([...r.slugs].sort()).toEqual([...SEEDED].sort());
    const t = text(html);
    expect(t).toContain("£50m targeted over 10 years — Evidence: Force reported");
    expect(t).toContain("30–40% targeted — Evidence: Supplier estimate");
    expect(t).toContain("£26m reported to 2011 — Evidence: Disputed");
    expect(t).toContain("£5m reported to March 2011 — Evidence: Independently verified");
    expect(html).toContain('class="govuk-tag govuk-tag--red app-evidence-tag"');
    expect(html).toContain('href="/partnerships.csv"');
  });

  test("every facet count equals the number of results when that value is chosen", async () => {
    const { html } = await page(pcc, "/partnerships");
    let checked = 0;
    for (const facet of FACETS) {
      for (const option of facetOptions(html, facet)) {
        const filtered = results((await page(pcc, `/partnerships?${facet}=${option.value}`)).html);
        expect(filtered.total, `${facet}=${option.value}`).toBe(option.count);
        expect(filtered.slugs.length, `${facet}=${option.value}`).toBe(option.count);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  test("filters combine, each narrowing the results, and counts follow the other filters", async () => {
    const base = await page(pcc, "/partnerships?type=major-business-partnering");
    expect(results(base.html).slugs.sort()).toEqual(["cleveland-steria", "lincolnshire-g4s", "west-midlands-surrey-paragon"]);
    // Under type=major business partnering, each other facet's count is what adding it shows.
    for (const facet of FACETS.filter((f) => f !== "type")) {
      for (const option of facetOptions(base.html, facet)) {
        const both = results((await page(pcc, `/partnerships?type=major-business-partnering&${facet}=${option.value}`)).html);
        expect(both.total, `type + ${facet}=${option.value}`).toBe(option.count);
      }
    }
    expect(facetOptions(base.html, "area").find((o) => o.value === "custody")!.count).toBe(1);
    expect(results((await page(pcc, "/partnerships?type=major-business-partnering&area=custody")).html).slugs).toEqual(["lincolnshire-g4s"]);
    expect(results((await page(pcc, "/partnerships?force=cleveland")).html).slugs.sort()).toEqual(["cleveland-reliance-custody", "cleveland-steria"]);
    expect(results((await page(pcc, "/partnerships?force=cleveland&supplier=reliance")).html).slugs).toEqual(["cleveland-reliance-custody"]);
    expect(results((await page(pcc, "/partnerships?status=unknown")).html).slugs).toEqual(["cleveland-reliance-custody"]);
    expect(results((await page(pcc, "/partnerships?status=terminated")).html).slugs).toEqual(["west-midlands-surrey-paragon"]);
    const none = await page(pcc, "/partnerships?supplier=no-such-supplier");
    expect(results(none.html).total).toBe(0);
    expect(none.html).toContain("No partnerships match these filters.");
    // Junk in the query is ignored, not an error.
    expect((await page(pcc, "/partnerships?type=%3Cscript%3E&sort=drop&page=-3")).status).toBe(200);
  });

  test("sorts by contract signed (newest first) or value (largest first), unknown last", async () => {
    expect(results((await page(pcc, "/partnerships")).html).slugs).toEqual([
      "lincolnshire-g4s", // 2012-02-22
      "cheshire-capgemini-mfss", // 2010-12
      "cleveland-steria", // 2010-06
      "avon-and-somerset-southwest-one", // 2007-12
      "cleveland-reliance-custody", // not known, then by name
      "west-midlands-surrey-paragon",
    ]);
    expect(results((await page(pcc, "/partnerships?sort=value")).html).slugs).toEqual([
      "lincolnshire-g4s", // £200m
      "avon-and-somerset-southwest-one", // £185m
      "cleveland-steria", // £175m
      "cheshire-capgemini-mfss", // not known, then by name
      "cleveland-reliance-custody",
      "west-midlands-surrey-paragon",
    ]);
  });

  test("the CSV export has download headers and the filtered rows, quoted", async () => {
    const res = await pcc.get("/partnerships.csv?type=major-business-partnering&sort=value");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="partnerships-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark, so Excel reads "£"
    const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("name,slug,type,status,forces,suppliers,service areas,procurement launched,contract signed,service start,service end,term years,contract value (£),savings,sources");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^Lincolnshire Police and G4S strategic partnership,lincolnshire-g4s,major business partnering,Ended,Lincolnshire Police,G4S,/);
    expect(lines[2]).toContain(",cleveland-steria,");
    expect(lines[2]).toContain(",2009,2010-06,2010-10-01,2020-10,10,175000000,");
    expect(lines[2]).toContain('"targeted £50m over 10 years (force reported, reported by Cleveland Police Authority and Steria (2010)); targeted £9m over 10 years');
    expect(lines[3]).toMatch(/^Programme Paragon: West Midlands Police and Surrey Police business partner procurement,west-midlands-surrey-paragon,major business partnering,Terminated,Surrey Police; West Midlands Police,,other,2012-01-24,,,,,,,/);
    const guest = await fetch(`${server.url}/partnerships.csv`, { redirect: "manual" });
    expect(guest.status).toBe(302);
  });
});

describe("a partnership's page", () => {
  test("shows the facts, savings with grades, timeline in date order and numbered sources", async () => {
    const { status, html } = await page(pcc, "/partnerships/cleveland-steria");
    expect(status).toBe(200);
    const t = text(html);
    expect(t).toContain("Contract value £175m");
    expect(t).toContain("Contract signed June 2010");
    expect(t).toContain("Service start 1 October 2010");
    expect(t).toContain("Term 10 years");
    expect(t).toMatch(/Targeted £50m 10 years Cleveland Police Authority and Steria \(2010\) Evidence: Force reported/);
    const timeline = [...html.matchAll(/<time dateTime="([^"]+)">([^<]+)<\/time><\/h3>/g)].map((m) => m[1]);
    expect(timeline).toEqual(["2010-06", "2010-10-01", "2011-06", "2019-05-01", "2020-10"]);
    expect(html).toMatch(/<ol class="govuk-list govuk-list--number"><li>Home Office/);
    // Linked lessons and templates are listed (the demo templates are linked to no partnership).
    const linked = openDb(server).prepare("SELECT l.title FROM lessons l JOIN lesson_partnerships x ON x.lesson_id = l.id JOIN partnerships p ON p.id = x.partnership_id WHERE p.slug = 'cleveland-steria'").all() as { title: string }[];
    expect(linked.length).toBeGreaterThan(0);
    for (const l of linked) expect(html).toContain(l.title.replace(/&/g, "&amp;").replace(/'/g, "&#x27;"));
    // The demo lessons are fictional, and say so beside their titles on a real partnership's page.
    expect(html.match(/Demo \(fictional\)/g)?.length).toBe(linked.length);
    expect(t).toContain("Templates No templates yet.");
    expect(html).toContain('href="/partnerships/cleveland-steria/history"');
  });

  test("a policing-only lesson linked to a partnership is listed for the policing side only", async () => {
    const row = openDb(server).prepare("SELECT l.title, p.slug FROM lessons l JOIN lesson_partnerships x ON x.lesson_id = l.id JOIN partnerships p ON p.id = x.partnership_id WHERE l.audience = 'policing' LIMIT 1").get() as { title: string; slug: string };
    const escaped = row.title.replace(/&/g, "&amp;").replace(/'/g, "&#x27;");
    const supplier = await signIn(server, "supplier@steria.example");
    const chief = await signIn(server, "chief@cleveland-police.example");
    expect(await (await chief.get(`/partnerships/${row.slug}`)).text()).toContain(escaped);
    expect(await (await supplier.get(`/partnerships/${row.slug}`)).text()).not.toContain(escaped);
  });

  test("empty facts say Not known, never zero", async () => {
    const t = text((await page(pcc, "/partnerships/cleveland-reliance-custody")).html);
    for (const fact of ["Contract value", "Term", "Contract signed", "Procurement launched", "Service end", "Staff transferred", "Status"]) expect(t).toContain(`${fact} Not known`);
    expect(t).not.toMatch(/£0\b/);
    expect(t).not.toMatch(/\b0 years\b/);
  });

  test("editors see Edit, suppliers and other forces see Suggest a correction", async () => {
    const asChief = (await page(chief, "/partnerships/cleveland-steria")).html;
    expect(asChief).toContain('href="/partnerships/cleveland-steria/edit"');
    expect(asChief).not.toContain('href="/partnerships/cleveland-steria/correction"');
    const asSupplier = (await page(supplier, "/partnerships/cleveland-steria")).html;
    expect(asSupplier).not.toContain('href="/partnerships/cleveland-steria/edit"');
    expect(asSupplier).toContain('href="/partnerships/cleveland-steria/correction"');
    const asOtherForce = (await page(otherChief, "/partnerships/cleveland-steria")).html;
    expect(asOtherForce).not.toContain('href="/partnerships/cleveland-steria/edit"');
    expect((await page(pcc, "/partnerships/no-such-partnership")).status).toBe(404);
  });

  test("linked forum threads are listed only where the member may read them", async () => {
    const id = count("SELECT id AS n FROM partnerships WHERE slug = 'cleveland-steria'");
    await startThread(chief, "chiefs-and-pccs", { title: "Steria exit: policing-only costs", body: "Policing only.", partnerships: [String(id)] });
    await startThread(chief, "open-discussions", { title: "Steria exit: open lessons", body: "Open to all.", partnerships: [String(id)] });
    const asChief = (await page(chief, "/partnerships/cleveland-steria")).html;
    expect(asChief).toContain("Steria exit: policing-only costs");
    expect(asChief).toContain("Steria exit: open lessons");
    const asSupplier = (await page(supplier, "/partnerships/cleveland-steria")).html;
    expect(asSupplier).toContain("Steria exit: open lessons");
    expect(asSupplier).not.toContain("Steria exit: policing-only costs");
  });
});

describe("creating and editing", () => {
  let slug = "";

  test("a force member adds a partnership; suppliers are matched or created unconfirmed; a revision is kept", async () => {
    const before = count("SELECT count(*) AS n FROM organisations WHERE kind = 'supplier'");
    const res = await postForm(chief, "/partnerships/new", newPartnership());
    expect(res.status, res.html.slice(0, 300)).toBe(302);
    expect(res.location).toBe("/partnerships/cleveland-custody-and-forensic-medical-services-test?created=1");
    slug = "cleveland-custody-and-forensic-medical-services-test";
    const t = text((await page(pcc, `/partnerships/${slug}`)).html);
    expect(t).toContain("Forces Cleveland Police");
    expect(t).toContain("Suppliers Newco Custody Services Ltd, Steria");
    expect(t).toContain("Status In procurement");
    expect(t).toContain("Procurement launched March 2024");
    expect(t).toContain("Service start 1 April 2025");
    expect(t).toContain("Contract value Not known");
    expect(count("SELECT count(*) AS n FROM organisations WHERE kind = 'supplier'")).toBe(before + 1);
    expect(count("SELECT is_confirmed AS n FROM organisations WHERE name = 'Newco Custody Services Ltd'")).toBe(0);
    const revision = openDb(server).prepare("SELECT r.changes, u.email FROM partnership_revisions r JOIN users u ON u.id = r.editor_id JOIN partnerships p ON p.id = r.partnership_id WHERE p.slug = ?").all(slug) as { changes: string; email: string }[];
    expect(revision).toHaveLength(1);
    expect(revision[0]!.email).toBe("chief@cleveland-police.example");
    expect(JSON.parse(revision[0]!.changes)).toMatchObject({ name: [null, "Cleveland custody and forensic medical services (test)"], serviceStart: [null, "2025-04-01"], suppliers: [null, ["Newco Custody Services Ltd", "Steria"]] });
  });

  test("its editor changes facts; the revision shows who, when and what on the history page", async () => {
    const form = await editForm(chief, slug);
    form.set("contractValue", "£12.5m");
    form.set("status", "live");
    form.set("contractSigned", "2024-11-05");
    const res = await postForm(chief, `/partnerships/${slug}/edit`, form);
    expect(res.status, res.html.slice(0, 500)).toBe(302);
    expect(res.location).toBe(`/partnerships/${slug}?saved=1`);
    const rows = openDb(server).prepare("SELECT changes FROM partnership_revisions WHERE partnership_id = (SELECT id FROM partnerships WHERE slug = ?) ORDER BY id").all(slug) as { changes: string }[];
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows[1]!.changes)).toEqual({ status: ["in-procurement", "live"], contractSigned: [null, "2024-11-05"], contractValuePence: [null, 1_250_000_000] });
    const history = await page(pcc, `/partnerships/${slug}/history`);
    const t = text(history.html);
    expect(t).toContain("2 changes, newest first");
    expect(t).toMatch(/by Casey Chief \(demo\), Cleveland Police What changed Fact Before After Status In procurement Live Contract signed Not known 5 November 2024 Contract value Not known £12.5m/);
    expect(t.indexOf("Contract value Not known £12.5m")).toBeLessThan(t.indexOf("Name Not known Cleveland custody"));
    expectTitlesInStep(server);
  });

  test("saving an unchanged form writes nothing", async () => {
    const before = count("SELECT count(*) AS n FROM partnership_revisions");
    const res = await postForm(chief, `/partnerships/${slug}/edit`, await editForm(chief, slug));
    expect(res.status).toBe(302);
    expect(count("SELECT count(*) AS n FROM partnership_revisions")).toBe(before);
  });

  test("an edit from a page opened before someone else's save is refused, not lost silently", async () => {
    const stale = await editForm(chief, slug);
    const fresh = await editForm(chief, slug);
    fresh.set("termYears", "6");
    expect((await postForm(chief, `/partnerships/${slug}/edit`, fresh)).status).toBe(302);
    stale.set("staffTransferred", "about 40 custody officers");
    const res = await postForm(chief, `/partnerships/${slug}/edit`, stale);
    expect(res.status).toBe(409);
    expect(text(res.html)).toContain("Someone else saved a change to this partnership after you opened this page");
    expect(res.html).toContain('value="about 40 custody officers"');
    expect(count("SELECT count(*) AS n FROM partnerships WHERE staff_transferred IS NOT NULL AND slug = ?", slug)).toBe(0);
  });

  test("savings figures, events and sources are added and removed, each revisioned", async () => {
    const url = `/partnerships/${slug}/edit`;
    const saving = await postForm(chief, url, new URLSearchParams({ intent: "add-saving", savingKind: "targeted", savingAmount: "£1.2m", savingPercent: "", savingPeriod: "5 years", savingReportedBy: "Cleveland PCC business case (2024)", savingEvidence: "force_reported", savingNote: "" }));
    expect(saving.status).toBe(302);
    const percent = await postForm(chief, url, new URLSearchParams({ intent: "add-saving", savingKind: "reported", savingAmount: "", savingPercent: "10-15", savingPeriod: "", savingReportedBy: "Supplier brochure", savingEvidence: "supplier_estimate", savingNote: "" }));
    expect(percent.status).toBe(302);
    expect((await postForm(chief, url, new URLSearchParams({ intent: "add-event", eventDate: "2024-03", eventWhat: "Prior information notice published" }))).status).toBe(302);
    expect((await postForm(chief, url, new URLSearchParams({ intent: "add-source", sourceCitation: "Find a Tender notice", sourceUrl: "https://www.find-tender.service.gov.uk/" }))).status).toBe(302);
    const p = (await page(pcc, `/partnerships/${slug}`)).html;
    const t = text(p);
    expect(t).toContain("Targeted £1.2m 5 years Cleveland PCC business case (2024) Evidence: Force reported");
    expect(t).toContain("Reported 10–15% Not known Supplier brochure Evidence: Supplier estimate");
    expect(t).toContain("March 2024 Prior information notice published");
    expect(p).toContain('href="https://www.find-tender.service.gov.uk/"');
    const eventId = count("SELECT id AS n FROM partnership_events WHERE what = 'Prior information notice published'");
    expect((await postForm(chief, url, new URLSearchParams({ intent: "remove-event", id: String(eventId) }))).status).toBe(302);
    expect(count("SELECT count(*) AS n FROM partnership_events WHERE id = ?", eventId)).toBe(0);
    const history = text((await page(pcc, `/partnerships/${slug}/history`)).html);
    expect(history).toContain("Timeline event removed March 2024: Prior information notice published");
    expect(history).toContain("Savings figure added targeted £1.2m over 5 years (force reported, reported by Cleveland PCC business case (2024))");
    expect(history).toContain("Source added Find a Tender notice (https://www.find-tender.service.gov.uk/)");
  });

  test("a formula typed into a name is defused in the CSV", async () => {
    const res = await postForm(chief, "/partnerships/new", newPartnership({ name: '=HYPERLINK("https://evil.example","click")', suppliers: "" }));
    expect(res.status).toBe(302);
    const body = await (await pcc.get("/partnerships.csv?type=custody-partnering")).text();
    expect(body).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")",hyperlink-https-evil-example-click,`);
  });
});

describe("who may edit", () => {
  test("a supplier cannot add or edit, even its own partnership", async () => {
    expect((await page(supplier, "/partnerships/new")).status).toBe(403);
    expect((await postForm(supplier, "/partnerships/new", newPartnership({ name: "Supplier's own entry" }))).status).toBe(403);
    const edit = await page(supplier, "/partnerships/cleveland-steria/edit");
    expect(edit.status).toBe(403);
    expect(edit.html).toContain('href="/partnerships/cleveland-steria/correction"');
    const form = newPartnership({ name: "Renamed by a supplier" });
    form.set("intent", "facts");
    form.set("revision", "0");
    expect((await postForm(supplier, "/partnerships/cleveland-steria/edit", form)).status).toBe(403);
    expect((await postForm(supplier, "/partnerships/cleveland-steria/edit", new URLSearchParams({ intent: "add-saving", savingKind: "reported", savingAmount: "£500m", savingReportedBy: "Steria", savingEvidence: "audited" }))).status).toBe(403);
    expect(count("SELECT count(*) AS n FROM partnerships WHERE name IN ('Renamed by a supplier', 'Supplier''s own entry')")).toBe(0);
    expect(count("SELECT count(*) AS n FROM savings_figures WHERE amount_pence = 50000000000")).toBe(0);
  });

  test("a chief of a different force cannot edit Cleveland's partnership, but can edit their own", async () => {
    expect((await page(otherChief, "/partnerships/cleveland-steria/edit")).status).toBe(403);
    const form = await editForm(chief, "cleveland-steria");
    form.set("contractValue", "£1");
    expect((await postForm(otherChief, "/partnerships/cleveland-steria/edit", form)).status).toBe(403);
    expect(count("SELECT contract_value_pence AS n FROM partnerships WHERE slug = 'cleveland-steria'")).toBe(17_500_000_000);
    expect((await page(otherChief, "/partnerships/lincolnshire-g4s/edit")).status).toBe(200);
  });

  test("a supplier suggests a correction; every administrator is e-mailed a link and it is audit-logged", async () => {
    const form = await page(supplier, "/partnerships/cleveland-steria/correction");
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="text"');
    const short = await postForm(supplier, "/partnerships/cleveland-steria/correction", new URLSearchParams({ text: "too short" }));
    expect(short.status).toBe(400);
    expect(text(short.html)).toContain("The correction must be 10 characters or more");
    expect(short.html).toContain(">too short</textarea>");
    const long = await postForm(supplier, "/partnerships/cleveland-steria/correction", new URLSearchParams({ text: "x".repeat(2001) }));
    expect(long.status).toBe(400);
    expect(text(long.html)).toContain("The correction must be 2000 characters or fewer");
    const res = await postForm(supplier, "/partnerships/cleveland-steria/correction", new URLSearchParams({ text: "The service start was 1 October 2010 for the first phase only; see the force's 2011 annual report." }));
    expect(res.status).toBe(302);
    expect(res.location).toBe("/partnerships/cleveland-steria?correction=sent");
    expect(count("SELECT count(*) AS n FROM partnership_corrections WHERE text LIKE 'The service start was%'")).toBe(1);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'partnership_correction_suggested' AND target_type = 'partnership'")).toBe(1);
    const mail = (await readOutbox(server, "admin@example.org")).filter((m) => m.subject.includes("Suggested correction"));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain("Sam Supplier (demo) (Steria) suggests a correction");
    expect(mail[0]!.text).toContain("/partnerships/cleveland-steria/edit#corrections");
    expect((await readOutbox(server, "moderator@example.org")).some((m) => m.subject.includes("Suggested correction"))).toBe(false);
    // The force's editor sees it on the edit page and resolves it.
    const edit = await page(chief, "/partnerships/cleveland-steria/edit");
    expect(text(edit.html)).toContain("Suggested corrections (1)");
    const id = count("SELECT id AS n FROM partnership_corrections");
    expect((await postForm(chief, "/partnerships/cleveland-steria/edit", new URLSearchParams({ intent: "resolve-correction", id: String(id) }))).status).toBe(302);
    expect(count("SELECT count(*) AS n FROM partnership_corrections WHERE resolved_at IS NULL")).toBe(0);
  });

  test("a policing-side editor is sent to Edit rather than the correction form", async () => {
    const res = await page(chief, "/partnerships/cleveland-steria/correction");
    expect(text(res.html)).toContain("You can edit this partnership");
    expect(res.html).toContain('href="/partnerships/cleveland-steria/edit"');
  });
});

describe("bad input", () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["negative money", { contractValue: "-5" }, "Enter the contract value as zero or more: it cannot be negative", 'value="-5"'],
    ["non-numeric money", { contractValue: "lots" }, "Enter the contract value as a number of pounds", 'value="lots"'],
    ["an end before the start", { serviceStart: "2012-04", serviceEnd: "2011" }, "The service end date must be the same as or after the service start date", 'value="2011"'],
    ["an impossible date", { contractSigned: "2011-02-30" }, "Enter the date the contract was signed as a real date: February 2011 has 28 days", 'value="2011-02-30"'],
    ["a missing name", { name: "  " }, "Enter the name of the partnership", 'value="2024-03"'],
    ["an overlong name", { name: "N".repeat(201) }, "The name must be 200 characters or fewer", `value="${"N".repeat(201)}"`],
    ["an overlong summary", { summary: "S".repeat(2001) }, "The summary must be 2000 characters or fewer", `>${"S".repeat(2001)}</textarea>`],
    ["a term of 0 years", { termYears: "0" }, "Enter the term as a whole number of years from 1 to 50", 'value="0"'],
    ["a missing type", { type: "" }, "Select the type of partnership", 'value="1 April 2025"'],
    ["an unknown force", { forces: "atlantis" }, "Choose forces from the list", 'value="1 April 2025"'],
  ];

  test.each(cases)("%s is refused with a message, the form keeps its values, nothing is written", async (_, change, message, kept) => {
    const tables = "SELECT (SELECT count(*) FROM partnerships) + (SELECT count(*) FROM partnership_revisions) + (SELECT count(*) FROM organisations) AS n";
    const before = count(tables);
    const res = await postForm(chief, "/partnerships/new", newPartnership({ ...change, name: change.name ?? "Bad input partnership", suppliers: "A brand new supplier Ltd" }));
    expect(res.status).toBe(400);
    const t = text(res.html);
    expect(t).toContain("There is a problem");
    expect(t).toContain(message);
    expect(res.html).toMatch(/<title>Error: /);
    expect(res.html).toContain(kept);
    expect(res.html).toContain(">A brand new supplier Ltd</textarea>");
    expect(count(tables)).toBe(before);
  });

  test("bad edits are refused the same way and the partnership is unchanged", async () => {
    const before = count("SELECT count(*) AS n FROM partnership_revisions");
    for (const [change, message] of [
      [{ contractValue: "-175m" }, "cannot be negative"],
      [{ serviceEnd: "2009" }, "The service end date must be the same as or after the service start date"],
      [{ name: "" }, "Enter the name of the partnership"],
    ] as const) {
      const form = await editForm(chief, "cleveland-steria");
      for (const [k, v] of Object.entries(change)) form.set(k, v);
      const res = await postForm(chief, "/partnerships/cleveland-steria/edit", form);
      expect(res.status).toBe(400);
      expect(text(res.html)).toContain(message);
    }
    const saving = await postForm(chief, "/partnerships/cleveland-steria/edit", new URLSearchParams({ intent: "add-saving", savingKind: "reported", savingAmount: "£5m", savingPercent: "20", savingReportedBy: "x", savingEvidence: "audited" }));
    expect(saving.status).toBe(400);
    expect(text(saving.html)).toContain("Enter an amount or a percentage, not both");
    expect(saving.html).toContain('value="£5m"');
    const source = await postForm(chief, "/partnerships/cleveland-steria/edit", new URLSearchParams({ intent: "add-source", sourceCitation: "A blog", sourceUrl: "javascript:alert(1)" }));
    expect(source.status).toBe(400);
    expect(text(source.html)).toContain("Enter a web address starting https://");
    expect(count("SELECT count(*) AS n FROM partnership_revisions")).toBe(before);
    expect(count("SELECT contract_value_pence AS n FROM partnerships WHERE slug = 'cleveland-steria'")).toBe(17_500_000_000);
  });
});

describe("the benchmark view", () => {
  test("renders an SVG chart and a table whose numbers match the seeded data", async () => {
    const { status, html } = await page(pcc, "/partnerships/compare");
    expect(status).toBe(200);
    expect(html).toMatch(/<svg class="app-chart app-chart--wide" role="img" aria-labelledby="benchmark-title benchmark-desc"/);
    // The phone's layout of the same chart carries the same bars under its own names.
    expect(html).toMatch(/<svg class="app-chart-narrow" role="img" aria-labelledby="benchmark-narrow-title benchmark-narrow-desc"/);
    const narrowBars = [...html.matchAll(/<g class="app-chart-narrow__bar" data-partnership="([^"]+)" data-measure="([^"]+)"(?: data-saving-id="\d+")? data-pence="(\d+)"/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(html).toContain('<title id="benchmark-title">Contract values and savings, by partnership type</title>');
    const bars = [...html.matchAll(/<g class="app-chart__bar" data-partnership="([^"]+)" data-measure="([^"]+)"(?: data-saving-id="\d+")? data-pence="(\d+)"/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(narrowBars).toEqual(bars);
    expect(bars).toEqual(
      expect.arrayContaining([
        "lincolnshire-g4s contract-value 20000000000",
        "lincolnshire-g4s targeted 2800000000",
        "lincolnshire-g4s targeted 3600000000",
        "cleveland-steria contract-value 17500000000",
        "cleveland-steria targeted 5000000000",
        "cleveland-steria reported 7000000000",
        "avon-and-somerset-southwest-one contract-value 18500000000",
        "avon-and-somerset-southwest-one reported 2600000000",
        "avon-and-somerset-southwest-one reported 500000000",
      ]),
    );
    const table = /<table class="govuk-table app-benchmark-table">([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(table).toContain('<caption class="govuk-table__caption govuk-table__caption--s">Contract values and savings, by partnership type</caption>');
    expect(table).toContain('scope="col"');
    expect(table).toContain('scope="row"');
    const row = (slug: string) => text(new RegExp(`<tr class="govuk-table__row" data-partnership="${slug}">([\\s\\S]*?)</tr>`).exec(table)![1]!);
    expect(row("cleveland-steria")).toMatch(/^ ?Cleveland Police and Steria business partnership £175m 10 years £17.5m £50m over 10 years Evidence: Force reported 29% of contract value £9m over 10 years Evidence: Force reported 5% of contract value £70m over 10 years Evidence: Force reported 40% of contract value ?$/);
    expect(row("avon-and-somerset-southwest-one")).toContain("£185m 10 years £18.5m £1.7m a year by year 10 Evidence: Force reported 9% of annual value");
    expect(row("avon-and-somerset-southwest-one")).toContain("£26m to 2011 Evidence: Disputed 14% of contract value £5m to March 2011 Evidence: Independently verified 3% of contract value");
    expect(row("lincolnshire-g4s")).toContain("£200m 10 years £20m £28m over 10 years Evidence: Supplier estimate 14% of contract value £36m to 2022 Evidence: Force reported 18% of contract value None recorded");
    expect(row("cheshire-capgemini-mfss")).toMatch(/Not known Not known Not known 30–40% Evidence: Supplier estimate Given as a percentage None recorded/);
    // Only amounts are drawn: the percentage saving has no bar.
    expect(bars.some((b) => b.startsWith("cheshire-capgemini-mfss"))).toBe(false);
    expect(text(html)).toMatch(/Not shown, because no contract value or savings figure is known: .*Cleveland Police Authority and Reliance custody partnership.*Programme Paragon/);
  });

  test("groups by service area, and narrows to one", async () => {
    const { html } = await page(pcc, "/partnerships/compare?group=area&area=custody");
    expect(html).toContain("Contract values and savings, by service area: custody");
    const rows = [...html.matchAll(/<tr class="govuk-table__row" data-partnership="([^"]+)"/g)].map((m) => m[1]);
    expect(rows).toContain("lincolnshire-g4s");
    expect(rows).not.toContain("cleveland-steria");
    const all = await page(pcc, "/partnerships/compare?group=area");
    // Cleveland–Steria covers ten service areas and appears under each.
    expect([...all.html.matchAll(/<tr class="govuk-table__row" data-partnership="cleveland-steria"/g)]).toHaveLength(10);
  });
});
