/**
 * Issue 14 in Chromium with JavaScript on: the once-only message after a client-side form post
 * leaves with the next client-side navigation, the header count follows, and the notifications
 * page is checked with axe and photographed at 1280 and 375 px.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { hasBrowser, seriousViolations, serverAndBrowser, signInPage } from "../helpers/browser";
import { reply, startThread } from "../helpers/forum";
import { signIn } from "../helpers/http";

/** Kept out of the repository (test-results is ignored), for a person to look at. */
const SHOTS = path.resolve(import.meta.dirname, "../../test-results/screenshots");

describe.skipIf(!hasBrowser)("notifications and messages in Chromium", () => {
  const running = serverAndBrowser();

  test("a reply's banner shows after the client-side post and is gone on the next page; the header count updates without a reload", async () => {
    const chief = await signIn(running.server, "chief@cleveland-police.example");
    const t = await startThread(chief, "open-discussions", { title: "Browser banner thread", body: "Question" });
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await signInPage(page, running.server.url, "pcc@cleveland-pcc.example");
    await page.goto(running.server.url + t.url);
    await page.fill("#body", "A reply posted with JavaScript on");
    await page.click("button:has-text('Post reply')");
    await page.locator(".govuk-notification-banner--success", { hasText: "Your reply is posted." }).waitFor({ timeout: 5000 });
    // A client-side navigation: the root data is read again, and the message does not follow.
    await page.click("a.govuk-service-navigation__link:has-text('Forum')");
    await page.waitForURL(/\/spaces$/);
    await page.locator("h1", { hasText: "Forum" }).waitFor({ timeout: 5000 }).catch(() => undefined);
    expect(await page.locator(".govuk-notification-banner--success").count()).toBe(0);
    // Someone replies meanwhile; the next client-side navigation shows the new count.
    const unread = async () => Number(/\((\d+)\)/.exec((await page.locator("header a[href='/notifications']").textContent()) ?? "")?.[1] ?? 0);
    const before = await unread();
    const supplier = await signIn(running.server, "supplier@steria.example");
    await reply(supplier, t.url, "A reply the PCC is told about");
    await page.click("a.govuk-service-navigation__link:has-text('Partnerships')");
    await page.waitForURL(/\/partnerships$/);
    await page.locator("header a[href='/notifications']", { hasText: `Notifications (${before + 1})` }).waitFor({ timeout: 5000 });
    await context.close();
  });

  test("the notifications page has no serious accessibility problem, at 1280 and 375 px", async () => {
    const chief = await signIn(running.server, "chief@cleveland-police.example");
    const pcc = await signIn(running.server, "pcc@cleveland-pcc.example");
    const supplier = await signIn(running.server, "supplier@steria.example");
    const t = await startThread(chief, "open-discussions", { title: "What did your custody exit plan cost to write?", body: "We are starting ours." });
    await reply(pcc, t.url, "About six weeks of a commercial lead's time.");
    await reply(supplier, t.url, "Ours took longer: @demo-chief, see the schedule.");
    await reply(pcc, t.url, "And legal review on top.");
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await signInPage(page, running.server.url, "chief@cleveland-police.example");
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${running.server.url}/notifications`);
      await page.locator("h1", { hasText: "Notifications" }).waitFor();
      expect(await page.locator("main").textContent()).toContain("2 new replies in What did your custody exit plan cost to write? (the latest from Pat Commissioner (demo))");
      expect(await seriousViolations(page)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SHOTS, `notifications-${width}.png`), fullPage: true });
    }
    await context.close();
  });

  test("the pages with Watch buttons and the moderator's index have no serious accessibility problem, and Watch works by keyboard", async () => {
    const context = await running.browser.newContext();
    const page = await context.newPage();
    await signInPage(page, running.server.url, "moderator@example.org");
    for (const url of ["/spaces/open-discussions", "/service-areas/custody", "/partnerships/cleveland-steria", "/admin"]) {
      await page.goto(running.server.url + url);
      expect(await seriousViolations(page), url).toEqual([]);
    }
    await page.goto(`${running.server.url}/service-areas/custody`);
    await page.focus("button:has-text('Watch')");
    await page.keyboard.press("Enter");
    await page.locator("button", { hasText: "Stop watching" }).waitFor({ timeout: 5000 });
    await context.close();
  });
});
