import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { reply, startThread } from "../helpers/forum";
import { signIn, type Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

/** Issue 14, item 4: a thread's title, kind, service areas and partnerships after publishing. */
let server: TestServer;
let chief: Visitor;
let pcc: Visitor;
let supplier: Visitor;
let moderator: Visitor;
let areas: { id: number; name: string }[];
let live: { id: number; name: string };
let quiet: { id: number; name: string };

const one = <T>(sql: string, ...params: unknown[]) => openDb(server).prepare(sql).get(...params) as T;

/** Whether a checkbox or radio with this name and value is rendered ticked (attribute order is React's). */
function ticked(html: string, name: string, value: string | number) {
  return [...html.matchAll(/<input [^>]*>/g)].some(([tag]) => tag.includes(`name="${name}"`) && tag.includes(`value="${value}"`) && tag.includes('checked=""'));
}

function detailsForm(fields: { title: string; kind: "question" | "discussion"; serviceAreas?: number[]; partnerships?: number[]; clearAnswer?: boolean }) {
  const form = new URLSearchParams({ title: fields.title, kind: fields.kind });
  for (const a of fields.serviceAreas ?? []) form.append("serviceAreas", String(a));
  for (const p of fields.partnerships ?? []) form.append("partnerships", String(p));
  if (fields.clearAnswer) form.append("clearAnswer", "yes");
  return form;
}

beforeAll(async () => {
  server = await startTestServer();
  [chief, pcc, supplier, moderator] = await Promise.all([
    signIn(server, "chief@cleveland-police.example"),
    signIn(server, "pcc@cleveland-pcc.example"),
    signIn(server, "supplier@steria.example"),
    signIn(server, "moderator@example.org"),
  ]);
  const db = openDb(server);
  areas = db.prepare("SELECT id, name FROM terms WHERE vocabulary = 'service_area' ORDER BY position LIMIT 3").all() as typeof areas;
  db.prepare("UPDATE partnerships SET status = 'in-procurement' WHERE slug = 'cleveland-reliance-custody'").run();
  live = db.prepare("SELECT id, name FROM partnerships WHERE slug = 'cleveland-reliance-custody'").get() as typeof live;
  quiet = db.prepare("SELECT id, name FROM partnerships WHERE status IS NOT 'in-procurement' ORDER BY id LIMIT 1").get() as typeof quiet;
});
afterAll(() => server?.stop());

describe("editing a thread's details", () => {
  test("the author changes title, kind, areas and partnerships, sees them on the thread, and the change is in its history", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Custody contract exit costs", body: "What did exit cost you?", serviceAreas: [String(areas[0]!.id)] });
    const before = await (await chief.get(thread.url)).text();
    expect(before).toContain(`href="/threads/${thread.id}/details"`);
    expect(before).toContain("Edit thread details");
    expect(before).not.toContain(`href="/threads/${thread.id}/history"`);

    const form = await (await chief.get(`/threads/${thread.id}/details`)).text();
    expect(form).toContain('value="Custody contract exit costs"');
    expect(ticked(form, "serviceAreas", areas[0]!.id)).toBe(true);
    expect(ticked(form, "serviceAreas", areas[1]!.id)).toBe(false);
    expect(ticked(form, "kind", "question")).toBe(true);

    const saved = await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "Custody contract exit costs and timings", kind: "discussion", serviceAreas: [areas[1]!.id], partnerships: [quiet.id] }));
    expect(saved.status).toBe(302);
    const page = await chief.follow(saved);
    expect(page.url).toMatch(new RegExp(`^/threads/${thread.id}/custody-contract-exit-costs-and-timings`));
    expect(page.html).toContain("Thread details saved");
    expect(page.html).toContain("<h1 class=\"govuk-heading-l\">Custody contract exit costs and timings</h1>");
    expect(page.html).toMatch(/Discussion(<!-- -->)? in (<!-- -->)?Open discussions/);
    expect(page.html).toContain(areas[1]!.name);
    expect(page.html).not.toContain(`>${areas[0]!.name}</strong>`);
    expect(page.html).toContain(quiet.name);
    expect(page.html).toContain(`href="/threads/${thread.id}/history"`);

    const history = await (await pcc.get(`/threads/${thread.id}/history`)).text();
    expect(history).toContain("Thread history");
    expect(history).toContain("Custody contract exit costs and timings");
    expect(history).toContain("Custody contract exit costs");
    expect(history).toContain("Question");
    expect(history).toContain("Discussion");
    expect(history).toContain(areas[0]!.name);
    expect(history).toContain(areas[1]!.name);
    expect(history).toContain(quiet.name);
    const row = one<{ editorId: number; oldTitle: string; newTitle: string; oldKind: string; newKind: string }>(
      "SELECT editor_id AS editorId, old_title AS oldTitle, new_title AS newTitle, old_kind AS oldKind, new_kind AS newKind FROM thread_revisions WHERE thread_id = ?",
      thread.id,
    );
    expect(row).toMatchObject({ oldTitle: "Custody contract exit costs", newTitle: "Custody contract exit costs and timings", oldKind: "question", newKind: "discussion" });
    expect(row.editorId).toBe(one<{ id: number }>("SELECT id FROM users WHERE email = 'chief@cleveland-police.example'").id);
  });

  test("another member, a supplier included, neither sees the link nor opens the form (404), nor saves", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Only the author edits this", body: "Body text" });
    for (const other of [pcc, supplier]) {
      expect(await (await other.get(thread.url)).text()).not.toContain("Edit thread details");
      expect((await other.get(`/threads/${thread.id}/details`)).status).toBe(404);
      expect((await other.post(`/threads/${thread.id}/details`, detailsForm({ title: "Taken over by someone else", kind: "question" }))).status).toBe(404);
    }
    expect(one<{ title: string }>("SELECT title FROM threads WHERE id = ?", thread.id).title).toBe("Only the author edits this");
  });

  test("a locked thread's details are the moderators' to change", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Locked thread details", body: "Body text" });
    expect((await moderator.post(thread.url, { intent: "lock" })).status).toBe(302);
    expect((await chief.get(`/threads/${thread.id}/details`)).status).toBe(404);
    expect((await moderator.get(`/threads/${thread.id}/details`)).status).toBe(200);
  });

  test("validation errors are summarised and keep what was typed", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Validation of details", body: "Body text" });
    const res = await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "abc", kind: "discussion", serviceAreas: [areas[2]!.id] }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("<title>Error: ");
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain('href="#title"');
    expect(html).toContain("Title must be 5 characters or more");
    expect(html).toContain('value="abc"');
    expect(ticked(html, "kind", "discussion")).toBe(true);
    expect(ticked(html, "serviceAreas", areas[2]!.id)).toBe(true);
    const unknown = await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "Validation of details", kind: "question", partnerships: [999999] }));
    expect(unknown.status).toBe(400);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM thread_revisions WHERE thread_id = ?", thread.id).n).toBe(0);
  });

  test("a question with an accepted answer becomes a discussion only once the clearing is confirmed", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Accepted answer then discussion", body: "Question text" });
    await reply(pcc, thread.url, "An answer worth accepting");
    const postId = one<{ id: number }>("SELECT p.id FROM posts p JOIN threads t ON t.discussion_id = p.discussion_id WHERE t.id = ? AND p.number = 2", thread.id).id;
    expect((await chief.post(thread.url, { intent: "accept", postId: String(postId) })).status).toBe(302);
    const form = await (await chief.get(`/threads/${thread.id}/details`)).text();
    expect(form).toContain('name="clearAnswer"');
    const refused = await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "Accepted answer then discussion", kind: "discussion" }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Confirm that the accepted answer will be cleared");
    expect(one<{ a: number | null }>("SELECT accepted_post_id AS a FROM threads WHERE id = ?", thread.id).a).toBe(postId);
    expect((await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "Accepted answer then discussion", kind: "discussion", clearAnswer: true }))).status).toBe(302);
    expect(one<{ a: number | null; kind: string }>("SELECT accepted_post_id AS a, kind FROM threads WHERE id = ?", thread.id)).toEqual({ a: null, kind: "discussion" });
  });

  test("a thread titled like one of its pages keeps an address of its own", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Renamed soon", body: "Body text" });
    const saved = await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "History", kind: "question" }));
    expect(saved.headers.get("location")).toBe(`/threads/${thread.id}/history-thread`);
    expect(await (await chief.get(saved.headers.get("location")!)).text()).toContain("Skip to reply");
  });

  test("search follows the new title and forgets the old one", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Quokkaplan rollout lessons", body: "How did the rollout go?" });
    const found = async (word: string) => (await (await chief.get(`/search?q=${word}`)).text()).includes(`/threads/${thread.id}/`);
    expect(await found("quokkaplan")).toBe(true);
    expect((await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "Wallabyplan rollout lessons", kind: "question" }))).status).toBe(302);
    expect(await found("wallabyplan")).toBe(true);
    expect(await found("quokkaplan")).toBe(false);
  });
});

describe("live procurement and the record", () => {
  test("a supplier may not link its thread to a partnership in procurement", async () => {
    const thread = await startThread(supplier, "open-discussions", { title: "Supplier thread about custody", body: "A supplier question" });
    const res = await supplier.post(`/threads/${thread.id}/details`, detailsForm({ title: "Supplier thread about custody", kind: "question", partnerships: [live.id] }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("is in procurement");
    expect(one<{ n: number }>("SELECT count(*) AS n FROM thread_partnerships WHERE thread_id = ?", thread.id).n).toBe(0);
    expect((await supplier.post(`/threads/${thread.id}/details`, detailsForm({ title: "Supplier thread about custody", kind: "question", partnerships: [quiet.id] }))).status).toBe(302);
  });

  test("a supplier may not unlink its thread from a live procurement, but may still retitle it", async () => {
    const res = await supplier.post("/spaces/open-discussions/new", { kind: "question", title: "Declared supplier thread", body: "Bidder question", intent: "publish", submissionKey: "details-declared-1", partnerships: String(live.id), interest: "may_bid" });
    expect(res.status).toBe(302);
    const id = Number(/^\/threads\/(\d+)\//.exec(res.headers.get("location")!)![1]);
    const unlink = await supplier.post(`/threads/${id}/details`, detailsForm({ title: "Declared supplier thread", kind: "question" }));
    expect(unlink.status).toBe(400);
    expect(await unlink.text()).toContain("cannot be removed while");
    expect(one<{ n: number }>("SELECT count(*) AS n FROM thread_partnerships WHERE thread_id = ?", id).n).toBe(1);
    expect((await supplier.post(`/threads/${id}/details`, detailsForm({ title: "Declared supplier thread, retitled", kind: "question", partnerships: [live.id] }))).status).toBe(302);
  });

  test("a moderator's change is audit-logged, and a newly linked live partnership takes the thread into its engagement record", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Moderated details thread", body: "Readable by suppliers" });
    await reply(supplier, thread.url, "A supplier reply before the link");
    const discussionId = one<{ d: number }>("SELECT discussion_id AS d FROM threads WHERE id = ?", thread.id).d;
    const entries = () => one<{ n: number }>("SELECT count(*) AS n FROM engagement_entries WHERE discussion_id = ? AND change = 'linked' AND partnership_id = ?", discussionId, live.id).n;
    expect(entries()).toBe(0);
    const saved = await moderator.post(`/threads/${thread.id}/details`, detailsForm({ title: "Moderated details thread", kind: "question", partnerships: [live.id] }));
    expect(saved.status).toBe(302);
    expect(entries()).toBe(2);
    const audit = one<{ n: number; detail: string }>("SELECT count(*) AS n, max(detail) AS detail FROM audit_log WHERE action = 'thread_details_edited_by_moderator' AND target_type = 'thread' AND target_id = ?", thread.id);
    expect(audit.n).toBe(1);
    expect(audit.detail).toContain(live.name);
    // Unlinking takes nothing out of the record.
    expect((await moderator.post(`/threads/${thread.id}/details`, detailsForm({ title: "Moderated details thread", kind: "question" }))).status).toBe(302);
    expect(entries()).toBe(2);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'thread_details_edited_by_moderator' AND target_id = ?", thread.id).n).toBe(2);
    // The author's own change is not a moderator's.
    expect((await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "Moderated details thread, by its author", kind: "question" }))).status).toBe(302);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'thread_details_edited_by_moderator' AND target_id = ?", thread.id).n).toBe(2);
  });

  test("a supplier never sees the details form or the history of a policing-only thread", async () => {
    const thread = await startThread(chief, "chiefs-and-pccs", { title: "Policing-only evaluation thread", body: "Internal" });
    expect((await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "Policing-only evaluation, renamed", kind: "discussion" }))).status).toBe(302);
    expect((await pcc.get(`/threads/${thread.id}/history`)).status).toBe(200);
    for (const path of ["history", "details"]) {
      const res = await supplier.get(`/threads/${thread.id}/${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("Policing-only evaluation");
    }
  });

  test("once a policing-only thread is opened to every member, a supplier sees only the changes made since", async () => {
    const thread = await startThread(chief, "chiefs-and-pccs", { title: "Weaknesses in the Zebrafin bid", body: "Internal" });
    expect((await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "Custody bids: general questions", kind: "question" }))).status).toBe(302);
    expect(await (await supplier.get(thread.url)).text()).not.toContain("Custody bids");
    expect((await moderator.post(`/moderation/threads/${thread.id}/move`, { space: "open-discussions", confirm: "yes" })).status).toBe(302);
    const page = await (await supplier.get(`/threads/${thread.id}/x`)).text();
    expect(page).toContain("Custody bids: general questions");
    expect(page).not.toContain(`href="/threads/${thread.id}/history"`);
    expect(await (await supplier.get(`/threads/${thread.id}/history`)).text()).not.toContain("Zebrafin");
    expect(await (await pcc.get(`/threads/${thread.id}/history`)).text()).toContain("Zebrafin");

    expect((await chief.post(`/threads/${thread.id}/details`, detailsForm({ title: "Custody bids: open questions", kind: "question" }))).status).toBe(302);
    const history = await (await supplier.get(`/threads/${thread.id}/history`)).text();
    expect(history).toContain("Custody bids: open questions");
    expect(history).not.toContain("Zebrafin");
    expect(await (await supplier.get(`/threads/${thread.id}/x`)).text()).toContain(`href="/threads/${thread.id}/history"`);
  });
});
