import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasBrowser, launchBrowser, seriousViolations, signInPage } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/server";

const SHOTS = path.join(process.env.SCREENSHOT_DIR ?? tmpdir(), "exchange-thread-details");

/** Issue 14, item 4: the "Edit thread details" form and the thread history, by keyboard, at desktop and phone widths. */
describe.skipIf(!hasBrowser)("thread details in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function as(email: string, width: number) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await signInPage(page, server.url, email);
    return { page, close: () => context.close() };
  }

  /** Presses Tab until the focused element matches, as a keyboard user would reach it. */
  async function tabTo(page: Page, selector: string) {
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  for (const width of [1280, 375]) {
    test(`at ${width} px the form passes axe, and a keyboard user edits the details and reads the history`, async () => {
      const chief = await as("chief@cleveland-police.example", width);
      const { page } = chief;
      await page.goto(`${server.url}/spaces/open-discussions/new`);
      await page.fill("#title", `Keyboard details thread ${width}`);
      await page.fill("#body", "Question body");
      await page.click("button:has-text('Publish')");
      await page.waitForURL(/\/threads\/\d+\//);
      await page.locator("h1", { hasText: `Keyboard details thread ${width}` }).waitFor();

      await tabTo(page, "a[href$='/details']");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/threads\/\d+\/details$/);
      await page.locator("h1", { hasText: "Edit thread details" }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `thread-details-${width}.png`), fullPage: true });

      // A too-short title: the summary takes focus and links to the field; axe still passes.
      await tabTo(page, "#title");
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("Hm");
      await page.keyboard.press("Enter");
      await page.locator(".govuk-error-summary").waitFor();
      expect(await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);

      await tabTo(page, ".govuk-error-summary a[href='#title']");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("title");
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type(`Keyboard details thread ${width}, retitled`);
      await tabTo(page, "#kind");
      await page.keyboard.press("ArrowRight");
      expect(await page.isChecked("#kind-discussion")).toBe(true);
      await tabTo(page, "#serviceAreas");
      await page.keyboard.press("Space");
      await tabTo(page, "form[method='post'] button.govuk-button");
      await page.keyboard.press("Enter");
      await page.locator("h1", { hasText: `Keyboard details thread ${width}, retitled` }).waitFor();
      expect(await page.locator(".govuk-notification-banner").innerText()).toContain("Thread details saved");
      expect(await page.locator(".govuk-caption-m").innerText()).toContain("Discussion");
      await page.screenshot({ path: path.join(SHOTS, `thread-after-details-${width}.png`) });

      await tabTo(page, "a[href$='/history']");
      await page.keyboard.press("Enter");
      await page.locator("h1", { hasText: "Thread history" }).waitFor();
      expect(await page.locator("main").innerText()).toContain(`Keyboard details thread ${width}, retitled`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `thread-history-${width}.png`), fullPage: true });
      await chief.close();
    });
  }
});
