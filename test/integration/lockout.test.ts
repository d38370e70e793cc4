import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GOOD_PASSWORD, joinAndVerify, openDb, organisationId } from "../helpers/accounts";
import { signIn, totpCode, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const DEVICE_COOKIE = "exchange_device";

/** A new active account on a verified domain, so each test has an address of its own to lock. */
async function newChief(local: string) {
  const email = `${local}@cleveland-police.example`;
  await joinAndVerify(server, { email, organisation: String(organisationId(server, "cleveland")) });
  return email;
}

/** A browser the member has signed in on before and then signed out of, as at the end of a day. */
async function trustedBrowser(email: string) {
  const v = await signIn(server, email, { password: GOOD_PASSWORD });
  expect((await v.post("/logout", {})).status).toBe(302);
  expect(v.cookies.has(DEVICE_COOKIE)).toBe(true);
  return v;
}

const attempt = (v: Visitor, email: string, password: string) => v.post("/login", { email, password, redirectTo: "/" });

async function failFiveTimes(v: () => Visitor, email: string) {
  for (let i = 0; i < 5; i++) expect((await attempt(v(), email, `wrong guess ${i}`)).status).toBe(400);
}

describe("device cookies keep a lock-out from becoming a weapon", () => {
  test("a successful sign-in gives the browser a long-lived HttpOnly device cookie", async () => {
    const email = await newChief("cookie-check");
    const res = await attempt(new Visitor(server), email, GOOD_PASSWORD);
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(Number(/Max-Age=(\d+)/i.exec(cookie!)?.[1])).toBeGreaterThanOrEqual(180 * 24 * 60 * 60);
    expect(cookie).not.toContain(encodeURIComponent(email));
    expect(cookie).not.toContain(email);
  });

  test("an attacker's failures lock the address for strangers, but not for the chief's own browser", async () => {
    const email = await newChief("meeting-chief");
    const chiefBrowser = await trustedBrowser(email);
    await failFiveTimes(() => new Visitor(server), email);
    await attempt(new Visitor(server), email, "one more guess");
    // Protection kept: without a device cookie, even the right password is refused.
    const stranger = await attempt(new Visitor(server), email, GOOD_PASSWORD);
    expect(stranger.status).toBe(429);
    expect(await stranger.text()).toContain("Too many failed attempts");
    // The chief's browser still signs in, and is given a fresh device cookie.
    const before = chiefBrowser.cookies.get(DEVICE_COOKIE);
    const chief = await attempt(chiefBrowser, email, GOOD_PASSWORD);
    expect(chief.status).toBe(302);
    expect(chiefBrowser.cookies.get(DEVICE_COOKIE)).not.toBe(before);
    expect((await chiefBrowser.get("/settings")).status).toBe(200);
  });

  test("failures from a trusted browser lock that browser only", async () => {
    const email = await newChief("clumsy-chief");
    const laptop = await trustedBrowser(email);
    const phone = await trustedBrowser(email);
    await failFiveTimes(() => laptop, email);
    const locked = await attempt(laptop, email, GOOD_PASSWORD);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("Too many failed attempts");
    expect((await attempt(phone, email, GOOD_PASSWORD)).status).toBe(302);
    // The laptop's failures were not counted against strangers either.
    expect((await attempt(new Visitor(server), email, GOOD_PASSWORD)).status).toBe(302);
  });

  test("a device cookie issued for one address does not help another", async () => {
    const email = await newChief("neighbour-chief");
    const other = await newChief("other-chief");
    const browser = await trustedBrowser(other);
    await failFiveTimes(() => new Visitor(server), email);
    expect((await attempt(browser, email, GOOD_PASSWORD)).status).toBe(429);
  });

  test("a forged or altered device cookie counts as untrusted", async () => {
    const email = await newChief("forged-chief");
    const genuine = (await trustedBrowser(email)).cookies.get(DEVICE_COOKIE)!;
    const forgeries = [genuine.slice(0, -2) + (genuine.endsWith("AA") ? "BB" : "AA"), "x".repeat(60), "%00%ff", `${genuine}x`];
    // Failures sent with forged cookies count towards the address's untrusted lock-out...
    for (let i = 0; i < 5; i++) {
      const v = new Visitor(server);
      v.cookies.set(DEVICE_COOKIE, forgeries[i % forgeries.length]!);
      expect((await attempt(v, email, `wrong guess ${i}`)).status).toBe(400);
    }
    // ...and a forged cookie is no way past it.
    for (const forged of forgeries) {
      const v = new Visitor(server);
      v.cookies.set(DEVICE_COOKIE, forged);
      expect((await attempt(v, email, GOOD_PASSWORD)).status, forged).toBe(429);
    }
    const real = new Visitor(server);
    real.cookies.set(DEVICE_COOKIE, genuine);
    expect((await attempt(real, email, GOOD_PASSWORD)).status).toBe(302);
  });

  test("an unknown address still locks the same way, so a lock-out reveals no account", async () => {
    await failFiveTimes(() => new Visitor(server), "nobody-here@nowhere.example");
    expect((await attempt(new Visitor(server), "nobody-here@nowhere.example", "anything")).status).toBe(429);
  });
});

describe("turning two-factor authentication off", () => {
  test("is limited: after five wrong codes even the right one is refused with a clear message", async () => {
    const email = await newChief("two-factor-off");
    const v = await signIn(server, email, { password: GOOD_PASSWORD });
    const key = /Key: <span class="app-code">([A-Z2-7]+)</.exec(await (await v.get("/settings/two-factor")).text())![1]!;
    const setupAt = Date.now();
    expect((await v.post("/settings/two-factor", { intent: "confirm", code: totpCode(key, 0, setupAt) })).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await v.post("/settings/two-factor", { intent: "turn-off", code: "000000" })).status).toBe(400);
    const refused = await v.post("/settings/two-factor", { intent: "turn-off", code: totpCode(key, 1, setupAt) });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(/Too many attempts to turn off two-factor authentication\. Wait \d+ minutes? and try again/);
    expect(openDb(server).prepare("SELECT totp_enabled AS on_ FROM users WHERE email = ?").get(email)).toEqual({ on_: 1 });
  });
});
