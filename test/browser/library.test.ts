import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasBrowser, launchBrowser, seriousViolations, signInPage } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/files");

describe.skipIf(!hasBrowser)("the template library in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const scriptErrors: string[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    page = await (await browser.newContext()).newPage();
    page.on("pageerror", (e) => scriptErrors.push(`${page.url()}: ${e.message}`));
    await signInPage(page, server.url, "chief@cleveland-police.example");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("a chief uploads a specification with a file and finds it in the library by category", async () => {
    await page.goto(`${server.url}/library/new`);
    await page.fill("#title", "Browser-uploaded custody specification");
    await page.fill("#summary", "Uploaded through the real form in Chromium.");
    await page.selectOption("#category", { label: "Specification" });
    await page.check("label:has-text('Custody') >> xpath=preceding-sibling::input");
    await page.check("#audience");
    await page.setInputFiles("#file", path.join(FIXTURES, "specification.docx"));
    await page.click("button:has-text('Publish template')");
    await page.waitForURL(/\/library\/\d+$/);
    await page.waitForSelector("h1:has-text('Browser-uploaded custody specification')");
    expect(await page.locator(".app-preview h3").first().textContent()).toBe("Custody service specification");

    await page.goto(`${server.url}/library`);
    await page.selectOption("#category", { label: "Specification" });
    await page.click("button:has-text('Apply filters')");
    await page.waitForURL(/category=specification/);
    await page.waitForSelector("#results-heading:has-text('2 templates')"); // the uploaded one and the demo specification
    const titles = await page.locator(".app-thread-list__title a").allTextContents();
    expect(titles).toContain("Browser-uploaded custody specification");
    expect(titles).not.toContain("Benchmarking clause for long outsourcing contracts (demo)");
  });

  test("a missing file is reported in the error summary, focused, with the other values kept", async () => {
    await page.goto(`${server.url}/library/new`);
    await page.fill("#title", "Form without a file");
    await page.click("button:has-text('Publish template')");
    await page.waitForSelector(".govuk-error-summary");
    await page.waitForFunction(() => document.activeElement?.classList.contains("govuk-error-summary"), null, { timeout: 5000 });
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Select a file to upload");
    expect(await page.inputValue("#title")).toBe("Form without a file");
    expect(await page.title()).toMatch(/^Error: Add a template/);
  });

  test("the library, template pages and the forms have no serious accessibility problems", async () => {
    const word = await page.evaluate(async (base) => {
      const html = await (await fetch(`${base}/library?category=specification`)).text();
      return /href="\/library\/(\d+)"[^>]*>Control room service specification \(demo\)/.exec(html)?.[1];
    }, server.url);
    for (const url of ["/library", "/library/new", "/library/1", `/library/${word}`, `/library/${word}/edit`, `/library/${word}/versions/new`]) {
      await page.goto(`${server.url}${url}`);
      expect(await page.locator("h1").first().textContent(), url).not.toMatch(/Page not found|Sorry/);
      expect(await seriousViolations(page), url).toEqual([]);
    }
    await page.goto(`${server.url}/library/new`);
    await page.click("button:has-text('Publish template')");
    await page.waitForSelector(".govuk-error-summary");
    expect(await seriousViolations(page), "upload form with errors").toEqual([]);
  });

  test("every library page hydrates without a script error", async () => {
    await page.waitForLoadState("networkidle");
    expect(scriptErrors).toEqual([]);
  });
});
