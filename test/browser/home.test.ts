import { describe, expect, test } from "vitest";
import { hasBrowser, seriousViolations, serverAndBrowser } from "../helpers/browser";

describe.skipIf(!hasBrowser)("home page in Chromium", () => {
  const running = serverAndBrowser();

  test("renders the service with a working skip link", async () => {
    const page = await running.browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(running.server.url);
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
      const page = await running.browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(running.server.url);
      expect(await seriousViolations(page), `width ${width}`).toEqual([]);
      await page.close();
    }
  });
});
