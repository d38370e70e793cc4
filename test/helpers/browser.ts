import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startTestServer, type TestServer } from "./server";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Browser tests skip on a developer machine without Chromium, but fail in CI (CI=true). */
export const hasBrowser = existsSync(CHROMIUM) || process.env.CI === "true";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine has no network beyond localhost: Chromium's background calls would fail noisily.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/**
 * A test server and Chromium for the enclosing describe block: started together before its tests,
 * closed after them. Read `server` and `browser` inside tests, once beforeAll has run.
 */
export function serverAndBrowser() {
  const running = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    [running.server, running.browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * Runs axe-core in the page. page.evaluate goes through the DevTools protocol, so the page's
 * Content-Security-Policy does not need loosening for the test.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    // @ts-expect-error axe is defined by the evaluated source
    const result = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Signs in through the real form in the page; demo moderators and administrators enter a TOTP code. */
export async function signInPage(page: Page, baseUrl: string, email: string, options: { password?: string; totpKey?: string } = {}) {
  const { DEMO_PASSWORD, DEMO_TOTP_KEY } = await import("../../db/seed/demo");
  const { totpCode } = await import("./http");
  await page.goto(`${baseUrl}/login`);
  await page.fill("#email", email);
  await page.fill("#password", options.password ?? DEMO_PASSWORD);
  await submitAndSettle(page, "Sign in", "/login");
  if (new URL(page.url()).pathname === "/login/two-factor") {
    for (const offset of [0, 1]) {
      await page.fill("#code", totpCode(options.totpKey ?? DEMO_TOTP_KEY, offset));
      await submitAndSettle(page, "Continue", "/login/two-factor");
      if (new URL(page.url()).pathname !== "/login/two-factor") break;
    }
  }
}

/** Clicks a button and waits until the page has left `path` or shows an error summary. */
async function submitAndSettle(page: Page, button: string, path: string) {
  await page.evaluate(() => document.querySelector(".govuk-error-summary")?.remove());
  await page.click(`button:has-text('${button}')`);
  await Promise.race([page.waitForURL((u) => u.pathname !== path), page.waitForSelector(".govuk-error-summary")]);
}

/** Waits until Remix has hydrated the page: its router is initialised, so clicks and forms are the app's. */
export function hydrated(page: Page) {
  return page.waitForFunction(() => (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true, null, { timeout: 5_000 });
}
