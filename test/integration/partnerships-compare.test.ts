import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let chief: Visitor;
let supplier: Visitor;

const decode = (s: string) => s.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").trim();

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && body[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    } else cell += c;
  }
  return rows;
}

/** The rows of the page's savings table (the one the CSV copies), header first, cells as text. */
function figuresTable(html: string): string[][] {
  const table = /<table[^>]*data-comparison-rows[^>]*>([\s\S]*?)<\/table>/.exec(html)![1]!;
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((tr) => [...tr[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1]!)));
}

const THREE = "/partnerships/compare?p=cleveland-steria&p=lincolnshire-g4s&p=cheshire-capgemini-mfss";

beforeAll(async () => {
  server = await startTestServer();
  [chief, supplier] = await Promise.all([signIn(server, "chief@cleveland-police.example"), signIn(server, "supplier@steria.example")]);
});
afterAll(() => server?.stop());

describe("contract performance", () => {
  test("the partnership's own side records KPIs and ratings; the page shows a table per KPI and the comparison the latest rating", async () => {
    const edit = "/partnerships/cleveland-steria/edit";
    expect((await chief.post(edit, { intent: "add-kpi", kpiName: "999 calls answered in 10 seconds", kpiDescription: "90% each month" })).status).toBe(302);
    const kpiId = String((openDb(server).prepare("SELECT id FROM partnership_kpis WHERE name = '999 calls answered in 10 seconds'").get() as { id: number }).id);
    const rating = (end: string, value: string, note: string) => ({ intent: "add-rating", ratingKpi: kpiId, ratingPeriodStart: "", ratingPeriodEnd: end, rating: value, ratingNote: note, ratingSource: `Contract performance notice, ${end}`, ratingSourceUrl: "", ratingEvidence: "force_reported" });
    // Entered newest first: the latest is the latest period, not the latest entered.
    expect((await chief.post(edit, rating("March 2025", "good", "93%"))).status).toBe(302);
    expect((await chief.post(edit, rating("March 2024", "requires_improvement", "84%"))).status).toBe(302);

    const bad = await chief.post(edit, { ...rating("", "excellent", ""), ratingSource: "" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Select the rating");
    expect(badHtml).toContain("Enter the source of the rating");
    expect(badHtml).toContain("Enter the end of the period the rating covers");

    expect((await supplier.post(edit, rating("March 2026", "inadequate", ""))).status).toBe(403);
    expect((await supplier.post(edit, { intent: "add-kpi", kpiName: "Supplier's own KPI", kpiDescription: "" })).status).toBe(403);
    expect((openDb(server).prepare("SELECT count(*) AS n FROM kpi_ratings").get() as { n: number }).n).toBe(2);

    const page = await (await supplier.get("/partnerships/cleveland-steria")).text();
    const table = /<table[^>]*data-kpi="999 calls answered in 10 seconds"[^>]*>([\s\S]*?)<\/table>/.exec(page)![1]!;
    const periods = [...table.matchAll(/<th scope="row"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => decode(m[1]!));
    expect(periods).toEqual(["to March 2024", "to March 2025"]);
    expect(table).toContain("Requires improvement");
    expect(table).toContain("Good");
    expect(table).toContain("Force reported");

    const compared = await (await chief.get(THREE)).text();
    expect(compared.replace(/<!-- -->/g, "")).toMatch(/999 calls answered in 10 seconds: <strong[^>]*><span class="govuk-visually-hidden">Rating: <\/span>Good<\/strong>/);
    const clevelandRows = figuresTable(compared).filter((r) => r[0]!.startsWith("Cleveland Police and Steria"));
    expect(clevelandRows.length).toBeGreaterThan(0);
    for (const r of clevelandRows) expect(r.at(-1)).toBe("999 calls answered in 10 seconds: Good (to March 2025)");
    // The history names the change.
    expect(await (await chief.get("/partnerships/cleveland-steria/history")).text()).toContain("Performance rating");
  });
});

describe("comparing chosen partnerships", () => {
  test("the registry offers a tick box per partnership in a GET form to the comparison; a partnership page adds itself", async () => {
    const html = await (await chief.get("/partnerships?p=lincolnshire-g4s")).text();
    expect(html).toMatch(/<form method="get" action="\/partnerships\/compare" id="compare"/);
    const box = (slug: string) => /<input[^>]*>/.exec(html.slice(html.indexOf(`id="compare-${slug}"`) - 60))![0];
    expect(box("cleveland-steria")).toMatch(/name="p" type="checkbox"/);
    expect(box("cleveland-steria")).toContain('value="cleveland-steria"');
    expect(box("cleveland-steria")).not.toContain("checked");
    expect(box("lincolnshire-g4s")).toContain('checked=""');
    const page = await (await chief.get("/partnerships/lincolnshire-g4s")).text();
    expect(page).toContain('href="/partnerships?p=lincolnshire-g4s#compare"');
  });

  test("three side by side, with the chart for just those, and a CSV that is exactly the table shown", async () => {
    const res = await chief.get(THREE);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const name of ["Cleveland", "Lincolnshire", "Cheshire"]) expect(html).toContain(name);
    expect(html).not.toContain("Southwest One");
    expect(html).toContain("<svg"); // The benchmark chart, for these three only.
    const chartBars = [...html.matchAll(/data-partnership="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(chartBars)).toEqual(new Set(["cleveland-steria", "lincolnshire-g4s", "cheshire-capgemini-mfss"]));

    const shown = figuresTable(html);
    expect(shown[0]).toEqual(["Partnership", "Status", "Contract signed", "Service start", "Service end", "Contract value", "Term", "Annual value", "Saving", "Amount", "Period", "Share of value", "Reported by", "Evidence grade", "Latest performance rating"]);
    const savingsCount = (openDb(server).prepare("SELECT count(*) AS n FROM savings_figures WHERE partnership_id IN (SELECT id FROM partnerships WHERE slug IN ('cleveland-steria', 'lincolnshire-g4s', 'cheshire-capgemini-mfss'))").get() as { n: number }).n;
    expect(shown.length - 1).toBeGreaterThanOrEqual(savingsCount);
    expect(shown.slice(1).some((r) => ["Supplier estimate", "Force reported", "Disputed", "Independently verified", "Audited"].includes(r[13]!))).toBe(true);

    const csv = await chief.get(THREE.replace("/compare?", "/compare.csv?"));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(parseCsv(await csv.text())).toEqual(shown);
  });

  test.each([
    ["none", "/partnerships/compare?p=", "Choose 2 to 4 partnerships to compare"],
    ["one", "/partnerships/compare?p=cleveland-steria", "Choose at least 2 partnerships to compare: you chose 1"],
    ["five", "/partnerships/compare?p=cleveland-steria&p=lincolnshire-g4s&p=cheshire-capgemini-mfss&p=cleveland-reliance-custody&p=avon-and-somerset-southwest-one", "Choose at most 4 partnerships to compare: you chose 5"],
    ["an unknown one", "/partnerships/compare?p=cleveland-steria&p=no-such-thing", "There is no partnership in the registry called &quot;no-such-thing&quot;"],
  ])("%s: a clear error, a way back, no CSV", async (_what, url, message) => {
    const res = await chief.get(url);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain("<title>Error: ");
    expect((await chief.get(url.replace("/compare?", "/compare.csv?"))).status).toBe(400);
  });

  test("without p the page is still the whole registry's benchmark", async () => {
    const html = await (await chief.get("/partnerships/compare")).text();
    expect(html).toContain("Compare costs and savings");
    expect(html).toContain("Southwest One");
  });
});
