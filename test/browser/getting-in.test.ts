import { mkdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { hasBrowser, seriousViolations, serverAndBrowser, signInPage } from "../helpers/browser";

// Issue 14, items 13-15, in Chromium. Screenshots go to $SCREENSHOT_DIR when it is set.
const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });
const shoot = (page: Page, name: string) => (shots ? page.screenshot({ path: `${shots}/${name}.png`, fullPage: false }) : Promise.resolve());
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

describe.skipIf(!hasBrowser)("getting in, phones and keyboards in Chromium", () => {
  const running = serverAndBrowser();

  test("the organisation picker is an autocomplete; not listed reveals its fields; the choice is sent", async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await running.browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${running.server.url}/join`);
      const input = page.locator("input#organisation.autocomplete__input");
      await input.waitFor();
      expect(await page.locator("select[name=organisation]").isVisible()).toBe(false);
      expect(await page.locator("#organisation-not-listed").isVisible()).toBe(false);
      await input.fill("cleve");
      await page.locator(".autocomplete__option", { hasText: "Cleveland Police" }).first().waitFor();
      await shoot(page, `join-autocomplete-${viewport.width}`);
      expect(await seriousViolations(page), `/join open at ${viewport.width}`).toEqual([]);
      await input.fill("zzz nothing like it");
      await page.locator(".autocomplete__option", { hasText: "My organisation is not listed" }).click();
      await page.locator("#organisation-not-listed").waitFor({ state: "visible" });
      expect(await page.locator("select[name=organisation]").inputValue()).toBe("new");
      await input.fill("Cleveland Police");
      await page.locator(".autocomplete__option", { hasText: "Cleveland Police" }).first().click();
      await page.locator("#organisation-not-listed").waitFor({ state: "hidden" });
      expect(await page.locator("select[name=organisation] option:checked").textContent()).toBe("Cleveland Police");
      await context.close();
    }
  });

  test("without JavaScript the select and the not-listed fields show, with their hint", async () => {
    const context = await running.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${running.server.url}/join`);
    expect(await page.locator("select#organisation").isVisible()).toBe(true);
    expect(await page.locator("#newOrganisationName").isVisible()).toBe(true);
    expect(await page.locator("#organisation-not-listed").textContent()).toContain('choose "My organisation is not listed"');
    await context.close();
  });

  test("request access by keyboard, then check your e-mail shows the address and sends it again", async () => {
    const context = await running.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${running.server.url}/join`);
    await page.locator("input#organisation.autocomplete__input").waitFor();
    await page.fill("#name", "Kim Keyboard");
    await page.fill("#email", "kim.keyboard@unverified.example");
    await page.focus("input#organisation");
    await page.keyboard.type("Durham");
    await page.locator(".autocomplete__option", { hasText: "Durham" }).first().waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    expect(await page.locator("select[name=organisation] option:checked").textContent()).toContain("Durham");
    await page.fill("#jobTitle", "Finance lead");
    await page.fill("#password", "correct horse battery staple");
    await page.check("#terms");
    await page.click("button:has-text('Request access')");
    await page.waitForURL((u) => u.pathname === "/join/check-email");
    await page.locator("main").getByText("kim.keyboard@unverified.example").first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    await shoot(page, "check-email-375");
    expect(await seriousViolations(page), "/join/check-email at 375").toEqual([]);
    await page.click("button:has-text('Send it again')");
    await page.locator(".govuk-notification-banner--success").waitFor();
    await page.setViewportSize(DESKTOP);
    await shoot(page, "check-email-1280");
    expect(await seriousViolations(page), "/join/check-email at 1280").toEqual([]);
    await page.click("a:has-text('Change address')");
    await page.waitForURL((u) => u.pathname === "/join/change-email");
    expect(await seriousViolations(page), "/join/change-email").toEqual([]);
    await context.close();
  });

  test("at 375 px the header folds behind Menu; it opens and closes; without JavaScript it all shows", async () => {
    const context = await running.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await signInPage(page, running.server.url, "chief@cleveland-police.example");
    await page.goto(`${running.server.url}/threads/1`);
    const menu = page.locator("button.app-header__menu-button");
    await menu.waitFor();
    const headerHeight = () =>
      page.evaluate(() => {
        const main = document.querySelector("main")!.parentElement!; // the width container after the header and navigation
        return main.getBoundingClientRect().top - document.querySelector("header")!.getBoundingClientRect().top;
      });
    const closed = await headerHeight();
    expect(closed).toBeLessThan(80);
    expect(await page.locator("#navigation").isVisible()).toBe(false);
    await shoot(page, "thread-header-375-closed");
    expect(await seriousViolations(page), "thread, menu closed").toEqual([]);
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await page.locator("#navigation").waitFor({ state: "visible" });
    expect(await page.locator("#app-account").getByText("Sign out").isVisible()).toBe(true);
    await shoot(page, "thread-header-375-open");
    expect(await seriousViolations(page), "thread, menu open").toEqual([]);
    await page.locator("#navigation a", { hasText: "Lessons" }).click();
    await page.waitForURL((u) => u.pathname === "/lessons");
    await page.locator("#navigation").waitFor({ state: "hidden" });
    await page.setViewportSize(DESKTOP);
    await shoot(page, "lessons-header-1280");
    expect(await menu.isVisible()).toBe(false);
    expect(await page.locator("#navigation").isVisible()).toBe(true);
    await context.close();

    const noJs = await running.browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await signInPage(plain, running.server.url, "chief@cleveland-police.example").catch(() => undefined);
    const visitor = await noJs.cookies();
    expect(visitor.length).toBeGreaterThan(0);
    await plain.goto(`${running.server.url}/spaces`);
    expect(await plain.locator("#navigation").isVisible()).toBe(true);
    expect(await plain.locator("button.app-header__menu-button").isVisible()).toBe(false);
    await noJs.close();
  });

  test("list filters sit behind a Filter toggle at 375 px, open from tablet up", async () => {
    const context = await running.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await signInPage(page, running.server.url, "chief@cleveland-police.example");
    for (const path of ["/lessons", "/library", "/partnerships", "/spaces/open-discussions"]) {
      await page.goto(`${running.server.url}${path}`);
      const panel = page.locator("details.app-filter");
      await page.waitForFunction(() => !document.querySelector("details.app-filter")?.hasAttribute("open"));
      expect(await page.locator(".app-filter__body").isVisible(), path).toBe(false);
      await panel.locator("summary").click();
      expect(await page.locator(".app-filter__body").isVisible(), path).toBe(true);
      expect(await seriousViolations(page), `${path} at 375`).toEqual([]);
    }
    await page.setViewportSize(DESKTOP);
    await page.locator(".app-filter__body").waitFor({ state: "visible" });
    await page.goto(`${running.server.url}/lessons`);
    await page.locator(".app-filter__body").waitFor({ state: "visible" });
    expect(await page.locator(".app-filter__toggle").isVisible()).toBe(false);
    expect(await seriousViolations(page), "/lessons at 1280").toEqual([]);
    await context.close();
  });

  test("the compare chart fits the screen at 375 px: its key, every label and bar in view, nothing scrolling sideways", async () => {
    const context = await running.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await signInPage(page, running.server.url, "pcc@cleveland-pcc.example");
    await page.goto(`${running.server.url}/partnerships/compare`);
    expect(await page.locator("svg.app-chart--wide").isVisible()).toBe(false);
    const chart = page.locator("svg.app-chart-narrow[role=img]");
    expect(await chart.isVisible()).toBe(true);
    const keyTexts = await chart.locator("> g:not(.app-chart-narrow__bar) text").count();
    expect(keyTexts).toBe(6);
    const rights = await chart.locator("text, rect").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
    expect(rights.length).toBeGreaterThan(20);
    expect(Math.max(...rights)).toBeLessThanOrEqual(375);
    // The labels stay readable: drawn at no less than 90 % of their size.
    const scale = await chart.evaluate((svg) => svg.getBoundingClientRect().width / Number(svg.getAttribute("width")));
    expect(scale).toBeGreaterThan(0.9);
    expect(await page.locator(".app-scroll[aria-labelledby=chart-heading]").evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  test("after client-side navigation focus is on the new heading and the title is announced; Skip to reply", async () => {
    const context = await running.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await signInPage(page, running.server.url, "chief@cleveland-police.example");
    await page.goto(`${running.server.url}/spaces`);
    await page.locator("#navigation a", { hasText: "Lessons" }).click();
    await page.waitForURL((u) => u.pathname === "/lessons");
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Lessons");
    await page.waitForFunction(() => document.getElementById("route-announcer")?.textContent === document.title);
    expect(await page.title()).toMatch(/Lessons/);

    await page.goto(`${running.server.url}/threads/1`);
    const skip = page.locator("a:has-text('Skip to reply')");
    await skip.focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("#reply")))).toBe(true);
    expect(await seriousViolations(page), "thread at 1280").toEqual([]);
    await context.close();
  });
});
