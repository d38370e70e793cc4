/**
 * Issue 14, items 6–10: mentions in quotes, grouped notifications and batched e-mail, the
 * moderators' counts and e-mail, messages shown once, and what reporters and authors are told.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { postIds, reply, startThread } from "../helpers/forum";
import { outboxSettled, readOutbox, signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

const BATCH_SECONDS = 3;
const CHIEF = "chief@cleveland-police.example";
const SUPPLIER = "supplier@steria.example";

let server: TestServer;
let chief: Visitor;
let supplier: Visitor;
let pcc: Visitor;
let moderator: Visitor;
let admin: Visitor;
beforeAll(async () => {
  server = await startTestServer({ MAIL_BATCH_SECONDS: String(BATCH_SECONDS) });
  [chief, supplier, pcc, moderator, admin] = await Promise.all([
    signIn(server, CHIEF),
    signIn(server, SUPPLIER),
    signIn(server, "pcc@cleveland-pcc.example"),
    signIn(server, "moderator@example.org"),
    signIn(server, "admin@example.org"),
  ]);
});
afterAll(() => server?.stop());

const one = <T>(query: string, ...args: unknown[]) => openDb(server).prepare(query).get(...args) as T;
const count = (query: string, ...args: unknown[]) => one<{ n: number }>(query, ...args).n;
const userId = (email: string) => one<{ id: number }>("SELECT id FROM users WHERE email = ?", email).id;
/** The page's text as a reader sees it. */
const textOf = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");
const page = async (v: Visitor, url: string) => {
  const res = await v.get(url);
  expect(res.status, url).toBe(200);
  return res.text();
};
const BANNER = /govuk-notification-banner--success/;
/** Post ids on a page, once each (a post has several forms naming it). */
const ids = async (v: Visitor, url: string) => [...new Set(postIds(await page(v, url)))];
/** Shows, and so clears, any message an earlier request left for this session (the helpers do not follow redirects). */
const drain = (v: Visitor) => page(v, "/spaces");

describe("mentions", () => {
  test("a mention quoted from another post does not notify again; the author's own mention does", async () => {
    const t = await startThread(pcc, "open-discussions", { title: "Quoted mention thread", body: "Who knows the custody figures, @demo-chief?" });
    const mentionsOfChief = () => count("SELECT count(*) AS n FROM notifications WHERE kind = 'mention' AND user_id = ? AND discussion_id = (SELECT discussion_id FROM threads WHERE id = ?)", userId(CHIEF), t.id);
    expect(mentionsOfChief()).toBe(1);
    const firstId = postIds(await page(supplier, t.url))[0]!;
    const quote = await page(supplier, `${t.url}?quote=${firstId}`); // the quote the form offers
    expect(quote).toContain("&gt; Who knows the custody figures, @demo-chief?");
    expect((await reply(supplier, t.url, "> **Pat Commissioner** wrote:\n>\n> Who knows the custody figures, @demo-chief?\n\nWe publish ours quarterly.")).status).toBe(302);
    expect(mentionsOfChief()).toBe(1);
    // Still linked where it is quoted.
    expect(await page(chief, t.url)).toMatch(/<blockquote>[\s\S]*href="\/members\/demo-chief"[\s\S]*<\/blockquote>/);
    expect((await reply(supplier, t.url, "And @demo-chief, see page 4.")).status).toBe(302);
    expect(mentionsOfChief()).toBe(2);
  });
});

describe("mentioning someone who cannot read the discussion", () => {
  const WARNING = "Sam Supplier (demo) will not be notified: this is policing only.";

  test("preview warns, and posting without the preview is held once with the warning; the next press posts", async () => {
    const t = await startThread(chief, "chiefs-and-pccs", { title: "Policing-only mention thread", body: "Question for the policing side" });
    const body = "Ask @demo-supplier for their figures, and @demo-pcc too.";
    const preview = await chief.post(t.url, { intent: "preview", body });
    expect(preview.status).toBe(200);
    expect(textOf(await preview.text())).toContain(WARNING);
    const held = await chief.post(t.url, { intent: "reply", body, submissionKey: "mention-held-1" });
    expect(held.status).toBe(200);
    const heldHtml = await held.text();
    expect(textOf(heldHtml)).toContain(WARNING);
    expect(heldHtml).toContain('name="mentionsChecked" value="yes"');
    expect(count("SELECT count(*) AS n FROM posts WHERE body_md = ?", body)).toBe(0);
    const posted = await chief.post(t.url, { intent: "reply", body, submissionKey: "mention-held-1", mentionsChecked: "yes" });
    expect(posted.status).toBe(302);
    expect(count("SELECT count(*) AS n FROM posts WHERE body_md = ?", body)).toBe(1);
    const postId = one<{ id: number }>("SELECT id FROM posts WHERE body_md = ?", body).id;
    expect(count("SELECT count(*) AS n FROM notifications WHERE post_id = ? AND user_id = ?", postId, userId(SUPPLIER))).toBe(0);
    expect(count("SELECT count(*) AS n FROM notifications WHERE post_id = ? AND kind = 'mention'", postId)).toBe(1); // the PCC
  });

  test("a new policing-only thread warns the same way; an open space or a reachable mention does not", async () => {
    const form = { kind: "discussion", title: "New thread naming a supplier", body: "Thoughts, @demo-supplier?", submissionKey: "mention-new-1" };
    const held = await chief.post("/spaces/chiefs-and-pccs/new", { ...form, intent: "publish" });
    expect(held.status).toBe(200);
    expect(textOf(await held.text())).toContain(WARNING);
    expect((await chief.post("/spaces/chiefs-and-pccs/new", { ...form, intent: "publish", mentionsChecked: "yes" })).status).toBe(302);
    const open = await chief.post("/spaces/open-discussions/new", { ...form, submissionKey: "mention-new-2", intent: "preview" });
    expect(textOf(await open.text())).not.toContain("will not be notified");
    const reachable = await chief.post("/spaces/chiefs-and-pccs/new", { ...form, body: "Thoughts, @demo-pcc?", submissionKey: "mention-new-3", intent: "publish" });
    expect(reachable.status).toBe(302);
  });
});

describe("notifications that grow", () => {
  test("three replies make one notification saying so, moved to the top; once read, the next reply starts a new one", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Growing notification thread", body: "Tell me about exit plans." });
    const other = await startThread(chief, "open-discussions", { title: "An older notification thread", body: "Anything?" });
    await reply(pcc, t.url, "First answer");
    await reply(pcc, other.url, "Answer elsewhere");
    await reply(supplier, t.url, "Second answer");
    await new Promise((resolve) => setTimeout(resolve, 1100)); // times are kept to the second
    await reply(pcc, t.url, "Third answer");
    const mine = () => openDb(server).prepare("SELECT id, kind, reply_count, read_at FROM notifications WHERE user_id = ? AND discussion_id = (SELECT discussion_id FROM threads WHERE id = ?) ORDER BY id").all(userId(CHIEF), t.id) as { id: number; reply_count: number; read_at: number | null }[];
    expect(mine()).toHaveLength(1);
    expect(mine()[0]!.reply_count).toBe(3);
    const html = await page(chief, "/notifications");
    const text = textOf(html);
    expect(text).toContain("3 new replies in Growing notification thread (the latest from Pat Commissioner (demo))");
    expect(text.indexOf("Growing notification thread")).toBeLessThan(text.indexOf("An older notification thread"));
    // The link leads to the first of the three.
    const first = await chief.get(`/notifications/${mine()[0]!.id}`);
    expect(first.headers.get("location")).toBe(`/posts/${one<{ id: number }>("SELECT id FROM posts WHERE body_md = 'First answer'").id}`);
    await reply(supplier, t.url, "Fourth answer, after reading");
    expect(mine()).toHaveLength(2);
    expect(mine()[1]!.reply_count).toBe(1);
    expect(textOf(await page(chief, "/notifications"))).toContain("Sam Supplier (demo) replied in Growing notification thread");
  });

  test("reading to the end of the thread reads its notifications", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Read by reading thread", body: "Question" });
    await reply(pcc, t.url, "An answer to read");
    const unread = () => count("SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL AND discussion_id = (SELECT discussion_id FROM threads WHERE id = ?)", userId(CHIEF), t.id);
    expect(unread()).toBe(1);
    await page(chief, t.url);
    expect(unread()).toBe(0);
  });

  test("'as it happens' e-mail waits, then sends one message for several replies in a thread", async () => {
    const member = "pcc@cleveland-pcc.example";
    const t = await startThread(pcc, "open-discussions", { title: "Batched e-mail thread", body: "Who has a custody exit plan?" });
    const started = Date.now();
    for (const body of ["Batched reply one", "Batched reply two", "Batched reply three"]) expect((await reply(chief, t.url, body)).status).toBe(302);
    const queued = openDb(server).prepare("SELECT next_attempt_at, created_at, sent_at FROM mail_outbox WHERE recipient = ? AND text LIKE '%Batched e-mail thread%'").all(member) as { next_attempt_at: number; created_at: number; sent_at: number | null }[];
    expect(queued).toHaveLength(1);
    expect(queued[0]!.sent_at).toBeNull();
    expect(queued[0]!.next_attempt_at - queued[0]!.created_at).toBeGreaterThanOrEqual(BATCH_SECONDS * 1000 - 50);
    await outboxSettled(server);
    expect(Date.now() - started).toBeGreaterThanOrEqual(BATCH_SECONDS * 1000 - 500);
    const mails = (await readOutbox(server, member)).filter((m) => m.text.includes("Batched e-mail thread"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("3 new replies in Batched e-mail thread");
    expect(mails[0]!.text).toContain("Batched reply three");
    // A reply after it went starts the next message.
    await reply(chief, t.url, "Batched reply four");
    await outboxSettled(server);
    expect((await readOutbox(server, member)).filter((m) => m.text.includes("Batched e-mail thread"))).toHaveLength(2);
  });

  test("a batched e-mail whose news is read before it goes is not sent", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Read before mailed thread", body: "Question" });
    await reply(supplier, t.url, "Answer read on the site");
    await page(chief, t.url);
    await outboxSettled(server);
    expect((await readOutbox(server, CHIEF)).some((m) => m.text.includes("Read before mailed thread"))).toBe(false);
  });
});

describe("watching a space, a partnership or a service area", () => {
  const newThreadNotes = (email: string, title: string) =>
    count("SELECT count(*) AS n FROM notifications WHERE kind = 'new_thread' AND user_id = ? AND discussion_id = (SELECT discussion_id FROM threads WHERE title = ?)", userId(email), title);
  const termId = (slug: string) => one<{ id: number }>("SELECT id FROM terms WHERE vocabulary = 'service_area' AND slug = ?", slug).id;
  const partnershipId = (slug: string) => one<{ id: number }>("SELECT id FROM partnerships WHERE slug = ?", slug).id;

  test("Watch and Stop watching are plain forms on each page, and a watched space tells of its new threads", async () => {
    const spacePage = await page(pcc, "/spaces/open-discussions");
    expect(spacePage).toMatch(/<form method="post"[^>]*>[\s\S]*?name="intent" value="watch"/);
    expect((await pcc.post("/spaces/open-discussions", { intent: "watch" })).status).toBe(302);
    expect(textOf(await page(pcc, "/spaces/open-discussions"))).toContain("Stop watching");
    await startThread(chief, "open-discussions", { title: "New thread in a watched space", body: "Body" });
    expect(newThreadNotes("pcc@cleveland-pcc.example", "New thread in a watched space")).toBe(1);
    expect(textOf(await page(pcc, "/notifications"))).toContain("Casey Chief (demo) started a new thread: New thread in a watched space");
    expect((await pcc.post("/spaces/open-discussions", { intent: "unwatch" })).status).toBe(302);
    await startThread(chief, "open-discussions", { title: "New thread after unwatching", body: "Body" });
    expect(newThreadNotes("pcc@cleveland-pcc.example", "New thread after unwatching")).toBe(0);
  });

  test("a supplier watching a partnership and a service area hears of open threads about them, never of policing-only ones", async () => {
    const custody = termId("custody");
    const partnership = partnershipId("cleveland-reliance-custody");
    expect((await supplier.post("/partnerships/cleveland-reliance-custody", { intent: "watch" })).status).toBe(302);
    expect((await supplier.post("/service-areas/custody", { intent: "watch" })).status).toBe(302);
    expect(textOf(await page(supplier, "/service-areas/custody"))).toContain("Stop watching");
    expect(textOf(await page(supplier, "/partnerships/cleveland-reliance-custody"))).toContain("Stop watching");
    const tags = { partnerships: [String(partnership)], serviceAreas: [String(custody)] };
    await startThread(chief, "open-discussions", { title: "Open thread about custody partnering", body: "Body", ...tags });
    await startThread(chief, "chiefs-and-pccs", { title: "Policing-only thread about custody partnering", body: "Body", ...tags });
    expect(newThreadNotes(SUPPLIER, "Open thread about custody partnering")).toBe(1); // once, though watched twice
    expect(newThreadNotes(SUPPLIER, "Policing-only thread about custody partnering")).toBe(0);
    const list = await page(supplier, "/notifications");
    expect(list).toContain("Open thread about custody partnering");
    expect(list).not.toContain("Policing-only thread about custody partnering");
    expect(await page(supplier, "/service-areas/custody")).not.toContain("Policing-only thread about custody partnering");
    await outboxSettled(server);
    expect((await readOutbox(server, SUPPLIER)).some((m) => m.text.includes("Policing-only thread about custody partnering"))).toBe(false);
  });

  test("a supplier cannot watch a policing-only space, and an unknown area is not found", async () => {
    expect((await supplier.post("/spaces/chiefs-and-pccs", { intent: "watch" })).status).toBe(404);
    expect(count("SELECT count(*) AS n FROM topic_watches WHERE user_id = ? AND scope = 'space' AND scope_id = (SELECT id FROM spaces WHERE slug = 'chiefs-and-pccs')", userId(SUPPLIER))).toBe(0);
    expect((await supplier.get("/service-areas/no-such-area")).status).toBe(404);
  });
});

describe("messages shown once", () => {
  test("after a reply the page shows a banner once: not on reload, not to a supplier opening the same link", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Flash message thread", body: "Question" });
    await Promise.all([drain(pcc), drain(supplier)]);
    const res = await reply(pcc, t.url, "A reply with a banner");
    const location = res.headers.get("location")!;
    expect(location).not.toContain("created");
    const shown = await page(pcc, location);
    expect(shown).toMatch(BANNER);
    expect(textOf(shown)).toContain("Your reply is posted.");
    expect(await page(pcc, location)).not.toMatch(BANNER);
    expect(await page(supplier, location)).not.toMatch(BANNER);
  });

  test("publishing a thread, accepting an answer and reporting each say so once", async () => {
    const published = await chief.post("/spaces/open-discussions/new", { kind: "question", title: "Flash publish question", body: "Body", intent: "publish", submissionKey: "flash-publish-1" });
    const url = published.headers.get("location")!;
    await drain(supplier);
    expect(textOf(await page(chief, url))).toContain("Your question is published.");
    expect(await page(supplier, url)).not.toMatch(BANNER);
    await reply(supplier, url, "An answer to accept");
    await page(supplier, url); // the reply's own banner
    const answerId = (await ids(chief, url)).at(-1)!;
    const accepted = await chief.post(url, { intent: "accept", postId: String(answerId) });
    expect(textOf(await page(chief, accepted.headers.get("location")!))).toContain("The answer is accepted.");
    expect(await page(chief, url)).not.toMatch(BANNER);
    const reported = await pcc.post(`/posts/${answerId}/flag`, { reason: "off_topic", details: "" });
    expect(reported.status).toBe(302);
    expect(reported.headers.get("location")).toMatch(/^\/threads\/\d+\//);
    const after = textOf(await page(pcc, reported.headers.get("location")!));
    expect(after).toContain("Your report is with the moderators");
  });
});

describe("reports and their outcome", () => {
  test("the Report link becomes Reported; the reporter and the author are told what the moderator decided", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Reported post thread", body: "Question" });
    await reply(supplier, t.url, "A reply that will be hidden");
    await reply(supplier, t.url, "A reply that will stay");
    const postId = (body: string) => one<{ id: number }>("SELECT id FROM posts WHERE body_md = ?", body).id;
    const [hideId, keepId] = [postId("A reply that will be hidden"), postId("A reply that will stay")];
    for (const id of [hideId, keepId]) expect((await chief.post(`/posts/${id}/flag`, { reason: "off_topic", details: "" })).status).toBe(302);
    const seen = await page(chief, t.url);
    expect(seen).not.toContain(`/posts/${hideId}/flag`);
    expect(textOf(seen)).toContain("Reported by you");
    expect(await page(pcc, t.url)).toContain(`/posts/${hideId}/flag`);

    expect((await moderator.post(`/posts/${hideId}/moderate`, { intent: "hide", reason: "Off topic for this thread" })).status).toBe(302);
    expect((await moderator.post("/admin/flags", { intent: "dismiss", postId: String(keepId) })).status).toBe(302);
    const chiefSees = textOf(await page(chief, "/notifications"));
    expect(chiefSees).toContain("A moderator hid the post you reported in Reported post thread");
    expect(chiefSees).toContain("A moderator looked at the post you reported in Reported post thread and left it up");
    const supplierSees = textOf(await page(supplier, "/notifications"));
    expect(supplierSees).toContain("A moderator hid your post in Reported post thread. The reason given: Off topic for this thread");
  });

  test("a reporter who can no longer read the thread is told nothing", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Report then narrowed thread", body: "Question" });
    await reply(chief, t.url, "Chief's reply that a supplier reports");
    const id = postIds(await page(supplier, t.url)).at(-1)!;
    expect((await supplier.post(`/posts/${id}/flag`, { reason: "off_topic", details: "" })).status).toBe(302);
    expect((await moderator.post(`/moderation/threads/${t.id}/move`, { space: "chiefs-and-pccs" })).status).toBe(302);
    expect((await moderator.post(`/posts/${id}/moderate`, { intent: "hide", reason: "Moved and hidden" })).status).toBe(302);
    expect(count("SELECT count(*) AS n FROM notifications WHERE user_id = ? AND post_id = ?", userId(SUPPLIER), id)).toBe(0);
    expect(textOf(await page(supplier, "/notifications"))).not.toContain("Report then narrowed thread");
  });
});

describe("the moderators' header and e-mail", () => {
  const headerCount = (html: string, label: string) => Number(new RegExp(`${label} \\((\\d+)`).exec(html.replace(/<!-- -->/g, ""))?.[1] ?? 0);

  test("moderators see open reports and administrators pending approvals in the header; members see neither", async () => {
    const before = headerCount(await page(moderator, "/spaces"), "Reports");
    const t = await startThread(chief, "open-discussions", { title: "Header count thread", body: "Question" });
    await reply(supplier, t.url, "Reply to report for the count");
    const id = postIds(await page(chief, t.url)).at(-1)!;
    await chief.post(`/posts/${id}/flag`, { reason: "off_topic", details: "" });
    expect(headerCount(await page(moderator, "/spaces"), "Reports")).toBe(before + 1);
    expect(headerCount(await page(admin, "/spaces"), "Reports")).toBe(before + 1);
    const db = openDb(server);
    db.prepare("UPDATE users SET status = 'pending' WHERE email = 'lead@homeoffice.example'").run();
    try {
      expect(headerCount(await page(admin, "/spaces"), "Approvals")).toBe(count("SELECT count(*) AS n FROM users WHERE status = 'pending'"));
      expect(await page(moderator, "/spaces")).not.toContain('href="/admin/approvals"');
    } finally {
      db.prepare("UPDATE users SET status = 'active' WHERE email = 'lead@homeoffice.example'").run();
    }
    const member = await page(chief, "/spaces");
    expect(member).not.toContain('href="/admin/flags"');
    expect(member).not.toContain('href="/admin"');
  });

  test("a supplier-side moderator's count and e-mail leave out reports on policing-only posts", async () => {
    const db = openDb(server);
    db.prepare(
      `INSERT INTO users (email, handle, name, job_title, organisation_id, password_hash, role, status, email_verified_at, totp_key, totp_enabled)
       SELECT 'moderator@steria.example', 'steria-moderator', 'Sid Supplier Moderator', '', s.organisation_id, m.password_hash, 'moderator', 'active', unixepoch(), m.totp_key, 1
       FROM users s, users m WHERE s.email = ? AND m.email = 'moderator@example.org'`,
    ).run(SUPPLIER);
    const supplierModerator = await signIn(server, "moderator@steria.example");
    await outboxSettled(server);
    const before = headerCount(await page(supplierModerator, "/spaces"), "Reports");
    const t = await startThread(chief, "chiefs-and-pccs", { title: "Policing-only reported thread", body: "Question" });
    await reply(pcc, t.url, "Policing-only reply to report");
    const id = postIds(await page(chief, t.url)).at(-1)!;
    expect((await chief.post(`/posts/${id}/flag`, { reason: "off_topic", details: "" })).status).toBe(302);
    expect(headerCount(await page(supplierModerator, "/spaces"), "Reports")).toBe(before);
    expect(headerCount(await page(moderator, "/spaces"), "Reports")).toBeGreaterThan(0);
    await outboxSettled(server);
    expect((await readOutbox(server, "moderator@steria.example")).filter((m) => m.subject.includes("Waiting for you"))).toHaveLength(0);
    const toModerator = (await readOutbox(server, "moderator@example.org")).filter((m) => m.subject.includes("Waiting for you"));
    expect(toModerator.length).toBeGreaterThan(0);
    expect(toModerator.at(-1)!.text).toMatch(/\d+ reported posts? (is|are) waiting for a moderator/);
    expect(toModerator.at(-1)!.text).not.toContain("Policing-only reply to report");
  });

  test("several reports in a short time make one e-mail to each moderator", async () => {
    await outboxSettled(server);
    const before = (await readOutbox(server, "moderator@example.org")).length;
    const t = await startThread(chief, "open-discussions", { title: "Batched reports thread", body: "Question" });
    await reply(supplier, t.url, "Batched report one");
    await reply(supplier, t.url, "Batched report two");
    for (const id of (await ids(chief, t.url)).slice(1)) expect((await chief.post(`/posts/${id}/flag`, { reason: "off_topic", details: "" })).status).toBe(302);
    await outboxSettled(server);
    const mails = (await readOutbox(server, "moderator@example.org")).slice(before);
    expect(mails.filter((m) => m.subject.includes("Waiting for you"))).toHaveLength(1);
  });

  test("/admin shows a moderator what they may do, and is not found for a member", async () => {
    const html = textOf(await page(moderator, "/admin"));
    expect(html).toContain("Moderation");
    expect(html).toContain("Reported posts");
    expect(html).not.toContain("Audit log");
    expect(await page(moderator, "/admin")).not.toContain('href="/admin/members"');
    expect(textOf(await page(admin, "/admin"))).toContain("Audit log");
    expect((await chief.get("/admin")).status).toBe(404);
    expect((await supplier.get("/admin")).status).toBe(404);
  });
});
