import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { postIds, reply, startThread } from "../helpers/forum";
import { signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let chief: Visitor;
let supplier: Visitor;
let pcc: Visitor;
let moderator: Visitor;
let otherLiveId: number;
beforeAll(async () => {
  server = await startTestServer();
  [chief, supplier, pcc, moderator] = await Promise.all([
    signIn(server, "chief@cleveland-police.example"),
    signIn(server, "supplier@steria.example"),
    signIn(server, "pcc@cleveland-pcc.example"),
    signIn(server, "moderator@example.org"),
  ]);
  const db = openDb(server);
  db.prepare("UPDATE partnerships SET status = 'in-procurement' WHERE slug IN ('cleveland-reliance-custody', 'avon-and-somerset-southwest-one')").run();
  otherLiveId = (db.prepare("SELECT id FROM partnerships WHERE slug = 'avon-and-somerset-southwest-one'").get() as { id: number }).id;
});
afterAll(() => server?.stop());

const html = async (v: Visitor, url: string) => {
  const res = await v.get(url);
  return { status: res.status, text: await res.text() };
};
const one = <T>(sql: string, ...args: unknown[]) => openDb(server).prepare(sql).get(...args) as T;
const count = (sql: string, ...args: unknown[]) => one<{ n: number }>(sql, ...args).n;
const spaceId = (slug: string) => one<{ id: number }>("SELECT id FROM spaces WHERE slug = ?", slug).id;
const discussionOf = (threadId: number) => one<{ id: number }>("SELECT discussion_id AS id FROM threads WHERE id = ?", threadId).id;

describe("one post per submission", () => {
  test("the same reply sent twice at once makes one post, and both answers lead to it", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Concurrent double submission", body: "Body" });
    const [a, b] = await Promise.all([reply(pcc, q.url, "Sent twice at once", "twice-at-once-1"), reply(pcc, q.url, "Sent twice at once", "twice-at-once-1")]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(a.headers.get("location")).toMatch(/#post-2$/);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    expect(count("SELECT count(*) AS n FROM posts WHERE body_md = 'Sent twice at once'")).toBe(1);
  });
});

describe("drafts", () => {
  test("a reply draft saved with the button comes back on reload and goes when the reply is posted", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Draft restore thread", body: "Body" });
    const saved = await pcc.post(q.url, { intent: "draft", body: "Half-written thoughts on night cover", submissionKey: "draft-key-1" });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Your draft is saved");
    expect((await html(pcc, q.url)).text).toContain("Half-written thoughts on night cover</textarea>");
    expect((await html(chief, q.url)).text).not.toContain("Half-written thoughts");
    expect((await html(pcc, "/drafts")).text).toContain("Draft restore thread");
    expect((await reply(pcc, q.url, "Finished thoughts on night cover")).status).toBe(302);
    expect(count("SELECT count(*) AS n FROM drafts WHERE discussion_id = ?", discussionOf(q.id))).toBe(0);
    expect((await html(pcc, q.url)).text).not.toContain("Half-written thoughts");
  });

  test("the autosave endpoint keeps a reply draft and a new-thread draft, and an empty text deletes it", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Autosave thread", body: "Body" });
    expect((await pcc.post("/drafts", { intent: "save", discussionId: String(discussionOf(q.id)), body: "Typed by the PCC" })).status).toBe(200);
    expect((await html(pcc, q.url)).text).toContain("Typed by the PCC</textarea>");
    expect((await pcc.post("/drafts", { intent: "save", spaceSlug: "open-discussions", title: "A thread not yet published", kind: "discussion", body: "Its first post" })).status).toBe(200);
    const form = (await html(pcc, "/spaces/open-discussions/new")).text;
    expect(form).toContain('value="A thread not yet published"');
    expect(form).toContain("Its first post</textarea>");
    const list = (await html(pcc, "/drafts")).text;
    expect(list).toContain("Autosave thread");
    expect(list).toContain("A thread not yet published");
    await pcc.post("/drafts", { intent: "save", discussionId: String(discussionOf(q.id)), body: "  " });
    expect((await html(pcc, "/drafts")).text).not.toContain("Autosave thread");
  });

  test("publishing a new thread deletes its draft", async () => {
    await pcc.post("/spaces/control-rooms-and-custody/new", { intent: "draft", kind: "question", title: "Drafted question", body: "Drafted body", submissionKey: "draft-thread-1" });
    expect(count("SELECT count(*) AS n FROM drafts WHERE space_id = ?", spaceId("control-rooms-and-custody"))).toBe(1);
    await startThread(pcc, "control-rooms-and-custody", { title: "Drafted question", body: "Drafted body" });
    expect(count("SELECT count(*) AS n FROM drafts WHERE space_id = ?", spaceId("control-rooms-and-custody"))).toBe(0);
  });

  test("drafts are private to their author", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Private draft thread", body: "Body" });
    await chief.post("/drafts", { intent: "save", discussionId: String(discussionOf(q.id)), body: "The chief's unposted words" });
    const draftId = one<{ id: number }>("SELECT id FROM drafts WHERE body_md = ?", "The chief's unposted words").id;
    expect((await html(supplier, "/drafts")).text).not.toContain("unposted words");
    expect((await html(supplier, q.url)).text).not.toContain("unposted words");
    expect((await supplier.post("/drafts", { intent: "delete", draftId: String(draftId) })).status).toBe(404);
    expect(count("SELECT count(*) AS n FROM drafts WHERE id = ?", draftId)).toBe(1);
    expect((await chief.post("/drafts", { intent: "delete", draftId: String(draftId) })).status).toBe(302);
    expect(count("SELECT count(*) AS n FROM drafts WHERE id = ?", draftId)).toBe(0);
  });

  test("a supplier cannot keep a draft where they cannot post, and a draft in a thread moved out of their reach is not listed", async () => {
    const closed = await startThread(chief, "chiefs-and-pccs", { title: "Closed draft thread", body: "Body" });
    expect((await supplier.post("/drafts", { intent: "save", discussionId: String(discussionOf(closed.id)), body: "Let me in" })).status).toBe(404);
    expect((await supplier.post("/drafts", { intent: "save", spaceSlug: "chiefs-and-pccs", title: "Sneaky", body: "Let me in" })).status).toBe(404);
    const open = await startThread(chief, "open-discussions", { title: "Thread that will be narrowed", body: "Body" });
    await supplier.post("/drafts", { intent: "save", discussionId: String(discussionOf(open.id)), body: "Supplier draft before the move" });
    expect((await html(supplier, "/drafts")).text).toContain("Thread that will be narrowed");
    const moved = await moderator.post(`/moderation/threads/${open.id}/move`, { space: "chiefs-and-pccs" });
    expect(moved.status).toBe(302);
    const list = (await html(supplier, "/drafts")).text;
    expect(list).not.toContain("Thread that will be narrowed");
    expect(list).not.toContain("Supplier draft before the move");
  });
});

describe("the interest declaration is remembered", () => {
  test("a supplier declares once, sees their declaration, and is asked again only when they choose to change it", async () => {
    const q = await startThread(chief, "control-rooms-and-custody", { title: "Remembered declaration thread", body: "Body", partnerships: [String(otherLiveId)] });
    expect((await html(supplier, q.url)).text).toContain('name="interest"');
    expect((await supplier.post(q.url, { intent: "reply", body: "First supplier reply", interest: "may_bid", submissionKey: "remember-1" })).status).toBe(302);
    const again = (await html(supplier, q.url)).text;
    expect(again).toContain("You declared: may bid");
    expect(again).not.toContain('name="interest"');
    expect(again).toContain("declaration=change#reply");
    expect((await reply(supplier, q.url, "Second supplier reply without asking")).status).toBe(302);
    expect(one<{ interest: string }>("SELECT interest FROM posts WHERE body_md = 'Second supplier reply without asking'").interest).toBe("may_bid");
    const changing = (await html(supplier, `${q.url}?declaration=change`)).text;
    expect(changing).toMatch(/name="interest" type="radio" checked="" value="may_bid"/);
    expect((await supplier.post(q.url, { intent: "reply", body: "Third reply after changing", interest: "not_bidding", submissionKey: "remember-3" })).status).toBe(302);
    expect((await html(supplier, q.url)).text).toContain("You declared: not bidding");
    expect((await html(chief, q.url)).text).not.toContain("You declared");
  });
});

describe("reversible feedback", () => {
  test("a helpful mark can be undone", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Undo helpful thread", body: "Body" });
    await reply(supplier, q.url, "Worth a mark");
    const id = postIds((await html(chief, q.url)).text).at(-1)!;
    await chief.post(q.url, { intent: "helpful", postId: String(id) });
    expect((await html(chief, q.url)).text).toContain("Undo<span");
    expect((await chief.post(q.url, { intent: "unhelpful", postId: String(id) })).status).toBe(302);
    expect(count("SELECT helpful_count AS n FROM posts WHERE id = ?", id)).toBe(0);
    expect(count("SELECT count(*) AS n FROM post_helpful_marks WHERE post_id = ?", id)).toBe(0);
    await chief.post(q.url, { intent: "unhelpful", postId: String(id) });
    expect(count("SELECT helpful_count AS n FROM posts WHERE id = ?", id)).toBe(0);
  });

  test("changing the accepted answer asks for confirmation first", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Change accepted answer thread", body: "Body" });
    await reply(supplier, q.url, "First answer");
    await reply(pcc, q.url, "Better answer");
    const [first, better] = [...new Set(postIds((await html(chief, q.url)).text))].slice(-2);
    expect((await chief.post(q.url, { intent: "accept", postId: String(first) })).status).toBe(302);
    const asked = await chief.post(q.url, { intent: "accept", postId: String(better) });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe(`/threads/${q.id}/accept/${better}`);
    expect(one<{ a: number }>("SELECT accepted_post_id AS a FROM threads WHERE id = ?", q.id).a).toBe(first);
    const confirm = (await html(chief, `/threads/${q.id}/accept/${better}`)).text;
    expect(confirm).toContain("Change the accepted answer");
    expect(confirm).toContain("First answer");
    expect(confirm).toContain("Better answer");
    expect((await pcc.get(`/threads/${q.id}/accept/${better}`)).status).toBe(404);
    expect((await chief.post(q.url, { intent: "accept", postId: String(better), confirm: "yes" })).status).toBe(302);
    expect(one<{ a: number }>("SELECT accepted_post_id AS a FROM threads WHERE id = ?", q.id).a).toBe(better);
  });

  test("a post can be reported as a duplicate", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Duplicate report thread", body: "Body" });
    await reply(supplier, q.url, "Said twice");
    const id = postIds((await html(chief, q.url)).text).at(-1)!;
    expect((await html(chief, `/posts/${id}/flag`)).text).toContain('value="duplicate"');
    expect((await chief.post(`/posts/${id}/flag`, { reason: "duplicate", details: "" })).status).toBe(302);
    expect(one<{ reason: string }>("SELECT reason FROM flags WHERE post_id = ?", id).reason).toMatch(/duplicate/i);
  });
});

describe("an empty partnership page says what to do", () => {
  test("no lessons and no threads offer to write a lesson and to ask about the partnership", async () => {
    openDb(server).prepare("DELETE FROM lesson_partnerships WHERE partnership_id = (SELECT id FROM partnerships WHERE slug = 'lincolnshire-g4s')").run();
    const page = (await html(pcc, "/partnerships/lincolnshire-g4s")).text;
    const askLink = /href="\/spaces\/open-discussions\/new\?partnership=(\d+)"/.exec(page);
    expect(page).toContain("Write a lesson");
    expect(page).toContain('href="/lessons/new"');
    expect(askLink).not.toBeNull();
    expect((await html(pcc, `/spaces/open-discussions/new?partnership=${askLink![1]}`)).text).toMatch(new RegExp(`value="${askLink![1]}"[^>]*checked|checked=""[^>]*value="${askLink![1]}"`));
    expect(page).toContain("Ask about this partnership");
  });
});
