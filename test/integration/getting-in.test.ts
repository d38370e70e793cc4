import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GOOD_PASSWORD, organisationId, userRow } from "../helpers/accounts";
import { linkIn, readOutbox, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 14, item 13: check your e-mail, send it again, change address, sign in on confirming.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function join(email: string, organisation = "kent") {
  const visitor = new Visitor(server);
  const res = await visitor.post("/join", {
    name: "Sam Newcomer",
    email,
    organisation: String(organisationId(server, organisation)),
    newOrganisationName: "",
    newOrganisationKind: "",
    jobTitle: "Commercial lead",
    password: GOOD_PASSWORD,
    terms: "yes",
  });
  expect(res.headers.get("location")).toBe("/join/check-email");
  return visitor;
}

async function tokenFor(email: string) {
  const mail = (await readOutbox(server, email)).filter((m) => m.text.includes("/verify-email?token=")).at(-1)!;
  return new URL(linkIn(mail, "/verify-email?token="), server.url).searchParams.get("token")!;
}

const verifyMails = async (email: string) => (await readOutbox(server, email)).filter((m) => m.text.includes("/verify-email?token=")).length;

describe("check your e-mail", () => {
  test("shows the address it was sent to, with send it again and change address", async () => {
    const visitor = await join("shown@unverified.example");
    const html = await (await visitor.get("/join/check-email")).text();
    expect(html).toContain("shown@unverified.example");
    expect(html).toContain("Send it again");
    expect(html).toContain('href="/join/change-email"');
  });

  test("a stranger without the cookie sees no address, and a forged cookie is ignored", async () => {
    await join("private@unverified.example");
    const stranger = new Visitor(server);
    stranger.cookies.set("exchange_join", encodeURIComponent(JSON.stringify({ e: "private@unverified.example", u: 1, s: "forged" })));
    const html = await (await stranger.get("/join/check-email")).text();
    expect(html).toContain("We have sent you a link to confirm your address");
    expect(html).not.toContain("private@unverified.example");
    expect(html).not.toContain("Send it again");
  });

  test("send it again mails a fresh link that works, the old one no longer does", async () => {
    const visitor = await join("again@unverified.example");
    const first = await tokenFor("again@unverified.example");
    const res = await visitor.post("/join/check-email", { intent: "resend" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("We have sent the link again");
    expect(await verifyMails("again@unverified.example")).toBe(2);
    const second = await tokenFor("again@unverified.example");
    expect(second).not.toBe(first);
    expect((await new Visitor(server).post("/verify-email", { token: first })).status).toBe(400);
    expect((await new Visitor(server).post("/verify-email", { token: second })).status).toBe(200);
  });

  test("send it again is limited per address, with a clear message", async () => {
    const visitor = await join("limited@unverified.example");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await visitor.post("/join/check-email", { intent: "resend" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await visitor.post("/join/check-email", { intent: "resend" });
    expect(await limited.text()).toContain("You have asked for the link several times");
    expect(await verifyMails("limited@unverified.example")).toBe(4);
  });

  test("an address that already has an account gets the same page, and the same mail again", async () => {
    const visitor = await join("chief@cleveland-police.example", "cleveland");
    const html = await (await visitor.get("/join/check-email")).text();
    expect(html).toContain("chief@cleveland-police.example");
    expect(html).toContain("Send it again");
    const before = (await readOutbox(server, "chief@cleveland-police.example")).length;
    expect((await visitor.post("/join/check-email", { intent: "resend" })).status).toBe(200);
    const mails = await readOutbox(server, "chief@cleveland-police.example");
    expect(mails.length).toBe(before + 1);
    expect(mails.at(-1)!.text).toContain("already has an account");
  });
});

describe("change address", () => {
  test("moves the unconfirmed account to the new address and mails it a link; the old link dies", async () => {
    const visitor = await join("typo@unverifed.example");
    const old = await tokenFor("typo@unverifed.example");
    const form = await (await visitor.get("/join/change-email")).text();
    expect(form).toContain('value="typo@unverifed.example"');
    const res = await visitor.post("/join/change-email", { email: "right@unverified.example" });
    expect(res.headers.get("location")).toBe("/join/check-email");
    expect(await (await visitor.get("/join/check-email")).text()).toContain("right@unverified.example");
    expect(userRow(server, "typo@unverifed.example")).toBeUndefined();
    expect(userRow(server, "right@unverified.example")!.status).toBe("unverified");
    expect((await new Visitor(server).post("/verify-email", { token: old })).status).toBe(400);
    expect((await new Visitor(server).post("/verify-email", { token: await tokenFor("right@unverified.example") })).status).toBe(200);
  });

  test("a bad address is refused with the GOV.UK error and the typed value kept", async () => {
    const visitor = await join("keep@unverified.example");
    const res = await visitor.post("/join/change-email", { email: "not an address" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter an e-mail address in the correct format");
    expect(html).toContain('value="not an address"');
  });

  test("changing to an address that has an account reveals nothing and takes nothing over", async () => {
    const visitor = await join("mover@unverified.example");
    const res = await visitor.post("/join/change-email", { email: "supplier@steria.example" });
    expect(res.headers.get("location")).toBe("/join/check-email");
    expect(await (await visitor.get("/join/check-email")).text()).toContain("supplier@steria.example");
    expect(userRow(server, "supplier@steria.example")!.status).toBe("active");
    expect(userRow(server, "mover@unverified.example")!.status).toBe("unverified");
    expect((await readOutbox(server, "supplier@steria.example")).at(-1)!.text).toContain("already has an account");
  });

  test("without the cookie there is nothing to change", async () => {
    const res = await new Visitor(server).post("/join/change-email", { email: "nobody@unverified.example" });
    expect(res.headers.get("location")).toBe("/join");
    expect(userRow(server, "nobody@unverified.example")).toBeUndefined();
  });
});

describe("signing in before confirming", () => {
  test("offers to send the link again, which works from there", async () => {
    await join("early@unverified.example");
    const visitor = new Visitor(server);
    const res = await visitor.post("/login", { email: "early@unverified.example", password: GOOD_PASSWORD, redirectTo: "/" });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("Confirm your e-mail address first");
    expect(html).toContain('href="/join/check-email"');
    expect(await (await visitor.get("/join/check-email")).text()).toContain("early@unverified.example");
    expect((await visitor.post("/join/check-email", { intent: "resend" })).status).toBe(200);
    expect(await verifyMails("early@unverified.example")).toBe(2);
  });

  test("a wrong password offers nothing", async () => {
    await join("guarded@unverified.example");
    const visitor = new Visitor(server);
    const html = await (await visitor.post("/login", { email: "guarded@unverified.example", password: "wrong password here", redirectTo: "/" })).text();
    expect(html).not.toContain('href="/join/check-email"');
    expect(await (await visitor.get("/join/check-email")).text()).not.toContain("guarded@unverified.example");
  });
});

describe("confirming signs the person in when the account is ready", () => {
  test("an address on the verified domain is signed in at once", async () => {
    await join("ready@cleveland-police.example", "cleveland");
    const elsewhere = new Visitor(server);
    const res = await elsewhere.post("/verify-email", { token: await tokenFor("ready@cleveland-police.example") });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("You are signed in");
    const settings = await elsewhere.get("/settings");
    expect(settings.status).toBe(200);
    expect(await settings.text()).toContain("ready@cleveland-police.example");
  });

  test("an account waiting for approval is not signed in", async () => {
    await join("waiting@unverified.example");
    const elsewhere = new Visitor(server);
    const res = await elsewhere.post("/verify-email", { token: await tokenFor("waiting@unverified.example") });
    expect(await res.text()).toContain("An administrator will now check your request");
    expect((await elsewhere.get("/settings")).status).toBe(302);
  });
});
