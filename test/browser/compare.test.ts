import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { hasBrowser, launchBrowser, seriousViolations, signInPage } from "../helpers/browser";
import { openDb } from "../helpers/accounts";
import { signIn } from "../helpers/http";
import { corpusFile, importOcds } from "../helpers/ocds";
import { startTestServer, type TestServer } from "../helpers/server";

/** SCREENSHOTS=<folder> keeps full-page screenshots of what these tests look at, at 1280 and 375 px. */
const SHOTS = process.env.SCREENSHOTS;

describe.skipIf(!hasBrowser)("choosing and comparing partnerships in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let imported: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    // A partnership from its published notices, with KPIs rated by hand, as a force would keep it.
    const chief = await signIn(server, "chief@cleveland-police.example");
    const [tender, award] = corpusFile("ocds-b5fd17-0cb08240");
    const first = await importOcds(chief, "/partnerships/new/import", tender!, "cleveland");
    imported = first.location!.split("?")[0]!.split("/")[2]!;
    await importOcds(chief, `/partnerships/${imported}/import`, award!, "cleveland");
    const edit = `/partnerships/${imported}/edit`;
    for (const [name, description] of [["Cameras working", "98% of cameras working each month"], ["Faults fixed within 24 hours", "95% of reported faults"]]) {
      await chief.post(edit, { intent: "add-kpi", kpiName: name!, kpiDescription: description! });
    }
    const kpis = openDb(server).prepare("SELECT id, name FROM partnership_kpis ORDER BY id").all() as { id: number; name: string }[];
    const rate = (kpi: number, start: string, end: string, rating: string, note: string) =>
      chief.post(edit, { intent: "add-rating", ratingKpi: String(kpi), ratingPeriodStart: start, ratingPeriodEnd: end, rating, ratingNote: note, ratingSource: `Contract performance notice, Find a Tender, ${end}`, ratingSourceUrl: "https://www.find-tender.service.gov.uk/", ratingEvidence: "force_reported" });
    await rate(kpis[0]!.id, "April 2025", "September 2025", "approaching_target", "96%");
    await rate(kpis[0]!.id, "October 2025", "March 2026", "good", "98.5%");
    await rate(kpis[1]!.id, "April 2025", "March 2026", "requires_improvement", "88%");
    await chief.post("/partnerships/cleveland-steria/edit", { intent: "add-kpi", kpiName: "Calls answered within 10 seconds", kpiDescription: "90% of 999 calls" });
    const steriaKpi = (openDb(server).prepare("SELECT id FROM partnership_kpis WHERE name = 'Calls answered within 10 seconds'").get() as { id: number }).id;
    await chief.post("/partnerships/cleveland-steria/edit", { intent: "add-rating", ratingKpi: String(steriaKpi), ratingPeriodStart: "2011", ratingPeriodEnd: "2012", rating: "good", ratingNote: "", ratingSource: "Cleveland Police Authority performance report, 2012 (demo figure)", ratingSourceUrl: "", ratingEvidence: "force_reported" });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function as(email: string, width = 1280, javaScriptEnabled = true) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
    const page = await context.newPage();
    await signInPage(page, server.url, email);
    return { page, close: () => context.close() };
  }

  test("without JavaScript: tick three in the registry, compare them, remove one", async () => {
    const { page, close } = await as("pcc@cleveland-pcc.example", 1280, false);
    await page.goto(`${server.url}/partnerships`);
    for (const slug of ["cleveland-steria", "lincolnshire-g4s", imported]) await page.check(`#compare-${slug}`);
    await page.click("button:has-text('Compare ticked partnerships') >> nth=0");
    await page.waitForURL((u) => u.pathname === "/partnerships/compare");
    expect(new URL(page.url()).searchParams.getAll("p").sort()).toEqual(["cleveland-steria", imported, "lincolnshire-g4s"].sort());
    expect(await page.locator("h1").textContent()).toBe("Compare 3 partnerships");
    const columns = await page.locator(".app-compare-table thead th[scope=col]").evaluateAll((ths) => ths.map((th) => th.getAttribute("data-partnership")));
    expect(columns.sort()).toEqual(["cleveland-steria", imported, "lincolnshire-g4s"].sort());
    expect(await page.locator("svg.app-chart").isVisible()).toBe(true);
    expect(await page.locator(".app-compare-table").textContent()).toContain("Cameras working: Rating: Good");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/compare-three-1280.png`, fullPage: true });
    await Promise.all([page.waitForURL((u) => u.searchParams.getAll("p").length === 2), page.click("a:has-text('Remove') >> nth=1")]);
    expect(await page.locator("h1").textContent()).toBe("Compare 2 partnerships");
    await close();
  });

  test("the comparison of three passes axe at 1280 px", async () => {
    const { page, close } = await as("pcc@cleveland-pcc.example");
    await page.goto(`${server.url}/partnerships/compare?p=cleveland-steria&p=lincolnshire-g4s&p=${imported}`);
    expect(await page.locator("svg.app-chart").isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await close();
  });

  test("by keyboard at 375 px: Add to comparison from a page, then tick more; the comparison scrolls sideways, not the page", async () => {
    const { page, close } = await as("chief@cleveland-police.example", 375);
    await page.goto(`${server.url}/partnerships/${imported}`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/partnership-imported-kpis-375.png`, fullPage: true });
    await page.locator("a:has-text('Add to comparison')").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/partnerships");
    await page.locator("h1", { hasText: "Partnership registry" }).waitFor();
    expect(await page.isChecked(`#compare-${imported}`)).toBe(true);
    for (const slug of ["cleveland-steria", "cheshire-capgemini-mfss"]) {
      await page.locator(`#compare-${slug}`).focus();
      await page.keyboard.press("Space");
    }
    await page.locator("button:has-text('Compare ticked partnerships') >> nth=0").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/partnerships/compare");
    // A client-side navigation changes the address before the new page is drawn.
    await page.locator("h1", { hasText: "Compare 3 partnerships" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/compare-three-375.png`, fullPage: true });
    await close();
  });

  test("too many chosen: the error summary says so and links back with the choice kept; axe finds nothing serious", async () => {
    const { page, close } = await as("pcc@cleveland-pcc.example");
    const five = ["cleveland-steria", "lincolnshire-g4s", "cheshire-capgemini-mfss", "cleveland-reliance-custody", imported];
    await page.goto(`${server.url}/partnerships/compare?${five.map((s) => `p=${s}`).join("&")}`);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Choose at most 4 partnerships to compare: you chose 5");
    expect(await seriousViolations(page)).toEqual([]);
    await page.click(".govuk-error-summary a");
    await page.waitForURL((u) => u.pathname === "/partnerships");
    await page.locator("h1", { hasText: "Partnership registry" }).waitFor();
    for (const s of five) expect(await page.isChecked(`#compare-${s}`)).toBe(true);
    await close();
  });

  test("the partnership page with imported facts and KPI tables passes axe, at 1280 px", async () => {
    const { page, close } = await as("pcc@cleveland-pcc.example");
    await page.goto(`${server.url}/partnerships/${imported}`);
    expect(await page.locator("table.app-kpi-table").count()).toBe(2);
    expect(await page.locator("text=From the published notice of").count()).toBeGreaterThan(2);
    expect(await seriousViolations(page)).toEqual([]);
    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/partnership-imported-kpis-1280.png`, fullPage: true });
      const editor = await as("chief@cleveland-police.example");
      await editor.page.goto(`${server.url}/partnerships/${imported}/edit#performance`);
      await editor.page.screenshot({ path: `${SHOTS}/partnership-edit-performance-1280.png`, fullPage: true });
      await editor.close();
    }
    await close();
  });
});
