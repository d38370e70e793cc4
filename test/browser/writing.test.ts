import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { openDb } from "../helpers/accounts";
import { hasBrowser, hydrated, seriousViolations, serverAndBrowser, signInPage } from "../helpers/browser";
import { reply } from "../helpers/forum";
import { signIn } from "../helpers/http";

const SHOTS = path.join(process.env.SCREENSHOT_DIR ?? tmpdir(), "exchange-writing");

describe.skipIf(!hasBrowser)("writing in Chromium", () => {
  const running = serverAndBrowser();

  async function as(email: string, width = 1280) {
    const context = await running.browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await signInPage(page, running.server.url, email);
    return { page, close: () => context.close() };
  }

  async function ask(page: Page, title: string, body: string) {
    await page.goto(`${running.server.url}/spaces/open-discussions/new`);
    await page.fill("#title", title);
    await page.fill("#body", body);
    await page.click("button:has-text('Publish')");
    await page.waitForURL(/\/threads\/\d+\//);
    await page.locator("h1", { hasText: title }).waitFor({ timeout: 5000 });
    return page.url();
  }
  const postsWith = (text: string) => (openDb(running.server).prepare("SELECT count(*) AS n FROM posts WHERE body_md = ?").get(text) as { n: number }).n;


  test("the posts the server wrote stay through hydration, and through a render React had to start afresh; a page reached in the browser shows its own", async () => {
    const chief = await as("chief@cleveland-police.example");
    const url = await ask(chief.page, "Browser held posts thread", "The question held in the page");
    const writer = await signIn(running.server, "chief@cleveland-police.example");
    for (let n = 2; n <= 27; n++) expect((await reply(writer, new URL(url).pathname, `Held reply number ${n}`)).status).toBe(302);
    const errors: string[] = [];
    chief.page.on("pageerror", (e) => errors.push(e.message));

    await chief.page.goto(url);
    await hydrated(chief.page);
    expect(await chief.page.locator("#post-1 .app-post-body").textContent()).toBe("The question held in the page");
    expect(await chief.page.locator("#post-25 .app-post-body").textContent()).toBe("Held reply number 25");
    // The next page through the router: its posts come in the loader data, not from this page.
    await chief.page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await chief.page.click(".govuk-pagination__next a");
    await chief.page.locator("#post-26").waitFor();
    expect(await chief.page.locator("#post-27 .app-post-body").textContent()).toBe("Held reply number 27");
    expect(await chief.page.locator("#post-25").count()).toBe(0);
    expect(await chief.page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // And back to the first page, which the router has not loaded before.
    await chief.page.click(".govuk-pagination__prev a");
    await chief.page.locator("#post-25").waitFor();
    expect(await chief.page.locator("#post-1 .app-post-body").textContent()).toBe("The question held in the page");
    expect(errors).toEqual([]);

    // A page that differs from what React expects is rendered afresh in the browser (React 18's
    // recovery from a hydration mismatch); the posts, which the loader data does not carry, stay.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await chief.page.route(/\/build\/entry\.client-[^/]+\.js$/, async (route) => {
      await gate;
      await route.continue();
    });
    await chief.page.goto(url, { waitUntil: "commit" });
    await chief.page.locator("h1").waitFor({ state: "attached" });
    await chief.page.evaluate(() => (document.querySelector("h1")!.textContent = "Changed before hydration"));
    release();
    await hydrated(chief.page);
    await chief.page.waitForFunction(() => document.querySelector("h1")?.textContent === "Browser held posts thread");
    expect(await chief.page.locator("#post-1 .app-post-body").textContent()).toBe("The question held in the page");
    expect(await chief.page.locator("#post-25 .app-post-body").textContent()).toBe("Held reply number 25");
    await chief.close();
  });

  test("posting a reply disables the button while it is sent, clears the composer, and a double click posts once", async () => {
    const chief = await as("chief@cleveland-police.example");
    const url = await ask(chief.page, "Browser double-post thread", "Question body");
    await chief.page.route("**/threads/**", async (route) => {
      if (route.request().method() === "POST") await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await chief.page.fill("#body", "Posted exactly once");
    await chief.page.dblclick("button:has-text('Post reply')");
    // Disabled once Remix has started the submission (a render after the click), while the
    // delayed request is still on its way: asked at once, the render sometimes had not happened yet.
    await chief.page.locator("button[value='reply']:disabled").waitFor({ timeout: 350 });
    await chief.page.waitForURL(/#post-2$/);
    await chief.page.locator("#post-2").waitFor();
    await chief.page.waitForFunction(() => (document.getElementById("body") as HTMLTextAreaElement).value === "");
    await chief.page.keyboard.press("Enter");
    await chief.page.click("button:has-text('Post reply')");
    await chief.page.waitForSelector(".govuk-error-summary");
    expect(postsWith("Posted exactly once")).toBe(1);
    expect(url).toContain("/threads/");
    await chief.close();
  });

  test("quoting inserts at the cursor, keeps the draft, repeats, and can quote only the selected words", async () => {
    const chief = await as("chief@cleveland-police.example");
    const url = await ask(chief.page, "Browser quoting thread", "Alpha words first. Beta words second.");
    const pcc = await as("pcc@cleveland-pcc.example");
    await pcc.page.goto(url);
    await pcc.page.fill("#body", "My own opening.");
    await pcc.page.click("a[data-quote-post]");
    await pcc.page.waitForFunction(() => (document.getElementById("body") as HTMLTextAreaElement).value.includes("wrote in"));
    const once = await pcc.page.inputValue("#body");
    expect(once.startsWith("My own opening.\n\n> **Casey Chief")).toBe(true);
    expect(pcc.page.url()).not.toContain("quote=");
    await pcc.page.click("a[data-quote-post]");
    await pcc.page.waitForFunction(() => ((document.getElementById("body") as HTMLTextAreaElement).value.match(/wrote in/g) ?? []).length === 2);
    await pcc.page.fill("#body", "Only the selection:");
    await pcc.page.evaluate(() => {
      const paragraph = document.querySelector("#post-1 .app-post-body p")!;
      const text = paragraph.firstChild!;
      const range = document.createRange();
      range.setStart(text, text.textContent!.indexOf("Beta"));
      range.setEnd(text, text.textContent!.indexOf("second") + "second".length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
    });
    await pcc.page.click("a[data-quote-post]");
    await pcc.page.waitForFunction(() => (document.getElementById("body") as HTMLTextAreaElement).value.includes("wrote in"));
    const selected = await pcc.page.inputValue("#body");
    expect(selected).toContain("> Beta words second");
    expect(selected).not.toContain("Alpha");
    expect(selected.startsWith("Only the selection:")).toBe(true);
    await chief.close();
    await pcc.close();
  });

  test("a reply and a new thread are saved as drafts while typing and come back after a reload", async () => {
    const chief = await as("chief@cleveland-police.example");
    const url = await ask(chief.page, "Browser draft thread", "Question body");
    await chief.page.fill("#body", "Typed, then the tab was reloaded");
    await chief.page.locator(".app-draft-status", { hasText: "Draft saved" }).waitFor({ timeout: 5000 });
    await chief.page.goto(url);
    expect(await chief.page.inputValue("#body")).toBe("Typed, then the tab was reloaded");
    await chief.page.goto(`${running.server.url}/spaces/open-discussions/new`);
    await chief.page.fill("#title", "A thread drafted in the browser");
    await chief.page.fill("#body", "Its first words");
    await chief.page.locator(".app-draft-status", { hasText: "Draft saved" }).waitFor({ timeout: 5000 });
    await chief.page.reload();
    expect(await chief.page.inputValue("#title")).toBe("A thread drafted in the browser");
    expect(await chief.page.inputValue("#body")).toBe("Its first words");
    await chief.page.goto(`${running.server.url}/drafts`);
    expect(await chief.page.locator("main").textContent()).toContain("Browser draft thread");
    expect(await seriousViolations(chief.page)).toEqual([]);
    await chief.close();
  });

  test("the page confirming a change of accepted answer passes axe", async () => {
    const chief = await as("chief@cleveland-police.example");
    const url = await ask(chief.page, "Browser accepted answer change", "Question body");
    const pcc = await as("pcc@cleveland-pcc.example");
    for (const text of ["First answer here", "Second answer here"]) {
      await pcc.page.goto(url);
      await pcc.page.fill("#body", text);
      await pcc.page.click("button:has-text('Post reply')");
      await pcc.page.locator(".app-post-body", { hasText: text }).waitFor();
    }
    await chief.page.goto(url);
    await chief.page.locator("#post-2 button:has-text('Accept this answer')").click();
    await chief.page.waitForSelector("#accepted-heading");
    await chief.page.locator("#post-3 button:has-text('Accept this answer')").click();
    await chief.page.waitForURL(/\/accept\/\d+$/);
    expect(await chief.page.locator("h1").textContent()).toBe("Change the accepted answer?");
    expect(await seriousViolations(chief.page)).toEqual([]);
    await chief.page.click("button:has-text('Change the accepted answer')");
    await chief.page.waitForURL(/\/threads\/\d+\/[^/]+$/);
    await chief.page.locator("section[aria-labelledby='accepted-heading']", { hasText: "Second answer here" }).waitFor();
    await chief.close();
    await pcc.close();
  });

  test("the thread with its composer and the new-thread form pass axe and fit 1280 and 375 px", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const db = openDb(running.server);
    db.prepare("UPDATE partnerships SET status = 'in-procurement' WHERE slug = 'cleveland-steria'").run();
    const partnershipId = (db.prepare("SELECT id FROM partnerships WHERE slug = 'cleveland-steria'").get() as { id: number }).id;
    const chief = await as("chief@cleveland-police.example");
    await chief.page.goto(`${running.server.url}/spaces/open-discussions/new?partnership=${partnershipId}`);
    await chief.page.fill("#title", "Exit planning for back-office services");
    await chief.page.fill("#body", "What did your exit plan cover?");
    await chief.page.click("button:has-text('Publish')");
    await chief.page.waitForURL(/\/threads\/\d+\//);
    const url = chief.page.url();
    for (const width of [1280, 375]) {
      const supplier = await as("supplier@steria.example", width);
      await supplier.page.goto(url);
      if (width === 1280) {
        await supplier.page.check("#interest-may_bid");
        await supplier.page.fill("#body", "Data return formats, named in the contract.");
        await supplier.page.click("button:has-text('Post reply')");
        await supplier.page.locator("#post-2").waitFor();
        await supplier.page.goto(url);
      }
      expect(await supplier.page.locator("#reply").textContent()).toContain("You declared: may bid");
      const tag = supplier.page.locator("#post-2 .govuk-tag", { hasText: "Declared: may bid" });
      const box = (await tag.boundingBox())!;
      expect(box.height).toBeLessThan(40);
      expect(await supplier.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await seriousViolations(supplier.page)).toEqual([]);
      await supplier.page.screenshot({ path: path.join(SHOTS, `thread-composer-${width}.png`), fullPage: true });
      await supplier.page.goto(`${running.server.url}/spaces/open-discussions/new`);
      expect(await seriousViolations(supplier.page)).toEqual([]);
      await supplier.page.screenshot({ path: path.join(SHOTS, `new-thread-${width}.png`), fullPage: true });
      await supplier.close();
    }
    await chief.close();
  });
});
