import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { postIds, reply, startThread } from "../helpers/forum";
import { signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let chief: Visitor;
let supplier: Visitor;
let moderator: Visitor;
beforeAll(async () => {
  server = await startTestServer();
  [chief, supplier, moderator] = await Promise.all([signIn(server, "chief@cleveland-police.example"), signIn(server, "supplier@steria.example"), signIn(server, "moderator@example.org")]);
});
afterAll(() => server?.stop());

const results = async (v: Visitor, q: string) => (await v.get(`/search?q=${encodeURIComponent(q)}`)).text();

describe("search", () => {
  test("finds partnerships, threads and posts by their words, with the match marked", async () => {
    expect(await results(chief, "Southwest")).toContain("Southwest One joint venture");
    const t = await startThread(chief, "open-discussions", { title: "Zephyrine fleet telematics", body: "Which vendors handle quarantined vehicles?" });
    await reply(supplier, t.url, "We have fitted telematics to quarantined pool cars.");
    const page = await results(supplier, "quarantined");
    expect(page).toContain("Zephyrine fleet telematics");
    expect(page).toContain("<mark>quarantined</mark>");
    expect(await results(chief, "zephyr")).toContain("Zephyrine fleet telematics");
  });

  test("a supplier never finds policing-only content, in titles, posts or snippets", async () => {
    const secret = await startThread(chief, "chiefs-and-pccs", { title: "Obsidian custody exit costs", body: "Obsidian figures for the board only." });
    expect(await results(chief, "obsidian")).toContain("Obsidian custody exit costs");
    const asSupplier = await results(supplier, "obsidian");
    expect(asSupplier).not.toContain("Obsidian");
    expect(asSupplier).toContain("No results for");
    const open = await startThread(chief, "open-discussions", { title: "Saffron procurement timetable", body: "Saffron body" });
    expect(await results(supplier, "saffron")).toContain("Saffron procurement timetable");
    await moderator.post(`/moderation/threads/${open.id}/move`, { space: "chiefs-and-pccs" });
    expect(await results(supplier, "saffron")).not.toContain("Saffron");
    expect(secret.id).toBeGreaterThan(0);
  });

  test("hidden posts drop out of search", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Thread with a hidden reply", body: "Body" });
    await reply(supplier, t.url, "Vermilion remark to be hidden");
    const id = postIds(await (await chief.get(t.url)).text()).at(-1)!;
    expect(await results(chief, "vermilion")).toContain("Vermilion");
    openDb(server).prepare("UPDATE posts SET hidden_at = unixepoch(), hidden_reason = 'test' WHERE id = ?").run(id);
    expect(await results(chief, "vermilion")).not.toContain("Vermilion remark");
  });

  test.each(['"', "NEAR(", "a".repeat(500), "*", "%00", "OR AND NOT"])("the query %s never breaks the page", async (q) => {
    const res = await chief.get(`/search?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
  });

  test("guests are sent to sign in", async () => {
    expect((await new Visitor(server).get("/search?q=custody")).headers.get("location")).toBe("/login?redirectTo=%2Fsearch%3Fq%3Dcustody");
  });
});
