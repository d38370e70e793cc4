import { describe, expect, test } from "vitest";
import { readPartnershipFacts } from "../../db/seed/partnerships";
import { hasBrowser, seriousViolations, serverAndBrowser, signInPage } from "../helpers/browser";

describe.skipIf(!hasBrowser)("the partnership registry in Chromium", () => {
  const running = serverAndBrowser();

  async function as(email: string, width = 1280) {
    const context = await running.browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await signInPage(page, running.server.url, email);
    return { page, close: () => context.close() };
  }

  test("the compare chart renders, and its bars and table carry the seeded figures", async () => {
    const { page, close } = await as("pcc@cleveland-pcc.example");
    await page.goto(`${running.server.url}/partnerships/compare`);
    const chart = page.locator("svg.app-chart[role=img]");
    expect(await chart.isVisible()).toBe(true);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    expect(box!.height).toBeGreaterThan(300);
    // The accessible name comes from the chart's own title and description.
    const labelledBy = (await chart.getAttribute("aria-labelledby"))!.split(" ");
    expect(await page.locator(`#${labelledBy[0]}`).textContent()).toBe("Contract values and savings, by partnership type");
    expect(await page.locator(`#${labelledBy[1]}`).textContent()).toContain("The table after the chart gives the same figures");

    // Every bar is drawn (non-zero width, longer for larger amounts) and labelled with its amount.
    const bars = await page.locator("g.app-chart__bar").evaluateAll((gs) =>
      gs.map((g) => ({
        slug: g.getAttribute("data-partnership")!,
        measure: g.getAttribute("data-measure")!,
        savingId: g.getAttribute("data-saving-id"),
        pence: Number(g.getAttribute("data-pence")),
        width: (g.querySelector("rect") as SVGRectElement).getBBox().width,
        label: g.querySelector("text")!.textContent!,
      })),
    );
    expect(bars.length).toBeGreaterThan(8);
    for (const b of bars) expect(b.width, b.label).toBeGreaterThan(1);
    const widest = bars.reduce((a, b) => (b.pence > a.pence ? b : a));
    expect(widest.label).toBe("Contract value: £200m");
    for (const b of bars) expect(b.width / widest.width).toBeCloseTo(b.pence / widest.pence, 1);

    // The seeded facts (money in pounds) are what the chart draws.
    const facts = readPartnershipFacts();
    for (const p of facts) {
      const drawn = bars.filter((b) => b.slug === p.slug);
      const expected = [
        ...(p.contract_value !== null ? [`contract-value ${p.contract_value * 100}`] : []),
        ...p.savings.filter((s) => s.amount != null).map((s) => `${s.kind} ${s.amount! * 100}`),
      ];
      expect(drawn.map((b) => `${b.measure} ${b.pence}`).sort(), p.slug).toEqual(expected.sort());
    }

    // The table after the chart says the same: each bar's amount is in the table for that partnership.
    const table = await page.locator("table.app-benchmark-table [data-pence]").evaluateAll((cells) =>
      cells.map((c) => ({
        slug: c.closest("tr")!.getAttribute("data-partnership")!,
        measure: c.getAttribute("data-measure")!,
        savingId: c.getAttribute("data-saving-id"),
        pence: c.getAttribute("data-pence") ? Number(c.getAttribute("data-pence")) : null,
        text: c.textContent!,
      })),
    );
    for (const b of bars) {
      const cell = table.find((c) => c.slug === b.slug && c.measure === b.measure && (b.savingId === null || c.savingId === b.savingId));
      expect(cell, `${b.slug} ${b.measure}`).toBeDefined();
      expect(cell!.pence).toBe(b.pence);
      expect(b.label).toContain(cell!.text.match(/£[\d.,]+(?:m|bn)?/)![0]);
    }
    // A percentage saving is in the table, not drawn.
    expect(table.some((c) => c.slug === "cheshire-capgemini-mfss" && c.text.includes("30–40%"))).toBe(true);
    expect(bars.some((b) => b.slug === "cheshire-capgemini-mfss")).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await close();
  });

  test("axe finds nothing serious on the registry, a partnership, the benchmark view and the edit form", async () => {
    const { page, close } = await as("chief@cleveland-police.example");
    for (const path of ["/partnerships", "/partnerships?type=major-business-partnering&sort=value", "/partnerships/cleveland-steria", "/partnerships/cleveland-reliance-custody", "/partnerships/compare?group=area", "/partnerships/cleveland-steria/edit", "/partnerships/cleveland-steria/history", "/partnerships/new"]) {
      await page.goto(`${running.server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    // The edit form showing errors: summary first and focused, each field linked.
    await page.goto(`${running.server.url}/partnerships/cleveland-steria/edit`);
    await page.fill("#contractValue", "-5");
    await page.fill("#serviceEnd", "2009");
    await page.click("button:has-text('Save the facts')");
    await page.waitForSelector(".govuk-error-summary");
    await page.waitForFunction(() => document.activeElement?.classList.contains("govuk-error-summary"), null, { timeout: 5000 });
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.inputValue("#contractValue")).toBe("-5");
    expect(await page.locator(".govuk-error-summary a[href='#contractValue']").textContent()).toContain("cannot be negative");
    expect(await seriousViolations(page), "edit form with errors").toEqual([]);
    await close();
  });

  test("a supplier's correction form and the registry at phone width pass axe", async () => {
    const supplier = await as("supplier@steria.example", 320);
    for (const path of ["/partnerships", "/partnerships/compare", "/partnerships/cleveland-steria/correction"]) {
      await supplier.page.goto(`${running.server.url}${path}`);
      expect(await seriousViolations(supplier.page), path).toEqual([]);
    }
    // Nothing but the scrolling chart and tables is wider than the screen.
    await supplier.page.goto(`${running.server.url}/partnerships`);
    expect(await supplier.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await supplier.page.goto(`${running.server.url}/partnerships/compare`);
    expect(await supplier.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await supplier.close();
  });
});
