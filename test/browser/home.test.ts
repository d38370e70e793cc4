import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { hasBrowser, launchBrowser, seriousViolations } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/server";

describe.skipIf(!hasBrowser)("home page in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("renders the service with a working skip link", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(server.url);
    await expect(page.title()).resolves.toBe("Home – Partnering Exchange");
    expect(await page.locator("h1").textContent()).toContain("Learn from police and private sector partnerships");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to main content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main-content");
    expect(errors.filter((e) => e.includes("Content Security Policy"))).toEqual([]);
    await page.close();
  });

  test("axe-core finds no serious or critical violation at desktop and mobile widths", async () => {
    for (const width of [1280, 320]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(server.url);
      expect(await seriousViolations(page), `width ${width}`).toEqual([]);
      await page.close();
    }
  });
});
