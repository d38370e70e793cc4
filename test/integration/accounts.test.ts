import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GOOD_PASSWORD, joinAndVerify, openDb, organisationId, userRow } from "../helpers/accounts";
import { linkIn, readOutbox, signIn, totpCode, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const joinForm = (overrides: Record<string, string> = {}) => ({
  name: "Jo Bloggs",
  email: "jo.bloggs@somewhere.example",
  organisation: String(organisationId(server, "durham")),
  newOrganisationName: "",
  newOrganisationKind: "",
  jobTitle: "Finance director",
  password: GOOD_PASSWORD,
  terms: "yes",
  ...overrides,
});

describe("requesting access", () => {
  test("join → e-mail → verify → pending: cannot sign in until approved", async () => {
    const { confirmedHtml } = await joinAndVerify(server, { email: "new.person@unverified.example", organisation: String(organisationId(server, "kent")) });
    expect(confirmedHtml).toContain("An administrator will now check your request");
    expect(await (await new Visitor(server).get("/join/check-email")).text()).toContain("We have sent you a link to confirm your address");
    expect(userRow(server, "new.person@unverified.example")!.status).toBe("pending");
    const res = await new Visitor(server).post("/login", { email: "new.person@unverified.example", password: GOOD_PASSWORD, redirectTo: "/" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("waiting for an administrator to approve it");
  });

  test("an address on the organisation's verified domain is active at once and can sign in and out", async () => {
    const { confirmedHtml } = await joinAndVerify(server, { email: "analyst@cleveland-police.example", organisation: String(organisationId(server, "cleveland")) });
    expect(confirmedHtml).toContain("your account is ready");
    const visitor = await signIn(server, "analyst@cleveland-police.example", { password: GOOD_PASSWORD });
    const home = await visitor.get("/settings");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("analyst@cleveland-police.example");
    const out = await visitor.post("/logout", {});
    expect(out.headers.get("location")).toBe("/login?done=signed-out");
    expect((await visitor.get("/settings")).status).toBe(302);
  });

  test("a verified domain of another organisation does not auto-approve", async () => {
    await joinAndVerify(server, { email: "someone@cleveland-police.example", organisation: String(organisationId(server, "durham")) });
    expect(userRow(server, "someone@cleveland-police.example")!.status).toBe("pending");
  });

  test("naming a new organisation creates it unconfirmed and the account waits", async () => {
    await joinAndVerify(server, { email: "bd@newco.example", organisation: "new", newOrganisationName: "NewCo Outsourcing Ltd", newOrganisationKind: "supplier" });
    const org = openDb(server).prepare("SELECT kind, is_confirmed FROM organisations WHERE name = ?").get("NewCo Outsourcing Ltd");
    expect(org).toEqual({ kind: "supplier", is_confirmed: 0 });
    expect(userRow(server, "bd@newco.example")!.status).toBe("pending");
  });

  test("a verification link works once", async () => {
    const { visitor, token } = await joinAndVerify(server, { email: "twice@unverified.example", organisation: String(organisationId(server, "kent")) });
    const again = await visitor.post("/verify-email", { token });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("already been used");
    const bogus = await visitor.get("/verify-email?token=not-a-real-token");
    expect(await bogus.text()).toContain("This link is not valid");
  });

  test("an expired verification link is refused", async () => {
    const { token } = await (async () => {
      const v = new Visitor(server);
      await v.post("/join", joinForm({ email: "late@unverified.example" }));
      const mail = (await readOutbox(server, "late@unverified.example")).at(-1)!;
      return { token: new URL(linkIn(mail, "/verify-email?token="), server.url).searchParams.get("token")! };
    })();
    openDb(server).prepare("UPDATE account_tokens SET expires_at = unixepoch() - 1 WHERE user_id = (SELECT id FROM users WHERE email = ?)").run("late@unverified.example");
    const res = await new Visitor(server).post("/verify-email", { token });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("This link has expired");
    expect(userRow(server, "late@unverified.example")!.status).toBe("unverified");
  });

  test("joining with an address that already has an account reveals nothing and creates nothing", async () => {
    const before = (openDb(server).prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n;
    const res = await new Visitor(server).post("/join", joinForm({ email: "chief@cleveland-police.example" }));
    expect(res.headers.get("location")).toBe("/join/check-email");
    expect((openDb(server).prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n).toBe(before);
    expect((await readOutbox(server, "chief@cleveland-police.example")).at(-1)!.text).toContain("already has an account");
  });
});

describe("bad input on request access", () => {
  test.each([
    [{ name: "" }, "name", "Enter your full name"],
    [{ name: "x".repeat(101) }, "name", "Full name must be 100 characters or fewer"],
    [{ email: "not-an-email" }, "email", "Enter an e-mail address in the correct format"],
    [{ password: "short" }, "password", "Password must be 12 characters or more"],
    [{ email: "longpassword@x.example", password: "longpassword@x.example" }, "password", "Password must not be your e-mail address"],
    [{ terms: "" }, "terms", "Agree to the terms of use"],
    [{ organisation: "" }, "organisation", "Select your organisation"],
    [{ organisation: "999999" }, "organisation", "Select your organisation from the list"],
    [{ organisation: "new", newOrganisationName: "" }, "newOrganisationName", "Enter the name of your organisation"],
    [{ jobTitle: "y".repeat(200) }, "jobTitle", "Job title must be 100 characters or fewer"],
  ])("%o gives a clear message, keeps what was typed except the password", async (overrides, field, message) => {
    const form = joinForm({ email: `bad-${field}@unverified.example`, ...overrides });
    const res = await new Visitor(server).post("/join", form);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain(message);
    expect(html).toContain(`href="#${field}"`);
    expect(html).toContain("<title>Error: Request access");
    if (field !== "email") expect(html).toContain(`value="${form.email}"`);
    expect(html).not.toContain(GOOD_PASSWORD);
    expect(userRow(server, form.email)).toBeUndefined();
  });
});

describe("signing in", () => {
  test("a wrong password gets a generic message, the same as an unknown address", async () => {
    const wrong = await new Visitor(server).post("/login", { email: "chief@cleveland-police.example", password: "not the password", redirectTo: "/" });
    const unknown = await new Visitor(server).post("/login", { email: "nobody@nowhere.example", password: "not the password", redirectTo: "/" });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const a = await wrong.text();
    expect(a).toContain("Enter a correct e-mail address and password");
    expect(await unknown.text()).toContain("Enter a correct e-mail address and password");
    expect(a).toContain('value="chief@cleveland-police.example"');
  });

  test("five failures lock the address for 15 minutes, even against the right password", async () => {
    await joinAndVerify(server, { email: "locked@cleveland-police.example", organisation: String(organisationId(server, "cleveland")) });
    for (let i = 0; i < 5; i++) await new Visitor(server).post("/login", { email: "locked@cleveland-police.example", password: `wrong ${i}`, redirectTo: "/" });
    const res = await new Visitor(server).post("/login", { email: "locked@cleveland-police.example", password: GOOD_PASSWORD, redirectTo: "/" });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("Too many failed attempts");
    for (let i = 0; i < 5; i++) await new Visitor(server).post("/login", { email: "ghost@nowhere.example", password: `wrong ${i}`, redirectTo: "/" });
    const ghost = await new Visitor(server).post("/login", { email: "ghost@nowhere.example", password: "anything at all", redirectTo: "/" });
    expect(ghost.status).toBe(429);
    openDb(server).prepare("UPDATE sign_in_locks SET locked_until = unixepoch() - 1 WHERE email = ?").run("locked@cleveland-police.example");
    expect((await new Visitor(server).post("/login", { email: "locked@cleveland-police.example", password: GOOD_PASSWORD, redirectTo: "/" })).status).toBe(302);
  });

  test("signing in replaces the session: the old id no longer works", async () => {
    const visitor = await signIn(server, "pcc@cleveland-pcc.example");
    const [name, first] = [...visitor.cookies][0]!;
    expect(name).toBe("exchange_session");
    await visitor.post("/login", { email: "pcc@cleveland-pcc.example", password: "exchange-demo-1", redirectTo: "/" });
    const second = visitor.cookies.get(name);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    const stale = new Visitor(server);
    stale.cookies.set(name, first);
    expect((await stale.get("/settings")).status).toBe(302);
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async () => {
    const res = await new Visitor(server).post("/login", { email: "lead@homeoffice.example", password: "exchange-demo-1", redirectTo: "/" });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("exchange_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  test("over https the session and device cookies are Secure with the __Host- prefix", async () => {
    const https = await startTestServer({ BASE_URL: "https://exchange.example" });
    try {
      const res = await new Visitor(https).post("/login", { email: "lead@homeoffice.example", password: "exchange-demo-1", redirectTo: "/" });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-exchange_session="))!;
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
      const device = res.headers.getSetCookie().find((c) => c.startsWith("__Host-exchange_device="))!;
      expect(device).toMatch(/; Secure/i);
      expect(device).toMatch(/HttpOnly/i);
      expect(device).toMatch(/Path=\//);
      expect(device).not.toMatch(/Domain=/i);
    } finally {
      await https.stop();
    }
  });

  test("a tampered or made-up session cookie is treated as signed out, never an error", async () => {
    for (const value of ["tampered", "x".repeat(5000), "%00%ff", ""]) {
      const v = new Visitor(server);
      v.cookies.set("exchange_session", value);
      const res = await v.get("/settings");
      expect(res.status, value).toBe(302);
      expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fsettings");
    }
  });

  test("a guest is sent to sign in and returned to the page afterwards; only same-site paths", async () => {
    const visitor = new Visitor(server);
    const res = await visitor.get("/settings?tab=1");
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fsettings%3Ftab%3D1");
    const login = await visitor.post("/login", { email: "lead@homeoffice.example", password: "exchange-demo-1", redirectTo: "/settings?tab=1" });
    expect(login.headers.get("location")).toBe("/settings?tab=1");
    const evil = await new Visitor(server).post("/login", { email: "lead@homeoffice.example", password: "exchange-demo-1", redirectTo: "//evil.example/x" });
    expect(evil.headers.get("location")).toBe("/");
  });

  test("a cross-origin sign-in post is refused with 403", async () => {
    const refused: Record<string, string>[] = [{ "sec-fetch-site": "cross-site" }, { origin: "https://evil.example" }, { referer: "https://evil.example/page" }, {}];
    for (const headers of refused) {
      const res = await fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: "email=lead%40homeoffice.example&password=exchange-demo-1",
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    const sameSite = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      body: "email=lead%40homeoffice.example&password=exchange-demo-1&redirectTo=%2F",
    });
    expect(sameSite.status).toBe(302);
  });
});

describe("password reset", () => {
  test("reset by e-mailed link signs out every session; the link works once", async () => {
    await joinAndVerify(server, { email: "forgetful@cleveland-police.example", organisation: String(organisationId(server, "cleveland")) });
    const session = await signIn(server, "forgetful@cleveland-police.example", { password: GOOD_PASSWORD });
    const unknown = await new Visitor(server).post("/reset-password", { email: "nobody@nowhere.example" });
    const known = await new Visitor(server).post("/reset-password", { email: "forgetful@cleveland-police.example" });
    const [a, b] = [await unknown.text(), await known.text()];
    expect(a).toContain("If nobody@nowhere.example has an account");
    expect(b).toContain("If forgetful@cleveland-police.example has an account");
    expect(await readOutbox(server, "nobody@nowhere.example")).toHaveLength(0);
    const link = linkIn((await readOutbox(server, "forgetful@cleveland-police.example")).at(-1)!, "/reset-password?token=");
    const token = new URL(link, server.url).searchParams.get("token")!;
    const weak = await new Visitor(server).post("/reset-password", { token, password: "short" });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain("Password must be 12 characters or more");
    const done = await new Visitor(server).post("/reset-password", { token, password: "a brand new passphrase" });
    expect(done.headers.get("location")).toBe("/login?done=reset");
    expect((await session.get("/settings")).status).toBe(302);
    const reused = await new Visitor(server).post("/reset-password", { token, password: "another new passphrase" });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("already been used");
    await signIn(server, "forgetful@cleveland-police.example", { password: "a brand new passphrase" });
  });
});

describe("two-factor authentication", () => {
  test("set up with a first code, then sign in with a code once, and with a recovery code once", async () => {
    await joinAndVerify(server, { email: "careful@cleveland-police.example", organisation: String(organisationId(server, "cleveland")) });
    const visitor = await signIn(server, "careful@cleveland-police.example", { password: GOOD_PASSWORD });
    const setupHtml = await (await visitor.get("/settings/two-factor")).text();
    expect(setupHtml).toContain("<svg");
    const key = /Key: <span class="app-code">([A-Z2-7]+)</.exec(setupHtml)![1]!;
    const wrong = await visitor.post("/settings/two-factor", { intent: "confirm", code: "000000" });
    expect(wrong.status).toBe(400);
    // Codes are taken from the set-up moment's time step, so a step boundary during the test changes nothing.
    const setupAt = Date.now();
    const confirmed = await visitor.post("/settings/two-factor", { intent: "confirm", code: totpCode(key, 0, setupAt) });
    const codes = [...(await confirmed.text()).matchAll(/<li>([A-Z2-7]{5}-[A-Z2-7]{5})<\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);

    // The code used for set-up is spent: the next step's code signs in, and cannot be replayed.
    const v2 = new Visitor(server);
    const step1 = await v2.post("/login", { email: "careful@cleveland-police.example", password: GOOD_PASSWORD, redirectTo: "/settings" });
    expect(step1.headers.get("location")).toBe("/login/two-factor?redirectTo=%2Fsettings");
    expect((await v2.get("/settings")).status).toBe(302);
    expect(await (await v2.get("/login/two-factor?redirectTo=%2Fsettings")).text()).toContain('id="code"');
    const replay = await v2.post("/login/two-factor", { code: totpCode(key, 0, setupAt), redirectTo: "/settings" });
    expect(replay.status).toBe(400);
    const ok = await v2.post("/login/two-factor", { code: totpCode(key, 1, setupAt), redirectTo: "/settings" });
    expect(ok.headers.get("location")).toBe("/settings");
    expect((await v2.get("/settings")).status).toBe(200);
    const v3 = new Visitor(server);
    await v3.post("/login", { email: "careful@cleveland-police.example", password: GOOD_PASSWORD, redirectTo: "/" });
    expect((await v3.post("/login/two-factor", { code: totpCode(key, 1, setupAt), redirectTo: "/" })).status).toBe(400);

    const v4 = new Visitor(server);
    await v4.post("/login", { email: "careful@cleveland-police.example", password: GOOD_PASSWORD, redirectTo: "/" });
    expect((await v4.post("/login/two-factor", { code: codes[0]!.toLowerCase(), redirectTo: "/" })).status).toBe(302);
    const v5 = new Visitor(server);
    await v5.post("/login", { email: "careful@cleveland-police.example", password: GOOD_PASSWORD, redirectTo: "/" });
    expect((await v5.post("/login/two-factor", { code: codes[0]!, redirectTo: "/" })).status).toBe(400);
  });

  test("a moderator without two-factor is sent to set it up before anything else", async () => {
    await joinAndVerify(server, { email: "newmod@cleveland-police.example", organisation: String(organisationId(server, "cleveland")) });
    openDb(server).prepare("UPDATE users SET role = 'moderator' WHERE email = ?").run("newmod@cleveland-police.example");
    const visitor = await signIn(server, "newmod@cleveland-police.example", { password: GOOD_PASSWORD });
    const res = await visitor.get("/settings");
    expect(res.headers.get("location")).toBe("/settings/two-factor?required=1");
    expect(await (await visitor.get("/settings/two-factor?required=1")).text()).toContain("must set up two-factor authentication");
  });

  test("the demo administrator signs in with the demo key", async () => {
    const admin = await signIn(server, "admin@example.org");
    expect((await admin.get("/settings")).status).toBe(200);
  });
});

describe("settings", () => {
  test("lists sessions and signs out all others", async () => {
    const a = await signIn(server, "lead@homeoffice.example");
    const b = await signIn(server, "lead@homeoffice.example");
    const html = await (await a.get("/settings")).text();
    expect(html).toContain("This device");
    expect(html).not.toContain(b.cookies.get("exchange_session")!);
    const res = await a.post("/settings", { intent: "sign-out-others" });
    expect(res.headers.get("location")).toBe("/settings?done=sessions");
    expect((await b.get("/settings")).status).toBe(302);
    expect((await a.get("/settings")).status).toBe(200);
  });

  test("profile changes are validated and saved", async () => {
    const v = await signIn(server, "pcc@cleveland-pcc.example");
    const bad = await v.post("/settings", { intent: "profile", name: "", jobTitle: "Chief Executive", notifyPreference: "daily" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Enter your full name");
    expect(html).toContain('value="Chief Executive"');
    await v.post("/settings", { intent: "profile", name: "Pat C (demo)", jobTitle: "Chief Executive", notifyPreference: "daily" });
    expect(userRow(server, "pcc@cleveland-pcc.example")).toMatchObject({ name: "Pat C (demo)", notify_preference: "daily" });
  });
});

describe("per-IP limits", () => {
  test("request access, sign-in and reset are limited per IP with a clear message", async () => {
    const strict = await startTestServer({ RATE_LIMIT_SCALE: "1" });
    try {
      const v = new Visitor(strict);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await v.post("/reset-password", { email: `x${i}@nowhere.example` })).status);
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      const limited = await v.post("/reset-password", { email: "y@nowhere.example" });
      expect(limited.status).toBe(429);
      expect(await limited.text()).toContain("Too many requests from your network");
    } finally {
      await strict.stop();
    }
  });
});

describe("audit log", () => {
  test("records sign-in successes and failures with the IP", () => {
    const rows = openDb(server).prepare("SELECT action, ip FROM audit_log WHERE action IN ('sign_in', 'sign_in_failed')").all() as { action: string; ip: string }[];
    expect(rows.some((r) => r.action === "sign_in")).toBe(true);
    expect(rows.some((r) => r.action === "sign_in_failed")).toBe(true);
    expect(rows.every((r) => r.ip.length > 0)).toBe(true);
  });
});
