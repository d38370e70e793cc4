import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { postIds, reply, startThread } from "../helpers/forum";
import { readOutbox, signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let chief: Visitor;
let supplier: Visitor;
let pcc: Visitor;
let moderator: Visitor;
beforeAll(async () => {
  server = await startTestServer();
  [chief, supplier, pcc, moderator] = await Promise.all([
    signIn(server, "chief@cleveland-police.example"),
    signIn(server, "supplier@steria.example"),
    signIn(server, "pcc@cleveland-pcc.example"),
    signIn(server, "moderator@example.org"),
  ]);
});
afterAll(() => server?.stop());

const html = async (v: Visitor, url: string) => {
  const res = await v.get(url);
  return { status: res.status, text: await res.text() };
};
const count = (sql: string, ...args: unknown[]) => (openDb(server).prepare(sql).get(...args) as { n: number }).n;

describe("a question and its answer", () => {
  test("a chief asks, a supplier answers with a mention, the chief accepts; notifications and e-mail follow", async () => {
    const q = await startThread(chief, "control-rooms-and-custody", { title: "Who staffs the control room at night?", body: "We need **night cover** figures." });
    const page = await html(chief, q.url);
    expect(page.text).toContain("<strong>night cover</strong>");
    const r = await reply(supplier, q.url, "Usually a minimum of six. @demo-chief see the table in our bid pack.");
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toMatch(/#post-2$/);
    // Before the chief reads the thread: news read on the site first is not e-mailed as well.
    expect((await readOutbox(server, "chief@cleveland-police.example")).some((m) => m.text.includes("mentioned you in") && m.text.includes("/unsubscribe?u="))).toBe(true);
    const afterReply = await html(chief, q.url);
    expect(afterReply.text).toContain('href="/members/demo-chief"');
    const answerId = postIds(afterReply.text).at(-1)!;
    expect(count("SELECT count(*) AS n FROM notifications WHERE user_id = (SELECT id FROM users WHERE handle = 'demo-chief') AND kind = 'mention' AND post_id = ?", answerId)).toBe(1);

    const accept = await chief.post(q.url, { intent: "accept", postId: String(answerId) });
    expect(accept.status).toBe(302);
    const accepted = await html(supplier, q.url);
    expect(accepted.text).toContain("Accepted answer");
    expect(accepted.text.indexOf('id="accepted-heading"')).toBeLessThan(accepted.text.search(/\d+ repl(y|ies)<\/h2>/));
    expect(count("SELECT count(*) AS n FROM notifications WHERE kind = 'accepted' AND post_id = ?", answerId)).toBe(1);
    const listing = await html(chief, "/spaces/control-rooms-and-custody");
    expect(listing.text).toMatch(/Who staffs the control room at night\?<\/a> <span class="app-tags">.*?Answered/);

    const notAsker = await pcc.post(q.url, { intent: "accept", postId: String(answerId) });
    expect(notAsker.status).toBe(403);
  });

  test("helpful marks count once per member and never one's own", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Helpful marks test thread", body: "Question body" });
    await reply(supplier, q.url, "An answer worth marking");
    const id = postIds((await html(chief, q.url)).text).at(-1)!;
    await chief.post(q.url, { intent: "helpful", postId: String(id) });
    await chief.post(q.url, { intent: "helpful", postId: String(id) });
    await pcc.post(q.url, { intent: "helpful", postId: String(id) });
    expect((await supplier.post(q.url, { intent: "helpful", postId: String(id) })).status).toBe(403);
    expect(count("SELECT helpful_count AS n FROM posts WHERE id = ?", id)).toBe(2);
    expect((await html(chief, q.url)).text).toContain("2 members found this helpful");
  });
});

describe("replies", () => {
  test("quoting inserts the quoted text with attribution", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Quoting test thread", body: "Original words to quote" });
    const firstId = postIds((await html(supplier, q.url)).text)[0]!;
    const page = await html(supplier, `${q.url}?quote=${firstId}`);
    expect(page.text).toMatch(/&gt; \*\*Casey Chief \(demo\)\*\* \(@demo-chief\) wrote/);
    expect(page.text).toContain("&gt; Original words to quote");
  });

  test("submitting the same reply form twice makes one post", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Double submission thread", body: "Body" });
    const key = "same-key-1234";
    const a = await reply(supplier, q.url, "Only once please", key);
    const b = await reply(supplier, q.url, "Only once please", key);
    expect(a.headers.get("location")).toBe(b.headers.get("location"));
    expect(count("SELECT count(*) AS n FROM posts WHERE body_md = 'Only once please'")).toBe(1);
  });

  test("editing keeps revisions; others cannot edit", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Edit test thread", body: "First draft" });
    const id = postIds((await html(pcc, q.url)).text)[0]!;
    const saved = await chief.post(`/posts/${id}/edit`, { intent: "save", body: "Second draft" });
    expect(saved.status).toBe(302);
    const page = await html(chief, q.url);
    expect(page.text).toContain("Second draft");
    expect(page.text).toContain(`/posts/${id}/revisions`);
    const revisions = await html(chief, `/posts/${id}/revisions`);
    expect(revisions.text).toContain("First draft");
    expect((await supplier.get(`/posts/${id}/edit`)).status).toBe(404);
    expect((await supplier.post(`/posts/${id}/edit`, { intent: "save", body: "Hijack" })).status).toBe(404);
    const empty = await chief.post(`/posts/${id}/edit`, { intent: "save", body: "   " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter your post");
  });

  test("removing your own reply leaves it shown as removed", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Removal test thread", body: "Body" });
    await reply(supplier, q.url, "Regrettable words");
    const id = postIds((await html(chief, q.url)).text).at(-1)!;
    await supplier.post(`/posts/${id}/edit`, { intent: "delete" });
    const page = await html(chief, q.url);
    expect(page.text).toContain("This post was removed by its author.");
    expect(page.text).not.toContain("Regrettable words");
  });

  test("a locked thread refuses replies with a clear message until unlocked", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Lock test thread", body: "Body" });
    await moderator.post(q.url, { intent: "lock" });
    const refused = await reply(supplier, q.url, "Too late");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("This discussion is locked");
    expect(count("SELECT count(*) AS n FROM posts WHERE body_md = 'Too late'")).toBe(0);
    expect((await chief.post(q.url, { intent: "unlock" })).status).toBe(404);
    await moderator.post(q.url, { intent: "unlock" });
    expect((await reply(supplier, q.url, "Now it works")).status).toBe(302);
    const audit = count("SELECT count(*) AS n FROM audit_log WHERE action IN ('thread_locked', 'thread_unlocked') AND target_id = ?", q.id);
    expect(audit).toBe(2);
  });
});

describe("reading and paging", () => {
  test("unread counts show in lists and the link jumps to the first unread post", async () => {
    const q = await startThread(chief, "ict-and-digital", { title: "Unread counting thread", body: "Body" });
    await html(pcc, q.url);
    await reply(supplier, q.url, "Unread one");
    await reply(supplier, q.url, "Unread two");
    const listing = await html(pcc, "/spaces/ict-and-digital");
    expect(listing.text).toMatch(/Unread counting thread[\s\S]*?2 unread/);
    const jump = await pcc.get(`/threads/${q.id}/x?unread=1`);
    expect(jump.headers.get("location")).toMatch(/#post-2$/);
    await html(pcc, q.url);
    expect((await html(pcc, "/spaces/ict-and-digital")).text).not.toMatch(/Unread counting thread<\/a> <span class="app-tags">[^]*?2 unread/);
  });

  test("the home page counts the latest threads with posts the member has not read, as its list marks them", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Home unread counting thread", body: "Body" });
    const home = async () => {
      const text = (await html(pcc, "/")).text;
      const list = text.slice(text.indexOf('id="latest-threads"'), text.indexOf("See every space in the forum"));
      const marked = (list.match(/>New<\/strong>|\d+ unread<\/strong>/g) ?? []).length;
      const said = /(\d+) threads? ha(?:s|ve)(?:<!-- -->)? posts you have not read/.exec(text);
      return { marked, said: said ? Number(said[1]) : 0 };
    };
    const before = await home();
    expect(before.marked).toBeGreaterThan(0);
    expect(before.said).toBe(before.marked);
    await html(pcc, q.url);
    const after = await home();
    expect(after.marked).toBe(before.marked - 1);
    expect(after.said).toBe(after.marked);
  });

  test("threads page by 25 posts and a page past the end is 404", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Long thread for paging", body: "Post one" });
    for (let i = 2; i <= 27; i++) await reply(i % 2 ? chief : supplier, q.url, `Reply number ${i}`);
    const first = await html(pcc, q.url);
    expect(first.text).toContain("Reply number 25");
    expect(first.text).not.toContain("Reply number 26");
    expect(first.text).toContain("?page=2");
    const second = await html(pcc, `${q.url}?page=2`);
    expect(second.text).toContain("Reply number 27");
    expect((await pcc.get(`${q.url}?page=3`)).status).toBe(404);
  });

  test("a page carries its posts once, outside its loader data; the browser's data request for the page carries them", async () => {
    const q = await startThread(chief, "open-discussions", { title: "Posts sent once thread", body: "Opening words quincunx" });
    await reply(supplier, q.url, "A reply saying tamarind");
    await reply(chief, q.url, "Another reply saying ochre");
    const page = (await html(pcc, q.url)).text;
    const dataAt = page.indexOf('<script type="application/json" id="remix-loader-data">');
    expect(dataAt).toBeGreaterThan(0);
    const [shown, data] = [page.slice(0, dataAt), page.slice(dataAt)];
    for (const word of ["quincunx", "tamarind", "ochre"]) {
      expect(shown.split(word)).toHaveLength(2);
      expect(data).not.toContain(word);
    }
    expect(data).toContain("Posts sent once thread");
    const path = new URL(q.url, server.url).pathname;
    const asData = await pcc.get(`${path}.data`);
    expect(asData.status).toBe(200);
    const text = await asData.text();
    for (const word of ["quincunx", "tamarind", "ochre"]) expect(text).toContain(word);
    expect(text).toContain('data-quote-post=');
  });
});

describe("bad input", () => {
  test.each([
    [{ title: "" }, "Enter a title"],
    [{ title: "abc" }, "Title must be 5 characters or more"],
    [{ title: "t".repeat(151) }, "Title must be 150 characters or fewer"],
    [{ body: "" }, "Enter your post"],
    [{ body: "b".repeat(50_001) }, "Your post must be 50,000 characters or fewer"],
    [{ kind: "poll" }, "Select whether this is a question or a discussion"],
  ])("a new thread with %o is refused with a clear message and keeps what was typed", async (override, message) => {
    const form = { kind: "question", title: "A perfectly fine title", body: "A fine body", intent: "publish", submissionKey: "abcdefgh-1234", ...override };
    const before = count("SELECT count(*) AS n FROM threads");
    const res = await chief.post("/spaces/open-discussions/new", form);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain(message);
    expect(text).toContain("<title>Error: New thread in Open discussions");
    if (form.title.length < 100 && form.title) expect(text).toContain(`value="${form.title}"`);
    expect(count("SELECT count(*) AS n FROM threads")).toBe(before);
  });

  test("preview renders without publishing, without JavaScript", async () => {
    const before = count("SELECT count(*) AS n FROM threads");
    const res = await chief.post("/spaces/open-discussions/new", { kind: "question", title: "Preview only", body: "Some *emphasis* here", intent: "preview", submissionKey: "abcdefgh-5678" });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("<em>emphasis</em>");
    expect(text).toContain('value="Preview only"');
    expect(count("SELECT count(*) AS n FROM threads")).toBe(before);
  });

  test.each(["/threads/999999/x", "/threads/abc/x", "/threads/-1/x", "/spaces/no-such-space", "/spaces/no-such-space/new", "/posts/999999", "/posts/1e3/edit", "/posts/999999/revisions"])("%s is a 404 page, not an error", async (url) => {
    const res = await chief.get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Page not found");
  });
});

describe("policing-only content never reaches a supplier", () => {
  let secret: { id: number; url: string };
  let secretPostId: number;
  beforeAll(async () => {
    secret = await startThread(chief, "chiefs-and-pccs", { title: "Confidential custody exit costs", body: "Policing eyes only: exit costs." });
    await reply(pcc, secret.url, "A reply mentioning @demo-supplier about exit costs");
    secretPostId = postIds((await html(chief, secret.url)).text).at(-1)!;
  });

  test("space lists, the space, the thread, its posts, revisions and the new-thread form are 404 or absent", async () => {
    expect((await html(supplier, "/spaces")).text).not.toContain("Chiefs and PCCs");
    for (const url of ["/spaces/chiefs-and-pccs", "/spaces/chiefs-and-pccs/new", secret.url, `/posts/${secretPostId}`, `/posts/${secretPostId}/revisions`, `/posts/${secretPostId}/edit`]) {
      const res = await supplier.get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain("exit costs");
    }
    const posted = await supplier.post("/spaces/chiefs-and-pccs/new", { kind: "question", title: "Sneaky thread", body: "Body", intent: "publish", submissionKey: "abcdefgh-9999" });
    expect(posted.status).toBe(404);
    const replied = await reply(supplier, secret.url, "Sneaky reply");
    expect(replied.status).toBe(404);
    expect(count("SELECT count(*) AS n FROM posts WHERE body_md LIKE 'Sneaky%'")).toBe(0);
  });

  test("the home page, quotes and notifications leak nothing", async () => {
    expect((await html(supplier, "/")).text).not.toContain("Confidential custody exit costs");
    expect((await html(chief, "/")).text).toContain("Confidential custody exit costs");
    const open = await startThread(chief, "open-discussions", { title: "Open thread for quote test", body: "Body" });
    const quoted = await html(supplier, `${open.url}?quote=${secretPostId}`);
    expect(quoted.text).not.toContain("exit costs");
    expect(count("SELECT count(*) AS n FROM notifications WHERE user_id = (SELECT id FROM users WHERE handle = 'demo-supplier') AND post_id = ?", secretPostId)).toBe(0);
    expect((await readOutbox(server, "supplier@steria.example")).some((m) => m.text.includes("exit costs"))).toBe(false);
  });

  test("a supplier watching a thread that moves to a policing space is told nothing more", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Thread that will move", body: "Body" });
    await reply(supplier, t.url, "Supplier joins and watches");
    const moved = await moderator.post(`/moderation/threads/${t.id}/move`, { space: "chiefs-and-pccs" });
    expect(moved.status).toBe(302);
    await reply(chief, t.url, "Now policing only: follow-up");
    const lastId = postIds((await html(chief, t.url)).text).at(-1)!;
    expect(count("SELECT count(*) AS n FROM notifications WHERE user_id = (SELECT id FROM users WHERE handle = 'demo-supplier') AND post_id = ?", lastId)).toBe(0);
    expect((await supplier.get(t.url)).status).toBe(404);
    expect((await html(supplier, "/notifications")).text).not.toContain("Thread that will move");
  });
});

describe("moving threads", () => {
  test("moving into a wider audience asks for confirmation, and is refused while a linked partnership is in procurement", async () => {
    const t = await startThread(chief, "chiefs-and-pccs", { title: "Policing thread to widen", body: "Body" });
    const noConfirm = await moderator.post(`/moderation/threads/${t.id}/move`, { space: "open-discussions" });
    expect(noConfirm.status).toBe(400);
    expect(await noConfirm.text()).toContain("Confirm that suppliers may now read this thread");
    expect((await supplier.get(t.url)).status).toBe(404);
    const ok = await moderator.post(`/moderation/threads/${t.id}/move`, { space: "open-discussions", confirm: "yes" });
    expect(ok.status).toBe(302);
    expect((await supplier.get(t.url)).status).toBe(200);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'thread_moved' AND target_id = ?", t.id)).toBe(1);

    const db = openDb(server);
    db.prepare("UPDATE partnerships SET status = 'in-procurement' WHERE slug = 'lincolnshire-g4s'").run();
    const pid = (db.prepare("SELECT id FROM partnerships WHERE slug = 'lincolnshire-g4s'").get() as { id: number }).id;
    const linked = await startThread(chief, "chiefs-and-pccs", { title: "Linked to a live procurement", body: "Body", partnerships: [String(pid)] });
    const refused = await moderator.post(`/moderation/threads/${linked.id}/move`, { space: "open-discussions", confirm: "yes" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("linked to a partnership in procurement");
    db.prepare("UPDATE partnerships SET status = 'ended' WHERE slug = 'lincolnshire-g4s'").run();
    expect((await chief.get(`/moderation/threads/${linked.id}/move`)).status).toBe(404);
  });
});
