import { describe, expect, test } from "vitest";
import { hasBrowser, seriousViolations, serverAndBrowser, signInPage } from "../helpers/browser";

describe.skipIf(!hasBrowser)("lessons learned in Chromium", () => {
  const running = serverAndBrowser();

  async function as(email: string) {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await signInPage(page, running.server.url, email);
    return { page, close: () => context.close() };
  }

  test("a PCC filters lessons by service area and opens one", async () => {
    const pcc = await as("pcc@cleveland-pcc.example");
    await pcc.page.goto(`${running.server.url}/lessons`);
    const all = await pcc.page.locator(".app-thread-list__item").count();
    await pcc.page.selectOption("#area", "custody");
    await pcc.page.click("button:has-text('Apply filters')");
    await pcc.page.waitForURL(/area=custody/);
    await pcc.page.waitForSelector("text=where service area is");
    const titles = await pcc.page.locator(".app-thread-list__title a").allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThan(all);
    expect(await pcc.page.locator("#results-heading").textContent()).toBe(titles.length === 1 ? "1 lesson" : `${titles.length} lessons`);
    expect(await pcc.page.locator("#area option:checked").textContent()).toBe(`Custody (${titles.length})`);
    await pcc.page.click(`.app-thread-list__title a:has-text(${JSON.stringify(titles[0])})`);
    await pcc.page.waitForURL(/\/lessons\/\d+$/);
    // React commits a client-side navigation just after the URL changes: wait for the new heading.
    await pcc.page.locator("h1", { hasText: titles[0] }).waitFor({ timeout: 5000 });
    expect(await pcc.page.locator("h1").textContent()).toBe(titles[0]);
    expect(await pcc.page.locator(".govuk-summary-list").textContent()).toContain("Custody");
    await pcc.close();
  });

  test("the lessons list, a lesson and the lesson form have no serious accessibility problems", async () => {
    const chief = await as("chief@cleveland-police.example");
    await chief.page.goto(`${running.server.url}/lessons`);
    expect(await seriousViolations(chief.page), "/lessons").toEqual([]);
    const title = await chief.page.locator(".app-thread-list__title a >> nth=0").textContent();
    await chief.page.click(".app-thread-list__title a >> nth=0");
    await chief.page.waitForURL(/\/lessons\/\d+$/);
    await chief.page.locator("h1", { hasText: title! }).waitFor({ timeout: 5000 });
    expect(await seriousViolations(chief.page), "a lesson").toEqual([]);
    await chief.page.goto(`${running.server.url}/lessons/new`);
    expect(await seriousViolations(chief.page), "/lessons/new").toEqual([]);
    await chief.page.fill("#recommendation", "Start **early**.");
    await chief.page.click("button:has-text('Preview')");
    await chief.page.waitForSelector(".app-preview");
    expect(await seriousViolations(chief.page), "/lessons/new with a preview").toEqual([]);
    await chief.page.click("button:has-text('Publish lesson')");
    await chief.page.waitForSelector(".govuk-error-summary");
    expect(await chief.page.title()).toMatch(/^Error: /);
    expect(await chief.page.locator(".govuk-error-summary").textContent()).toContain("Select at least one partnership this lesson is about");
    expect(await chief.page.inputValue("#recommendation")).toBe("Start **early**.");
    expect(await seriousViolations(chief.page), "/lessons/new with errors").toEqual([]);
    await chief.page.click(".govuk-error-summary a:has-text('Select at least one partnership')");
    expect(await chief.page.evaluate(() => document.activeElement?.id)).toBe("partnerships");
    await chief.close();
  });
});
