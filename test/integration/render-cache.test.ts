// The thread page's render cache (issue 13): posts rendered once per reader class and reused,
// never across sides of policing, and never after a write that changes what they show. The
// page says how many of its posts came from the cache in its Server-Timing header.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postIds, reply, startThread } from "../helpers/forum";
import { signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let chief: Visitor;
let pcc: Visitor;
let supplier: Visitor;
let moderator: Visitor;
beforeAll(async () => {
  server = await startTestServer();
  [chief, pcc, supplier, moderator] = await Promise.all([
    signIn(server, "chief@cleveland-police.example"),
    signIn(server, "pcc@cleveland-pcc.example"),
    signIn(server, "supplier@steria.example"),
    signIn(server, "moderator@example.org"),
  ]);
});
afterAll(() => server?.stop());

/** The page, and how many of its posts came from the render cache out of how many it shows. */
async function view(v: Visitor, url: string) {
  const res = await v.get(url);
  const timing = /render-cache;desc="(\d+) of (\d+) posts cached"/.exec(res.headers.get("server-timing") ?? "");
  const text = (await res.text()).replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
  return { status: res.status, text, cached: timing ? Number(timing[1]) : null, posts: timing ? Number(timing[2]) : null };
}

describe("sharing a rendering", () => {
  test("a second view of a thread page reuses its posts' rendering", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Cached thread page", body: "The question." });
    await reply(pcc, t.url, "A first answer.");
    const first = await view(supplier, t.url);
    expect(first).toMatchObject({ status: 200, cached: 0, posts: 2 });
    const again = await view(supplier, t.url);
    expect(again).toMatchObject({ status: 200, cached: 2, posts: 2 });
    expect(again.text).toContain("A first answer.");
  });

  test("a supplier never receives a rendering made for a force member, even of a thread both read alike", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Both sides read this", body: "Open to all members." });
    await reply(pcc, t.url, "Policing side replies.");
    await view(chief, t.url);
    expect((await view(chief, t.url)).cached).toBe(2);
    const own = await view(supplier, t.url);
    expect(own).toMatchObject({ status: 200, cached: 0, posts: 2 });
    expect(own.text).toContain("Policing side replies.");
  });

  test("a post hidden by a moderator keeps its text out of the supplier's page after a policing moderator read it", async () => {
    const t = await startThread(chief, "open-discussions", { title: "A hidden reply", body: "Question for all." });
    await reply(pcc, t.url, "Our direct line is 01632 960 123.");
    const hiddenId = postIds((await view(chief, t.url)).text).at(-1)!;
    expect((await moderator.post(`/posts/${hiddenId}/moderate`, { intent: "hide", reason: "Contact details" })).status).toBe(302);
    await view(moderator, t.url);
    const moderatorView = await view(moderator, t.url);
    expect(moderatorView.cached).toBe(2);
    expect(moderatorView.text).toContain("01632 960 123");
    const supplierView = await view(supplier, t.url);
    expect(supplierView).toMatchObject({ status: 200, cached: 0 });
    expect(supplierView.text).toContain("Hidden by a moderator: Contact details");
    expect(supplierView.text).not.toContain("01632 960 123");
  });
});

describe("a write shows on the next view", () => {
  /** Views the page twice, so the second is from the cache, then returns it. */
  async function warm(v: Visitor, url: string) {
    await view(v, url);
    const warmed = await view(v, url);
    expect(warmed.cached).toBe(warmed.posts);
    return warmed;
  }

  test("an edit, a new reply, a helpful mark, an accepted answer, a removal and a hide", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Writes after caching", body: "Which supplier ran the night shift?" });
    await reply(supplier, t.url, "We ran it from 2019.");
    await reply(pcc, t.url, "We can confirm that.");
    const [, supplierPost, pccPost] = postIds((await view(chief, t.url)).text);
    await warm(pcc, t.url);

    expect((await supplier.post(`/posts/${supplierPost}/edit`, { intent: "save", body: "We ran it from 2018." })).status).toBe(302);
    const edited = await view(pcc, t.url);
    expect(edited.text).toContain("We ran it from 2018.");
    expect(edited.text).not.toContain("We ran it from 2019.");
    expect(edited.cached).toBe(2);

    await warm(pcc, t.url);
    await reply(chief, t.url, "Thank you both.");
    expect((await view(pcc, t.url)).text).toContain("Thank you both.");

    await warm(pcc, t.url);
    expect((await chief.post(t.url, { intent: "helpful", postId: String(pccPost) })).status).toBe(302);
    expect((await view(pcc, t.url)).text).toContain("1 member found this helpful");

    await warm(pcc, t.url);
    expect((await chief.post(t.url, { intent: "accept", postId: String(supplierPost) })).status).toBe(302);
    expect((await view(pcc, t.url)).text).toContain("Accepted answer");

    await warm(pcc, t.url);
    expect((await pcc.post(`/posts/${pccPost}/edit`, { intent: "delete" })).status).toBe(302);
    const removed = await view(chief, t.url);
    expect(removed.text).toContain("This post was removed by its author.");
    expect(removed.text).not.toContain("We can confirm that.");

    await warm(chief, t.url);
    expect((await moderator.post(`/posts/${supplierPost}/moderate`, { intent: "hide", reason: "Checking" })).status).toBe(302);
    const hidden = await view(chief, t.url);
    expect(hidden.text).toContain("Hidden by a moderator: Checking");
    expect(hidden.text).not.toContain("We ran it from 2018.");
  });

  test("a thread moved to a policing space is not found by a supplier who had read it, and readable again once widened", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Thread to narrow", body: "Read by everyone for now." });
    await warm(supplier, t.url);
    expect((await moderator.post(`/moderation/threads/${t.id}/move`, { space: "chiefs-and-pccs" })).status).toBe(302);
    expect((await view(supplier, t.url)).status).toBe(404);
    expect((await view(chief, t.url)).text).toContain("Read by everyone for now.");
    expect((await moderator.post(`/moderation/threads/${t.id}/move`, { space: "open-discussions", confirm: "yes" })).status).toBe(302);
    const again = await view(supplier, t.url);
    expect(again.status).toBe(200);
    expect(again.text).toContain("Read by everyone for now.");
  });
});
