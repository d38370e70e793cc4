import { describe, expect, test } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/seed/demo";
import { hasBrowser, seriousViolations, serverAndBrowser, signInPage } from "../helpers/browser";

describe.skipIf(!hasBrowser)("accounts in Chromium", () => {
  const running = serverAndBrowser();

  test.each(DEMO_ACCOUNTS.map((a) => [a.email, a.name, a.organisation === "steria"] as const))("%s signs in and sees what its side may see", async (email, name, isSupplier) => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await signInPage(page, running.server.url, email);
    expect(new URL(page.url()).pathname).toBe("/");
    // React commits the navigation in a transition, just after the URL changes.
    await page.locator("header").getByText(name).waitFor({ timeout: 5000 });
    await page.goto(`${running.server.url}/spaces`);
    const spaces = await page.locator("main").textContent();
    expect(spaces).toContain("Open discussions");
    expect(spaces!.includes("Chiefs and PCCs")).toBe(!isSupplier);
    await page.click("button:has-text('Sign out')");
    await page.waitForURL((u) => u.pathname === "/login");
    await context.close();
  });

  test("the join, sign-in and settings pages have no serious accessibility problems, errors included", async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    for (const path of ["/join", "/login", "/reset-password"]) {
      await page.goto(`${running.server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.goto(`${running.server.url}/join`);
    await page.click("button:has-text('Request access')");
    await page.waitForSelector(".govuk-error-summary");
    expect(await page.title()).toMatch(/^Error: Request access/);
    await page.waitForFunction(() => document.activeElement?.classList.contains("govuk-error-summary"), null, { timeout: 5000 });
    expect(await seriousViolations(page), "/join with errors").toEqual([]);
    await signInPage(page, running.server.url, "pcc@cleveland-pcc.example");
    for (const path of ["/settings", "/settings/two-factor"]) {
      await page.goto(`${running.server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await context.close();
  });

  test("a guest is sent to sign in and brought back by keyboard alone", async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${running.server.url}/settings`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.focus("#email");
    await page.keyboard.type("lead@homeoffice.example");
    await page.keyboard.press("Tab");
    await page.keyboard.type("exchange-demo-1");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === "/settings");
    await context.close();
  });
});
