import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { hasBrowser, hydrated, serverAndBrowser, signInPage } from "../helpers/browser";

// A tab opened before a release, running the old code, loads its next page as a document
// (app/lib/build-change.ts): the new loader data may have a shape the old code cannot render.
describe.skipIf(!hasBrowser)("a tab left open across a release, in Chromium", () => {
  const running = serverAndBrowser();

  /**
   * Opens a space, marks the window, optionally as running `build`, and follows its breadcrumb to
   * the forum's page, whose route the space's page already knows (so Remix's own route discovery,
   * which checks the build too, is not asked).
   */
  async function followLink(page: Page, build?: string) {
    await page.goto(`${running.server.url}/spaces/open-discussions`);
    await hydrated(page);
    await page.evaluate((older) => {
      (window as unknown as { stayed: boolean }).stayed = true;
      if (older) (window as unknown as { __remixManifest: { version: string } }).__remixManifest.version = older;
    }, build);
    await page.click(".govuk-breadcrumbs__link[href='/spaces']");
    await page.waitForURL(/\/spaces$/);
    await page.locator("h1", { hasText: "Forum" }).waitFor({ timeout: 5_000 });
    return page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true);
  }

  test("a tab running the server's build moves to the next page in the browser; one running another build loads it as a document, once per build", async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await signInPage(page, running.server.url, "chief@cleveland-police.example");
    expect(await followLink(page)).toBe(true);
    expect(await followLink(page, "an-earlier-build")).toBe(false);
    expect(await page.locator("main a[href='/spaces/open-discussions']").count()).toBeGreaterThan(0);
    // Sent to the same build again (workers of two builds during a restart), the tab does not load
    // a document a second time: it takes the answer as it comes.
    expect(await followLink(page, "an-earlier-build")).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
