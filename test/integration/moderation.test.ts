import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_TOTP_KEY } from "../../db/seed/demo";
import { openDb, userRow } from "../helpers/accounts";
import { signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let admin: Visitor;
let moderator: Visitor;
let chief: Visitor;
let supplier: Visitor;

beforeAll(async () => {
  server = await startTestServer();
  [admin, moderator, chief, supplier] = await Promise.all([
    signIn(server, "admin@example.org"),
    signIn(server, "moderator@example.org"),
    signIn(server, "chief@cleveland-police.example"),
    signIn(server, "supplier@steria.example"),
  ]);
});
afterAll(() => server?.stop());

/** React escapes quotes and apostrophes; compare against the text a person reads. */
function text(html: string) {
  return html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
}

const userId = (email: string) => userRow(server, email)!.id as number;

function one<T = Record<string, unknown>>(query: string, ...args: unknown[]) {
  return openDb(server).prepare(query).get(...args) as T;
}
function all<T = Record<string, unknown>>(query: string, ...args: unknown[]) {
  return openDb(server).prepare(query).all(...args) as T[];
}
const postRow = (id: number) => one<{ hidden_at: number | null; hidden_reason: string | null }>("SELECT hidden_at, hidden_reason FROM posts WHERE id = ?", id);
const flagRows = (postId: number) => all<{ user_id: number; reason: string; resolved_at: number | null; resolved_by: number | null; resolution: string | null }>("SELECT * FROM flags WHERE post_id = ? ORDER BY id", postId);
const auditRows = (action: string, targetId: number) => all<{ actor_id: number; detail: string; target_type: string }>("SELECT * FROM audit_log WHERE action = ? AND target_id = ? ORDER BY id", action, targetId);

let counter = 0;
/**
 * A thread with its discussion and posts, written straight into the server's database (the
 * thread pages are built separately). Each body is [author e-mail, Markdown].
 */
function thread(spaceSlug: string, title: string, bodies: [string, string][]) {
  const db = openDb(server);
  const space = db.prepare("SELECT id, audience FROM spaces WHERE slug = ?").get(spaceSlug) as { id: number; audience: string };
  const now = Math.floor(Date.now() / 1000);
  return db.transaction(() => {
    const discussionId = Number(db.prepare("INSERT INTO discussions (owner_kind, audience, post_count, last_post_number, last_post_at) VALUES ('thread', ?, ?, ?, ?)").run(space.audience, bodies.length, bodies.length, now).lastInsertRowid);
    const threadId = Number(
      db.prepare("INSERT INTO threads (discussion_id, space_id, kind, title, slug, author_id, last_activity_at) VALUES (?, ?, 'discussion', ?, ?, ?, ?)")
        .run(discussionId, space.id, title, `test-thread-${++counter}`, userId(bodies[0]![0]), now).lastInsertRowid,
    );
    db.prepare("UPDATE spaces SET thread_count = thread_count + 1 WHERE id = ?").run(space.id);
    const postIds = bodies.map(([email, body], i) =>
      Number(
        db.prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version) VALUES (?, ?, ?, ?, ?, 1)")
          .run(discussionId, i + 1, userId(email), body, `<p>${body}</p>`).lastInsertRowid,
      ),
    );
    return { threadId, discussionId, postIds };
  })();
}

const SUPPLIER = "supplier@steria.example";
const CHIEF = "chief@cleveland-police.example";
const PCC = "pcc@cleveland-pcc.example";

describe("reporting a post", () => {
  test("a member reports a post once, with the reason stored, and is sent back to the post", async () => {
    const t = thread("open-discussions", "Exit costs in custody contracts", [[CHIEF, "What did exit cost you?"], [SUPPLIER, "Buy our premium exit package today."]]);
    const postId = t.postIds[1]!;
    const page = await chief.get(`/posts/${postId}/flag`);
    expect(page.status).toBe(200);
    const html = text(await page.text());
    expect(html).toContain("Sam Supplier (demo)");
    expect(html).toContain("Buy our premium exit package today.");
    for (const label of ["Off-topic", "Breaks the terms of use", "Commercially sensitive or confidential", "Personal data", "Something else", "Tell the moderators more"]) expect(html).toContain(label);

    const res = await chief.post(`/posts/${postId}/flag`, { reason: "off_topic", details: "" });
    expect(res.status).toBe(302);
    // Straight to the post's place in its thread, where the "report sent" message is shown once.
    expect(res.headers.get("location")).toMatch(/^\/threads\/\d+\/[\w-]+#post-\d+$/);
    expect(flagRows(postId)).toMatchObject([{ user_id: userId(CHIEF), reason: "Off-topic", resolved_at: null }]);

    const again = await chief.post(`/posts/${postId}/flag`, { reason: "terms", details: "" });
    expect(again.status).toBe(409);
    expect(text(await again.text())).toContain("You have already reported this post");
    expect(text(await (await chief.get(`/posts/${postId}/flag`)).text())).toContain("You have already reported this post");
    expect(flagRows(postId)).toHaveLength(1);
  });

  test("a member cannot report their own post", async () => {
    const t = thread("open-discussions", "Benchmarking clauses", [[SUPPLIER, "Here is how we benchmark."]]);
    const postId = t.postIds[0]!;
    expect(text(await (await supplier.get(`/posts/${postId}/flag`)).text())).toContain("You cannot report your own post");
    const res = await supplier.post(`/posts/${postId}/flag`, { reason: "off_topic", details: "" });
    expect(res.status).toBe(403);
    expect(text(await res.text())).toContain("You cannot report your own post");
    expect(flagRows(postId)).toHaveLength(0);
  });

  test("a reason is required, and \"Something else\" needs the member's own words, up to 500 characters", async () => {
    const t = thread("open-discussions", "KPI schedules", [[CHIEF, "Which KPIs worked?"]]);
    const postId = t.postIds[0]!;
    const none = await supplier.post(`/posts/${postId}/flag`, { details: "" });
    expect(none.status).toBe(400);
    expect(text(await none.text())).toContain("Select why you are reporting this post");
    const bare = await supplier.post(`/posts/${postId}/flag`, { reason: "other", details: "  " });
    expect(bare.status).toBe(400);
    expect(text(await bare.text())).toContain("Tell the moderators what is wrong with this post");
    const long = await supplier.post(`/posts/${postId}/flag`, { reason: "other", details: "x".repeat(501) });
    expect(long.status).toBe(400);
    expect(flagRows(postId)).toHaveLength(0);
    const ok = await supplier.post(`/posts/${postId}/flag`, { reason: "other", details: "Names a member of staff" });
    expect(ok.status).toBe(302);
    expect(flagRows(postId)[0]!.reason).toBe("Something else\nNames a member of staff");
  });

  test("a supplier gets 404 for a post in a policing-only discussion, whether reading the form or sending it", async () => {
    const t = thread("chiefs-and-pccs", "Custody exit planning", [[CHIEF, "Our exit plan for custody."]]);
    const postId = t.postIds[0]!;
    expect((await supplier.get(`/posts/${postId}/flag`)).status).toBe(404);
    expect((await supplier.post(`/posts/${postId}/flag`, { reason: "off_topic", details: "" })).status).toBe(404);
    expect((await supplier.post(`/posts/${postId}/flag`, { reason: "", details: "" })).status).toBe(404);
    expect(flagRows(postId)).toHaveLength(0);
    expect((await supplier.get("/posts/99999999/flag")).status).toBe(404);
    expect((await supplier.get("/posts/abc/flag")).status).toBe(404);
  });

  test("a guest is sent to sign in", async () => {
    const res = await new Visitor(server).get("/posts/1/flag");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent("/posts/1/flag")}`);
  });
});

describe("moderating reported posts", () => {
  test("a member who is not a moderator gets 404 on the queue and the moderation page, and changes nothing", async () => {
    const t = thread("open-discussions", "Not for members to moderate", [[SUPPLIER, "A post."]]);
    const postId = t.postIds[0]!;
    await chief.post(`/posts/${postId}/flag`, { reason: "off_topic", details: "" });
    for (const visitor of [chief, supplier]) {
      expect((await visitor.get("/admin/flags")).status).toBe(404);
      expect((await visitor.post("/admin/flags", { intent: "hide", postId: String(postId), reason: "No" })).status).toBe(404);
      expect((await visitor.post("/admin/flags", { intent: "dismiss", postId: String(postId) })).status).toBe(404);
      expect((await visitor.get(`/posts/${postId}/moderate`)).status).toBe(404);
      expect((await visitor.post(`/posts/${postId}/moderate`, { intent: "hide", reason: "No" })).status).toBe(404);
    }
    expect(postRow(postId).hidden_at).toBeNull();
    expect(flagRows(postId)[0]!.resolved_at).toBeNull();
  });

  test("a moderator sees the report and hides the post with a reason: hidden, reports resolved, audit-logged", async () => {
    const t = thread("open-discussions", "Control room staffing models", [[CHIEF, "How did you staff it?"], [SUPPLIER, "Call me on my personal number."]]);
    const postId = t.postIds[1]!;
    await chief.post(`/posts/${postId}/flag`, { reason: "personal_data", details: "" });
    await signIn(server, PCC).then((pcc) => pcc.post(`/posts/${postId}/flag`, { reason: "other", details: "Touting for business" }));

    const html = text(await (await moderator.get("/admin/flags")).text());
    expect(html).toContain("Control room staffing models");
    expect(html).toContain(`href="/posts/${postId}"`);
    expect(html).toContain("Call me on my personal number.");
    expect(html).toContain("Sam Supplier (demo)");
    expect(html).toContain("Personal data");
    expect(html).toContain("Touting for business");
    expect(html).toContain("Casey Chief (demo)");
    expect(html).toContain("Pat Commissioner (demo)");

    const res = await moderator.post("/admin/flags", { intent: "hide", postId: String(postId), reason: "Personal contact details removed" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/flags?done=hidden");
    const post = postRow(postId);
    expect(post.hidden_at).not.toBeNull();
    expect(post.hidden_reason).toBe("Personal contact details removed");
    const moderatorId = userId("moderator@example.org");
    expect(flagRows(postId)).toHaveLength(2);
    for (const f of flagRows(postId)) expect(f).toMatchObject({ resolution: "hidden", resolved_by: moderatorId, resolved_at: expect.any(Number) });
    expect(auditRows("post_hidden", postId)).toMatchObject([{ actor_id: moderatorId, target_type: "post", detail: "Personal contact details removed" }]);
    expect(text(await (await moderator.get("/admin/flags")).text())).not.toContain("Call me on my personal number.");

    // A hidden post cannot be reported again.
    const late = await signIn(server, "lead@homeoffice.example");
    const refused = await late.post(`/posts/${postId}/flag`, { reason: "off_topic", details: "" });
    expect(refused.status).toBe(409);
    expect(flagRows(postId)).toHaveLength(2);
  });

  test("hiding without a reason is refused with a message, and nothing changes", async () => {
    const t = thread("open-discussions", "Vetting backlogs", [[SUPPLIER, "Our vetting is fastest."]]);
    const postId = t.postIds[0]!;
    await chief.post(`/posts/${postId}/flag`, { reason: "off_topic", details: "" });
    const fromQueue = await moderator.post("/admin/flags", { intent: "hide", postId: String(postId), reason: "   " });
    expect(fromQueue.status).toBe(400);
    expect(text(await fromQueue.text())).toContain("Enter the reason readers will see in place of the post");
    const fromPage = await moderator.post(`/posts/${postId}/moderate`, { intent: "hide", reason: "" });
    expect(fromPage.status).toBe(400);
    expect(text(await fromPage.text())).toContain("Enter the reason readers will see in place of the post");
    const tooLong = await moderator.post(`/posts/${postId}/moderate`, { intent: "hide", reason: "x".repeat(301) });
    expect(tooLong.status).toBe(400);
    expect(postRow(postId).hidden_at).toBeNull();
    expect(flagRows(postId)[0]!.resolved_at).toBeNull();
    expect(auditRows("post_hidden", postId)).toHaveLength(0);
  });

  test("dismissing reports keeps the post and resolves them", async () => {
    const t = thread("open-discussions", "Shared service lessons", [[SUPPLIER, "A fair point about shared services."]]);
    const postId = t.postIds[0]!;
    await chief.post(`/posts/${postId}/flag`, { reason: "terms", details: "" });
    const res = await admin.post("/admin/flags", { intent: "dismiss", postId: String(postId) });
    expect(res.status).toBe(302);
    expect(postRow(postId).hidden_at).toBeNull();
    expect(flagRows(postId)).toMatchObject([{ resolution: "dismissed", resolved_by: userId("admin@example.org") }]);
    expect(auditRows("flags_dismissed", postId)).toHaveLength(1);
    // Twice is a conflict, not a second audit entry.
    expect((await admin.post("/admin/flags", { intent: "dismiss", postId: String(postId) })).status).toBe(409);
    expect(auditRows("flags_dismissed", postId)).toHaveLength(1);
  });

  test("a moderator hides and restores a post from its moderation page, each audit-logged", async () => {
    const t = thread("open-discussions", "Estates partnering", [[SUPPLIER, "An ordinary post about estates."]]);
    const postId = t.postIds[0]!;
    const page = text(await (await moderator.get(`/posts/${postId}/moderate`)).text());
    expect(page).toContain("Hide post");
    expect(page).toContain("An ordinary post about estates.");

    const hide = await moderator.post(`/posts/${postId}/moderate`, { intent: "hide", reason: "Under review" });
    expect(hide.status).toBe(302);
    expect(hide.headers.get("location")).toBe(`/posts/${postId}`);
    expect(postRow(postId)).toMatchObject({ hidden_reason: "Under review", hidden_at: expect.any(Number) });
    expect(auditRows("post_hidden", postId)).toMatchObject([{ detail: "Under review" }]);

    expect(text(await (await moderator.get(`/posts/${postId}/moderate`)).text())).toContain("Restore post");
    const restore = await moderator.post(`/posts/${postId}/moderate`, { intent: "restore" });
    expect(restore.status).toBe(302);
    expect(restore.headers.get("location")).toBe(`/posts/${postId}`);
    expect(postRow(postId)).toEqual({ hidden_at: null, hidden_reason: null });
    expect(auditRows("post_restored", postId)).toHaveLength(1);
    // Restoring a visible post is a conflict, not a second entry.
    expect((await moderator.post(`/posts/${postId}/moderate`, { intent: "restore" })).status).toBe(409);
    expect(auditRows("post_restored", postId)).toHaveLength(1);
  });

  test("a moderator on the supplier side never sees or acts on reports of policing-only posts", async () => {
    const db = openDb(server);
    const steria = userRow(server, SUPPLIER)!;
    db.prepare(
      "INSERT INTO users (email, handle, name, job_title, organisation_id, password_hash, role, status, email_verified_at, totp_key, totp_enabled) VALUES (?, ?, ?, ?, ?, ?, 'moderator', 'active', unixepoch(), ?, 1)",
    ).run("moderator@steria.example", "steria-moderator", "Sky Supplier Moderator", "Moderator", steria.organisation_id, steria.password_hash, DEMO_TOTP_KEY);
    const supplierModerator = await signIn(server, "moderator@steria.example");

    const secret = thread("chiefs-and-pccs", "Confidential custody exit costs", [[CHIEF, "Our custody exit cost figures."], [PCC, "Ours were higher."]]);
    const open = thread("open-discussions", "Open question for everyone", [[CHIEF, "An open question."]]);
    await chief.post(`/posts/${secret.postIds[1]!}/flag`, { reason: "confidential", details: "" });
    await supplier.post(`/posts/${open.postIds[0]!}/flag`, { reason: "off_topic", details: "" });

    const queue = text(await (await supplierModerator.get("/admin/flags")).text());
    expect(queue).toContain("Open question for everyone");
    expect(queue).not.toContain("Confidential custody exit costs");
    expect(queue).not.toContain("Ours were higher.");
    expect(text(await (await moderator.get("/admin/flags")).text())).toContain("Confidential custody exit costs");

    const secretPost = secret.postIds[1]!;
    expect((await supplierModerator.get(`/posts/${secretPost}/moderate`)).status).toBe(404);
    expect((await supplierModerator.post(`/posts/${secretPost}/moderate`, { intent: "hide", reason: "x" })).status).toBe(404);
    expect((await supplierModerator.post("/admin/flags", { intent: "hide", postId: String(secretPost), reason: "x" })).status).toBe(404);
    expect((await supplierModerator.post("/admin/flags", { intent: "dismiss", postId: String(secretPost) })).status).toBe(404);
    expect(postRow(secretPost).hidden_at).toBeNull();
    expect(flagRows(secretPost)[0]!.resolved_at).toBeNull();
  });
});

describe("spaces administration", () => {
  const form = (overrides: Record<string, string> = {}) => ({
    name: "Test policing space",
    slug: "test-policing-space",
    description: "For the tests.",
    audience: "policing",
    position: "50",
    archived: "",
    confirmWiden: "",
    ...overrides,
  });
  const spaceRow = (slug: string) => one<{ id: number; name: string; audience: string; is_archived: number; position: number } | undefined>("SELECT * FROM spaces WHERE slug = ?", slug);

  test("only administrators reach the spaces pages", async () => {
    for (const visitor of [moderator, chief, supplier]) {
      for (const page of ["/admin/spaces", "/admin/spaces/new", "/admin/spaces/1"]) expect((await visitor.get(page)).status, page).toBe(404);
      expect((await visitor.post("/admin/spaces/new", form({ slug: "sneaky" }))).status).toBe(404);
    }
    expect(spaceRow("sneaky")).toBeUndefined();
  });

  test("a bad web address or name is refused with field errors, the values kept and nothing saved", async () => {
    const res = await admin.post("/admin/spaces/new", form({ name: "Ab", slug: "Bad Slug!", description: "Kept description" }));
    expect(res.status).toBe(400);
    const html = text(await res.text());
    expect(html).toContain("Enter a name of 3 characters or more");
    expect(html).toContain("The web address can only use lower-case letters, digits and single hyphens");
    expect(html).toContain('value="Bad Slug!"');
    expect(html).toContain("Kept description");
    expect(spaceRow("bad-slug")).toBeUndefined();
    expect((await admin.post("/admin/spaces/new", form({ position: "first" }))).status).toBe(400);
    expect(spaceRow("test-policing-space")).toBeUndefined();
  });

  test("an administrator creates a space, audit-logged, and a second with the same address is refused", async () => {
    const res = await admin.post("/admin/spaces/new", form());
    expect(res.status).toBe(302);
    const space = spaceRow("test-policing-space")!;
    expect(space).toMatchObject({ name: "Test policing space", audience: "policing", position: 50, is_archived: 0 });
    expect(auditRows("space_created", space.id)).toHaveLength(1);
    const list = text(await (await admin.get("/admin/spaces")).text());
    expect(list).toContain("Test policing space");
    const again = await admin.post("/admin/spaces/new", form({ name: "Another" }));
    expect(again.status).toBe(400);
    expect(text(await again.text())).toContain("Another space already uses this web address");
  });

  test("widening a policing-only space needs the confirmation, then re-labels every thread in it", async () => {
    const space = spaceRow("test-policing-space")!;
    const t = thread("test-policing-space", "A policing-only thread", [[CHIEF, "Policing only, for now."]]);
    const discussionAudience = () => one<{ audience: string }>("SELECT audience FROM discussions WHERE id = ?", t.discussionId).audience;
    expect(text(await (await admin.get(`/admin/spaces/${space.id}`)).text())).toContain("I understand every thread in this space becomes visible to suppliers");

    const unconfirmed = await admin.post(`/admin/spaces/${space.id}`, form({ audience: "members" }));
    expect(unconfirmed.status).toBe(400);
    expect(text(await unconfirmed.text())).toContain("Confirm that you understand every thread in this space becomes visible to suppliers");
    expect(spaceRow("test-policing-space")!.audience).toBe("policing");
    expect(discussionAudience()).toBe("policing");

    const confirmed = await admin.post(`/admin/spaces/${space.id}`, form({ audience: "members", confirmWiden: "yes" }));
    expect(confirmed.status).toBe(302);
    expect(spaceRow("test-policing-space")!.audience).toBe("members");
    expect(discussionAudience()).toBe("members");
    expect(auditRows("space_updated", space.id).at(-1)!.detail).toContain("audience: policing → members (1 thread re-labelled");

    // Narrowing again takes the threads back from suppliers.
    expect((await admin.post(`/admin/spaces/${space.id}`, form())).status).toBe(302);
    expect(discussionAudience()).toBe("policing");
  });

  test("a space with a thread about a partnership in procurement cannot be widened", async () => {
    expect((await admin.post("/admin/spaces/new", form({ slug: "procurement-space", name: "Procurement space" }))).status).toBe(302);
    const space = spaceRow("procurement-space")!;
    const t = thread("procurement-space", "Live procurement questions", [[CHIEF, "Evaluation weightings?"]]);
    const db = openDb(server);
    const partnershipId = Number(db.prepare("INSERT INTO partnerships (slug, name, status) VALUES ('test-live-procurement', 'Test live procurement', 'in-procurement')").run().lastInsertRowid);
    db.prepare("INSERT INTO thread_partnerships (thread_id, partnership_id) VALUES (?, ?)").run(t.threadId, partnershipId);
    const res = await admin.post(`/admin/spaces/${space.id}`, form({ slug: "procurement-space", name: "Procurement space", audience: "members", confirmWiden: "yes" }));
    expect(res.status).toBe(400);
    expect(text(await res.text())).toContain("linked to a partnership in procurement");
    expect(spaceRow("procurement-space")!.audience).toBe("policing");
    expect(one<{ audience: string }>("SELECT audience FROM discussions WHERE id = ?", t.discussionId).audience).toBe("policing");
  });

  test("changing the name, address and position is saved and audit-logged; a taken address is refused", async () => {
    const space = spaceRow("test-policing-space")!;
    const taken = await admin.post(`/admin/spaces/${space.id}`, form({ slug: "open-discussions" }));
    expect(taken.status).toBe(400);
    expect(text(await taken.text())).toContain("Another space already uses this web address");
    const res = await admin.post(`/admin/spaces/${space.id}`, form({ name: "Renamed space", slug: "renamed-space", position: "7" }));
    expect(res.status).toBe(302);
    expect(spaceRow("renamed-space")).toMatchObject({ id: space.id, name: "Renamed space", position: 7 });
    expect(auditRows("space_updated", space.id).at(-1)!.detail).toContain("address: /spaces/test-policing-space → /spaces/renamed-space");
  });

  test("archiving a space takes it out of the active list, audit-logged", async () => {
    const space = spaceRow("renamed-space")!;
    const res = await admin.post(`/admin/spaces/${space.id}`, form({ name: "Renamed space", slug: "renamed-space", position: "7", archived: "yes" }));
    expect(res.status).toBe(302);
    expect(spaceRow("renamed-space")!.is_archived).toBe(1);
    expect(auditRows("space_archived", space.id)).toHaveLength(1);
    const html = text(await (await admin.get("/admin/spaces")).text());
    const activeStart = html.indexOf('id="active-spaces"');
    const archivedStart = html.indexOf('id="archived-spaces"');
    expect(activeStart).toBeGreaterThan(-1);
    expect(archivedStart).toBeGreaterThan(activeStart);
    expect(html.slice(activeStart, archivedStart)).not.toContain("Renamed space");
    expect(html.slice(archivedStart)).toContain("Renamed space");
    expect((await admin.get("/spaces/renamed-space")).status).toBe(404);
  });
});
