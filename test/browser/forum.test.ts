import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { hasBrowser, hydrated, seriousViolations, serverAndBrowser, signInPage } from "../helpers/browser";

describe.skipIf(!hasBrowser)("the forum in Chromium", () => {
  const running = serverAndBrowser();

  async function as(email: string) {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await signInPage(page, running.server.url, email);
    return { page, dialogs, close: () => context.close() };
  }

  async function ask(page: Page, title: string, body: string) {
    await page.goto(`${running.server.url}/spaces/open-discussions/new`);
    await page.fill("#title", title);
    await page.fill("#body", body);
    await page.click("button:has-text('Publish')");
    await page.waitForURL(/\/threads\/\d+\//);
    // React commits the navigation just after the URL changes: wait for the new page's heading.
    await page.locator("h1", { hasText: title }).waitFor({ timeout: 5000 });
    return page.url();
  }

  test("a chief asks, a supplier answers, the chief accepts the answer", async () => {
    const chief = await as("chief@cleveland-police.example");
    const url = await ask(chief.page, "How long did your control-room mobilisation take?", "We are planning **twelve months**. Is that realistic?");
    expect(await chief.page.locator("h1").textContent()).toBe("How long did your control-room mobilisation take?");

    const supplier = await as("supplier@steria.example");
    await supplier.page.goto(url);
    await supplier.page.fill("#body", "Twelve months is realistic if TUPE consultation starts on day one.");
    await supplier.page.click("button:has-text('Preview')");
    await supplier.page.waitForSelector(".app-preview");
    expect(await supplier.page.locator(".app-preview").textContent()).toContain("TUPE consultation");
    await supplier.page.click("button:has-text('Post reply')");
    await supplier.page.waitForURL(/#post-2$/);
    expect(await supplier.page.locator("#post-2").textContent()).toContain("TUPE consultation");

    await chief.page.goto(url);
    await chief.page.click("button:has-text('Accept this answer')");
    await chief.page.waitForSelector("#accepted-heading");
    expect(await chief.page.locator("section[aria-labelledby='accepted-heading']").textContent()).toContain("TUPE consultation");
    await chief.close();
    await supplier.close();
  });

  test("a Markdown post carrying script executes nothing", async () => {
    const chief = await as("chief@cleveland-police.example");
    const payload = [
      "<script>alert('script')</script>",
      "<img src=x onerror=alert('img')>",
      "[click](javascript:alert('link'))",
      "<svg onload=alert('svg')>",
      "<a href=\"javascript:alert('html')\">html link</a>",
      "![x](javascript:alert('image'))",
    ].join("\n\n");
    const url = await ask(chief.page, "XSS payload test thread", payload);
    const reader = await as("pcc@cleveland-pcc.example");
    await reader.page.goto(url);
    for (const link of await reader.page.locator(".app-post-body a").all()) await link.click({ trial: true, timeout: 1000 }).catch(() => undefined);
    await reader.page.waitForTimeout(300);
    expect(reader.dialogs).toEqual([]);
    expect(chief.dialogs).toEqual([]);
    expect(await reader.page.locator(".app-post-body script, .app-post-body img, .app-post-body svg").count()).toBe(0);
    const hrefs = await reader.page.locator(".app-post-body a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
    await chief.close();
    await reader.close();
  });

  test("every main page hydrates in the browser without a script error", async () => {
    const chief = await as("chief@cleveland-police.example");
    const errors: string[] = [];
    chief.page.on("pageerror", (e) => errors.push(`${chief.page.url()}: ${e.message}`));
    const paths = ["/", "/spaces", "/spaces/open-discussions", "/threads/1", "/search?q=custody", "/notifications", "/settings", "/members/demo-chief", "/organisations/cleveland", "/partnerships/cleveland-reliance-custody/engagement"];
    for (const path of paths) {
      await chief.page.goto(`${running.server.url}${path}`);
      await chief.page.waitForLoadState("networkidle");
      expect(await chief.page.locator("h1").first().textContent(), path).not.toMatch(/Sorry, there is a problem/);
      // Remix hydrates only once the loader data written after the page has arrived.
      await hydrated(chief.page);
    }
    expect(errors).toEqual([]);
    await chief.close();
  });

  test("lists of threads stay through hydration, and a space reached in the browser lists its own threads", async () => {
    const chief = await as("chief@cleveland-police.example");
    const errors: string[] = [];
    chief.page.on("pageerror", (e) => errors.push(e.message));
    const url = await ask(chief.page, "Listed after a browser navigation", "Body");
    await chief.page.goto(`${running.server.url}/`);
    await hydrated(chief.page);
    expect(await chief.page.locator("#latest-threads li", { hasText: "Listed after a browser navigation" }).count()).toBe(1);
    await chief.page.goto(url);
    await hydrated(chief.page);
    await chief.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await chief.page.click(".govuk-breadcrumbs__link >> text=Open discussions");
    await chief.page.waitForURL(/\/spaces\/open-discussions$/);
    await chief.page.locator("#threads li", { hasText: "Listed after a browser navigation" }).waitFor();
    expect(await chief.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // The list's own links, written by the server as HTML, are followed in the browser too.
    await chief.page.click("#threads a >> text=Listed after a browser navigation");
    await chief.page.waitForURL(url);
    await chief.page.locator("h1", { hasText: "Listed after a browser navigation" }).waitFor();
    expect(await chief.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(errors).toEqual([]);
    await chief.close();
  });

  test("the header's and footer's links move in the browser on a plain click, and stay ordinary links otherwise", async () => {
    const chief = await as("chief@cleveland-police.example");
    const errors: string[] = [];
    chief.page.on("pageerror", (e) => errors.push(e.message));
    const stayed = () => chief.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true);
    await chief.page.goto(`${running.server.url}/spaces`);
    await hydrated(chief.page);
    await chief.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await chief.page.click(".govuk-service-navigation__link >> text=Lessons");
    await chief.page.waitForURL(/\/lessons$/);
    await chief.page.locator("h1", { hasText: "Lessons" }).first().waitFor();
    expect(await chief.page.locator(".govuk-service-navigation__item--active").textContent()).toBe("Lessons");
    // A link to the page itself replaces its history entry, as a Link does, rather than adding one.
    const entries = await chief.page.evaluate(() => history.length);
    await chief.page.click(".govuk-service-navigation__link >> text=Lessons");
    await chief.page.waitForFunction(() => (window as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter?.state.navigation.state === "idle");
    expect(await chief.page.evaluate(() => history.length)).toBe(entries);
    await chief.page.click(".govuk-footer__link >> text=Accessibility");
    await chief.page.waitForURL(/\/accessibility$/);
    await chief.page.click("a[href='/notifications']");
    await chief.page.waitForURL(/\/notifications$/);
    expect(await stayed()).toBe(true);
    // With Shift held the browser opens the link in a new window, and this page stays where it is.
    const opened = chief.page.context().waitForEvent("page");
    await chief.page.click(".govuk-service-navigation__link >> text=Library", { modifiers: ["Shift"] });
    await (await opened).waitForLoadState();
    expect(chief.page.url()).toMatch(/\/notifications$/);
    expect(errors).toEqual([]);
    await chief.close();

    const context = await running.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInPage(page, running.server.url, "chief@cleveland-police.example");
    await page.goto(`${running.server.url}/spaces`);
    await page.click(".govuk-service-navigation__link >> text=Partnerships");
    await page.waitForURL(/\/partnerships$/);
    await context.close();
  });

  test("the header's search box is reached by keyboard and searches on Enter", async () => {
    const chief = await as("chief@cleveland-police.example");
    await chief.page.goto(`${running.server.url}/spaces`);
    for (let i = 0; i < 6 && (await chief.page.evaluate(() => document.activeElement?.id)) !== "header-search"; i++) await chief.page.keyboard.press("Tab");
    expect(await chief.page.evaluate(() => document.activeElement?.id)).toBe("header-search");
    await chief.page.keyboard.type("custody");
    await chief.page.keyboard.press("Enter");
    await chief.page.waitForURL(/\/search\?q=custody/);
    expect(await chief.page.locator("#results-heading").textContent()).toMatch(/results? for "custody"/);
    for (const width of [320, 1280]) {
      await chief.page.setViewportSize({ width, height: 900 });
      await chief.page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? "/tmp"}/search-${width}.png`, fullPage: false });
    }
    await chief.close();
  });

  test("the search filters' lists keep their choice through hydration and a filtered search in the page", async () => {
    const chief = await as("chief@cleveland-police.example");
    const errors: string[] = [];
    chief.page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    chief.page.on("pageerror", (e) => errors.push(e.message));
    await chief.page.goto(`${running.server.url}/search?q=custody&organisation=cleveland`);
    await chief.page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    expect(await chief.page.inputValue("#search-organisation")).toBe("cleveland");
    expect(await chief.page.inputValue("#search-space")).toBe("");
    await chief.page.selectOption("#search-space", "control-rooms-and-custody");
    await chief.page.selectOption("#search-organisation", "");
    // Marks this document, so the check below knows React re-rendered the lists in place.
    await chief.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await Promise.all([chief.page.waitForURL((u) => u.searchParams.get("space") === "control-rooms-and-custody"), chief.page.click("form[aria-label='Search and filters'] button[type=submit] >> nth=0")]);
    await chief.page.locator("#results-heading").waitFor();
    expect(new URL(chief.page.url()).searchParams.get("organisation") ?? "").toBe("");
    expect(await chief.page.inputValue("#search-space")).toBe("control-rooms-and-custody");
    expect(await chief.page.inputValue("#search-organisation")).toBe("");
    expect(await chief.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(errors).toEqual([]);
    await chief.close();
  });

  test("a space, a thread and the new-thread form have no serious accessibility problems", async () => {
    const chief = await as("chief@cleveland-police.example");
    for (const path of ["/", "/spaces", "/spaces/control-rooms-and-custody", "/threads/1", "/search?q=custody&kind=thread", "/search?q=custdy", "/partnerships/cleveland-reliance-custody", "/spaces/open-discussions/new"]) {
      await chief.page.goto(`${running.server.url}${path}`);
      expect(await seriousViolations(chief.page), path).toEqual([]);
    }
    await chief.page.click("button:has-text('Publish')");
    await chief.page.waitForSelector(".govuk-error-summary");
    expect(await seriousViolations(chief.page), "new thread with errors").toEqual([]);
    await chief.close();
  });
});
