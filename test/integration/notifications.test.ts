import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { linkIn, readOutbox, signIn, Visitor } from "../helpers/http";
import { runScript, startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let sqlite: Database.Database;
beforeAll(async () => {
  server = await startTestServer();
  sqlite = openDb(server);
});
afterAll(async () => {
  sqlite?.close();
  await server?.stop();
});

/*
 * The forum's HTTP routes are being built alongside this; until they exist, threads, posts and
 * notifications are written straight into the server's own SQLite file, shaped as the forum
 * model writes them.
 */

const userId = (email: string) => (sqlite.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: number }).id;

let sequence = 0;

/** A new active member in the same organisation as a demo account, with the demo password. */
function newMemberLike(demoEmail: string, preference: "each" | "daily" | "none" = "each") {
  const n = ++sequence;
  const email = `member-${n}@notifications.test.example`;
  sqlite
    .prepare(
      `INSERT INTO users (email, handle, name, job_title, organisation_id, password_hash, role, status, email_verified_at, notify_preference)
       SELECT ?, ?, ?, job_title, organisation_id, password_hash, 'member', 'active', unixepoch(), ? FROM users WHERE email = ?`,
    )
    .run(email, `notifications-test-${n}`, `Test Member ${n}`, preference, demoEmail);
  return email;
}

type Thread = { title: string; discussionId: number; postId: number };

/** A question thread in a seeded space (its audience copied to the discussion) with its first post. */
function createThread(spaceSlug: "open-discussions" | "chiefs-and-pccs", authorEmail = "chief@cleveland-police.example"): Thread {
  const n = ++sequence;
  const title = `${spaceSlug === "chiefs-and-pccs" ? "Policing only" : "Open"} test question ${n} about exit costs`;
  const space = sqlite.prepare("SELECT id, audience FROM spaces WHERE slug = ?").get(spaceSlug) as { id: number; audience: string };
  const author = userId(authorEmail);
  const at = Math.floor(Date.now() / 1000) - 600;
  const discussionId = Number(
    sqlite
      .prepare("INSERT INTO discussions (owner_kind, audience, post_count, last_post_number, last_post_at, last_poster_id) VALUES ('thread', ?, 1, 1, ?, ?)")
      .run(space.audience, at, author).lastInsertRowid,
  );
  sqlite
    .prepare("INSERT INTO threads (discussion_id, space_id, kind, title, slug, author_id, last_activity_at) VALUES (?, ?, 'question', ?, ?, ?, ?)")
    .run(discussionId, space.id, title, `test-question-${n}`, author, at);
  const postId = Number(
    sqlite
      .prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version) VALUES (?, 1, ?, ?, ?, 1)")
      .run(discussionId, author, "What did exit cost you?", "<p>What did exit cost you?</p>").lastInsertRowid,
  );
  return { title, discussionId, postId };
}

/** A reply notification for the recipient, a minute old unless told otherwise; returns its id. */
function notify(recipientEmail: string, thread: Thread, options: { actorEmail?: string; secondsAgo?: number; read?: boolean } = {}) {
  return Number(
    sqlite
      .prepare(
        "INSERT INTO notifications (user_id, kind, discussion_id, post_id, actor_id, created_at, read_at) VALUES (?, 'reply', ?, ?, ?, unixepoch() - ?, CASE WHEN ? THEN unixepoch() END)",
      )
      .run(userId(recipientEmail), thread.discussionId, thread.postId, userId(options.actorEmail ?? "chief@cleveland-police.example"), options.secondsAgo ?? 60, options.read ? 1 : 0)
      .lastInsertRowid,
  );
}

const notification = (id: number) => sqlite.prepare("SELECT read_at, emailed_at FROM notifications WHERE id = ?").get(id) as { read_at: number | null; emailed_at: number | null };
const preferenceOf = (email: string) => (sqlite.prepare("SELECT notify_preference FROM users WHERE email = ?").get(email) as { notify_preference: string }).notify_preference;

/** The page's text as a reader sees it: no tags, no React text separators, spaces collapsed. */
const textOf = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, "").replace(/\s+/g, " ");

/** The unread count in the header, 0 when it shows none. */
function headerCount(html: string) {
  const match = /Notifications \((\d+)\)/.exec(html.replace(/<!-- -->/g, ""));
  return match ? Number(match[1]) : 0;
}

async function page(visitor: Visitor, url = "/notifications") {
  const res = await visitor.get(url);
  expect(res.status).toBe(200);
  return res.text();
}

describe("the notifications page", () => {
  test("a guest is sent to sign in and back", async () => {
    const res = await new Visitor(server).get("/notifications");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fnotifications");
  });

  test("lists a member's notifications newest first, with the thread title, marked new, and the header counts them", async () => {
    const member = newMemberLike("pcc@cleveland-pcc.example");
    const open = createThread("open-discussions");
    const policing = createThread("chiefs-and-pccs");
    const older = notify(member, open);
    const newer = notify(member, policing);
    const visitor = await signIn(server, member);
    const html = await page(visitor);
    expect(textOf(html)).toContain(`Casey Chief (demo) replied in ${open.title}`);
    expect(textOf(html)).toContain(`Casey Chief (demo) replied in ${policing.title}`);
    expect(html.indexOf(`href="/notifications/${newer}"`)).toBeGreaterThan(-1);
    expect(html.indexOf(`href="/notifications/${newer}"`)).toBeLessThan(html.indexOf(`href="/notifications/${older}"`));
    expect(html.match(/govuk-tag[^"]*">New</g)).toHaveLength(2);
    expect(headerCount(html)).toBe(2);
    // Looking at the list marks nothing read.
    expect(headerCount(await page(visitor))).toBe(2);
    expect(notification(older).read_at).toBeNull();
  });

  test("a policing-only notification is not shown or counted for a supplier, and its link is not found", async () => {
    const supplier = "supplier@steria.example";
    const visitor = await signIn(server, supplier);
    const before = headerCount(await page(visitor)); // the demo forum may have notified them already
    const open = createThread("open-discussions");
    const policing = createThread("chiefs-and-pccs");
    notify(supplier, open);
    const hidden = notify(supplier, policing);
    const html = await page(visitor);
    expect(textOf(html)).toContain(open.title);
    expect(html).not.toContain(policing.title);
    expect(html).not.toContain(`/notifications/${hidden}"`);
    expect(headerCount(html)).toBe(before + 1);
    const res = await visitor.get(`/notifications/${hidden}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Page not found");
    expect(notification(hidden).read_at).toBeNull();
  });

  test("following a notification marks that one read and goes to its post", async () => {
    const member = newMemberLike("chief@cleveland-police.example");
    const first = createThread("open-discussions");
    const second = createThread("chiefs-and-pccs");
    const followed = notify(member, first, { actorEmail: "pcc@cleveland-pcc.example" });
    const other = notify(member, second, { actorEmail: "pcc@cleveland-pcc.example" });
    const visitor = await signIn(server, member);
    const res = await visitor.get(`/notifications/${followed}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/posts/${first.postId}`);
    expect(notification(followed).read_at).not.toBeNull();
    expect(notification(other).read_at).toBeNull();
    const html = await page(visitor);
    expect(headerCount(html)).toBe(1);
    expect(html.match(/govuk-tag[^"]*">New</g)).toHaveLength(1);
  });

  test("someone else's notification is not found and stays unread", async () => {
    const owner = newMemberLike("chief@cleveland-police.example");
    const id = notify(owner, createThread("open-discussions"));
    const visitor = await signIn(server, newMemberLike("chief@cleveland-police.example"));
    expect((await visitor.get(`/notifications/${id}`)).status).toBe(404);
    expect((await visitor.get("/notifications/not-a-number")).status).toBe(404);
    expect(notification(id).read_at).toBeNull();
  });

  test("mark all as read clears the count", async () => {
    const member = newMemberLike("lead@homeoffice.example");
    const ids = [notify(member, createThread("open-discussions")), notify(member, createThread("chiefs-and-pccs"))];
    const visitor = await signIn(server, member);
    expect(headerCount(await page(visitor))).toBe(2);
    const res = await visitor.post("/notifications", { intent: "read-all" });
    expect(res.status).toBe(302);
    const after = await visitor.follow(res);
    expect(after.url).toBe("/notifications?done=read-all");
    expect(after.html).toContain("All your notifications are marked as read.");
    expect(headerCount(after.html)).toBe(0);
    expect(after.html.replace(/<!-- -->/g, "")).not.toContain("Notifications (");
    expect(after.html).not.toMatch(/govuk-tag[^"]*">New</);
    for (const id of ids) expect(notification(id).read_at).not.toBeNull();
  });

  test("a member with no notifications is told what will appear", async () => {
    const visitor = await signIn(server, newMemberLike("lead@homeoffice.example"));
    expect(textOf(await page(visitor))).toContain(
      "You have no notifications. You will be told here about replies in threads you watch, mentions of you, and answers of yours that are accepted.",
    );
  });

  test("older notifications are a page away", async () => {
    const member = newMemberLike("lead@homeoffice.example");
    // One unread reply notification per thread: more replies in a thread make it grow instead.
    const ids = Array.from({ length: 31 }, () => notify(member, createThread("open-discussions")));
    const visitor = await signIn(server, member);
    const first = await page(visitor);
    expect(first).toContain(`href="/notifications/${ids[30]}"`);
    expect(first).not.toContain(`href="/notifications/${ids[0]}"`);
    const older = /href="(\/notifications\?before=\d+)"[^>]*>[\s\S]*?Older notifications/.exec(first)?.[1];
    expect(older).toBe(`/notifications?before=${ids[1]}`);
    const second = await page(visitor, older);
    expect(second).toContain(`href="/notifications/${ids[0]}"`);
    expect(second).not.toContain(`href="/notifications/${ids[1]}"`);
    expect(second).not.toContain("Older notifications");
    expect((await visitor.get("/notifications?before=nonsense")).status).toBe(404);
  });
});

describe("unsubscribing from notification e-mails", () => {
  /** The signature unsubscribeUrl() makes, from the server's generated secret. */
  function signature(id: number) {
    const secret = readFileSync(path.join(server.dataDir, "session-secret"), "utf8").trim();
    return createHmac("sha256", secret).update(`unsubscribe:${id}`).digest("base64url");
  }

  test("the link shows a button, and pressing it stops e-mails without signing in", async () => {
    const member = newMemberLike("chief@cleveland-police.example", "daily");
    const id = userId(member);
    const visitor = new Visitor(server);
    const shown = await visitor.get(`/unsubscribe?u=${id}&s=${signature(id)}`);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain("Stop e-mails");
    expect(html).toContain('name="s"');
    expect(preferenceOf(member)).toBe("daily");
    const done = await visitor.post(`/unsubscribe?u=${id}&s=${signature(id)}`, { u: String(id), s: signature(id) });
    expect(done.status).toBe(200);
    expect(textOf(await done.text())).toContain("You will no longer get notification e-mails. You can change this in your settings.");
    expect(preferenceOf(member)).toBe("none");
  });

  test("a tampered or missing signature is refused with 400 and changes nothing", async () => {
    const member = newMemberLike("chief@cleveland-police.example");
    const id = userId(member);
    const someoneElse = userId(newMemberLike("chief@cleveland-police.example"));
    const tampered = signature(id).slice(0, -2) + (signature(id).endsWith("AA") ? "BB" : "AA");
    const visitor = new Visitor(server);
    const shown = await visitor.get(`/unsubscribe?u=${id}&s=${tampered}`);
    expect(shown.status).toBe(400);
    expect(await shown.text()).toContain("This unsubscribe link is not valid");
    expect((await visitor.get(`/unsubscribe?u=${id}`)).status).toBe(400);
    for (const form of [{ u: String(id), s: tampered }, { u: String(id), s: "" }, { u: String(id), s: signature(someoneElse) }, { u: "nonsense", s: signature(id) }]) {
      const res = await visitor.post("/unsubscribe", form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.text()).toContain("This unsubscribe link is not valid");
    }
    expect(preferenceOf(member)).toBe("each");
  });

  test("a mail client's one-click POST (RFC 8058), with no Origin, works when signed and not when forged", async () => {
    const member = newMemberLike("pcc@cleveland-pcc.example");
    const id = userId(member);
    const oneClick = (query: string, pathname = "/unsubscribe") =>
      fetch(`${server.url}${pathname}?${query}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
    const forged = await oneClick(`u=${id}&s=${signature(id + 1)}`);
    expect(forged.status).toBe(400);
    expect(preferenceOf(member)).toBe("each");
    // The exemption from the cross-site check is for this one path only.
    expect((await oneClick(`u=${id}&s=${signature(id)}`, "/notifications")).status).toBe(403);
    const signed = await oneClick(`u=${id}&s=${signature(id)}`);
    expect(signed.status).toBe(200);
    expect(preferenceOf(member)).toBe("none");
  });
});

describe("the daily digest", () => {
  test("one e-mail per member who chose it, listing what they may read, each notification e-mailed once", async () => {
    const daily = newMemberLike("pcc@cleveland-pcc.example", "daily");
    const supplier = newMemberLike("supplier@steria.example", "daily");
    const eachTime = newMemberLike("chief@cleveland-police.example", "each");
    const open = createThread("open-discussions");
    const policing = createThread("chiefs-and-pccs");
    const included = [notify(daily, open, { secondsAgo: 120 }), notify(daily, policing, { secondsAgo: 60 })];
    const alreadyRead = notify(daily, open, { read: true });
    const notYetMade = notify(daily, createThread("open-discussions"), { secondsAgo: -3600 }); // after the run began
    const hiddenFromSupplier = notify(supplier, policing);
    const notDaily = notify(eachTime, open);

    const first = await runScript(server, "scripts/notifications-digest.ts");
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain("Sent 1 daily digest.");

    const mails = await readOutbox(server, daily);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toContain("2 new notifications");
    const lines = mail.text.split(/\r?\n/);
    const lineFor = (thread: Thread) => lines.findIndex((l) => new RegExp(`^Casey Chief \\(demo\\) replied in ${thread.title}: https?://\\S+/posts/${thread.postId}$`).test(l));
    const policingLine = lineFor(policing);
    const openLine = lineFor(open);
    expect(policingLine, mail.text).toBeGreaterThan(-1);
    expect(openLine, mail.text).toBeGreaterThan(policingLine); // newest first
    expect(mail.text.match(/replied in/g)).toHaveLength(2);
    const raw = readFileSync(path.join(server.dataDir, "outbox", mail.file), "utf8").replace(/\r?\n[ \t]+/g, " "); // unfold headers
    expect(raw).toMatch(/^List-Unsubscribe: <https?:\/\/\S+\/unsubscribe\?u=\d+&s=[\w-]+>/m);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);

    for (const id of included) expect(notification(id).emailed_at).not.toBeNull();
    expect(notification(alreadyRead).emailed_at).toBeNull();
    expect(notification(notYetMade).emailed_at).toBeNull();
    // A supplier is never e-mailed about policing-only content, even with a row for it.
    expect(await readOutbox(server, supplier)).toHaveLength(0);
    expect(notification(hiddenFromSupplier).emailed_at).toBeNull();
    // Members who chose "as each one happens" get no digest.
    expect(await readOutbox(server, eachTime)).toHaveLength(0);
    expect(notification(notDaily).emailed_at).toBeNull();

    const second = await runScript(server, "scripts/notifications-digest.ts");
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain("Sent 0 daily digests.");
    expect(await readOutbox(server, daily)).toHaveLength(1);

    // The digest's own unsubscribe link works as a one-click POST from a mail client.
    const unsubscribe = linkIn(mail, "/unsubscribe?u=");
    const res = await fetch(server.url + unsubscribe, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(res.status).toBe(200);
    expect(preferenceOf(daily)).toBe("none");
  });
});
