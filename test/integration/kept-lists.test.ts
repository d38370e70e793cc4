/**
 * Lists kept between requests (issue 13: app/models/kept-lists.server.ts): the home page's latest
 * threads, lessons and templates, a space listing's threads, and the search filters' choices. A kept list
 * built for one reader never reaches a reader with a different audience rule, and any change,
 * made through the site or by another process on the same database, shows on the next page.
 */
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { startThread, reply } from "../helpers/forum";
import { signIn, type Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let db: Database.Database;
let chief: Visitor;
let supplier: Visitor;
let moderator: Visitor;
beforeAll(async () => {
  server = await startTestServer();
  db = openDb(server);
  chief = await signIn(server, "chief@cleveland-police.example");
  supplier = await signIn(server, "supplier@steria.example");
  moderator = await signIn(server, "moderator@example.org");
});
afterAll(async () => {
  db?.close();
  await server?.stop();
});

async function page(visitor: Visitor, url: string) {
  const res = await visitor.get(url);
  return { status: res.status, html: await res.text() };
}

describe("kept lists and who sees them", () => {
  test("a list kept for a policing member never reaches a supplier, in either order", async () => {
    const secret = await startThread(chief, "chiefs-and-pccs", { title: "Kept-list secret: custody exit costs", body: "Policing eyes only." });
    const open = await startThread(chief, "open-discussions", { title: "Kept-list open: control room staffing", body: "Everyone may read this." });
    // The policing reader fills the kept lists first, twice, so the second page is served from them.
    for (let i = 0; i < 2; i++) {
      const home = await page(chief, "/");
      expect(home.html).toContain("Kept-list secret");
      expect(home.html).toContain("Kept-list open");
    }
    for (let i = 0; i < 2; i++) {
      const home = await page(supplier, "/");
      expect(home.status).toBe(200);
      expect(home.html).toContain("Kept-list open");
      expect(home.html).not.toContain("Kept-list secret");
    }
    // The supplier's lists are kept now; the policing reader still gets the policing list.
    expect((await page(chief, "/")).html).toContain("Kept-list secret");
    // Nor is the thread page, opened first by the policing reader.
    expect((await page(chief, secret.url)).html).toContain("Policing eyes only.");
    const refused = await page(supplier, secret.url);
    expect(refused.status).toBe(404);
    expect(refused.html).not.toContain("Policing eyes only.");
    expect((await page(supplier, open.url)).html).toContain("Everyone may read this.");
    // And the other way round: the supplier's lists kept first are not the policing reader's.
    const later = await startThread(chief, "chiefs-and-pccs", { title: "Kept-list later secret", body: "Later." });
    for (let i = 0; i < 2; i++) expect((await page(supplier, "/")).html).not.toContain("Kept-list later secret");
    expect((await page(supplier, later.url)).status).toBe(404);
    expect((await page(chief, "/")).html).toContain("Kept-list later secret");
    expect((await page(chief, later.url)).html).toContain("Later.");
  });

  test("the search filters' choices are kept, those kept for a policing member never reach a supplier, in either order, and a new space shows at once", async () => {
    const spaceChoice = (html: string, slug: string) => html.includes(`<option value="${slug}">`);
    const choices = async (visitor: Visitor) => (await page(visitor, "/search?q=kept")).html;
    const version = () => db.prepare("SELECT n FROM content_version").pluck().get() as number;
    const policingFirst = async () => {
      for (let i = 0; i < 2; i++) expect(spaceChoice(await choices(chief), "chiefs-and-pccs")).toBe(true);
      for (let i = 0; i < 2; i++) {
        const html = await choices(supplier);
        expect(spaceChoice(html, "open-discussions")).toBe(true);
        expect(spaceChoice(html, "chiefs-and-pccs")).toBe(false);
      }
    };
    await policingFirst();
    // Kept: a renamed space whose write leaves the content version where it was is not read again.
    const quietly = db.transaction((name: string) => {
      const was = version();
      db.prepare("UPDATE spaces SET name = ? WHERE slug = 'open-discussions'").run(name);
      db.prepare("UPDATE content_version SET n = ?").run(was);
    });
    quietly("Kept-list quiet rename");
    try {
      expect(await choices(chief)).not.toContain("Kept-list quiet rename");
      expect(await choices(supplier)).not.toContain("Kept-list quiet rename");
    } finally {
      quietly("Open discussions");
    }
    // The supplier's choices kept first, after a change: still not the policing member's.
    db.prepare("UPDATE content_version SET n = n + 1").run();
    for (let i = 0; i < 2; i++) expect(spaceChoice(await choices(supplier), "chiefs-and-pccs")).toBe(false);
    expect(spaceChoice(await choices(chief), "chiefs-and-pccs")).toBe(true);
    // A space added by another process: its choice is offered on the next page, to its audience only.
    const position = db.prepare("SELECT max(position) + 1 FROM spaces").pluck().get() as number;
    const added = db.prepare("INSERT INTO spaces (slug, name, description, audience, position) VALUES ('kept-list-chiefs-only', 'Kept-list chiefs only', 'For the test.', 'policing', ?)").run(position);
    try {
      expect(spaceChoice(await choices(chief), "kept-list-chiefs-only")).toBe(true);
      expect(spaceChoice(await choices(supplier), "kept-list-chiefs-only")).toBe(false);
    } finally {
      db.prepare("DELETE FROM spaces WHERE id = ?").run(added.lastInsertRowid);
    }
    expect(spaceChoice(await choices(chief), "kept-list-chiefs-only")).toBe(false);
  });

  test("a hidden post's text reaches the moderator and no one else, whoever opens the page first", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Kept-list moderation", body: "The question." });
    await reply(supplier, thread.url, "A reply the moderator will hide: kept-list hidden text.");
    const postId = Number(db.prepare("SELECT p.id FROM posts p JOIN threads t ON t.discussion_id = p.discussion_id WHERE t.id = ? AND p.number = 2").pluck().get(thread.id));
    expect((await moderator.post(`/posts/${postId}/moderate`, { intent: "hide", reason: "Off topic" })).status).toBe(302);
    // Each reader twice, the moderator first.
    for (const [visitor, seesText] of [[moderator, true], [moderator, true], [chief, false], [supplier, false], [chief, false]] as const) {
      const html = (await page(visitor, thread.url)).html;
      expect(html).toContain("Hidden by a moderator: Off topic");
      expect(html.includes("kept-list hidden text")).toBe(seesText);
    }
  });

  test("readers sharing kept lists each see their own reading of them", async () => {
    const pcc = await signIn(server, "pcc@cleveland-pcc.example");
    const thread = await startThread(supplier, "open-discussions", { title: "Kept-list reading state", body: "Read me." });
    const tagOf = (html: string) => /Kept-list reading state<\/a> <span class="app-tags">(.*?)<\/span><\/h3>/.exec(html)![1]!;
    // Both policing readers run the same statements, so the second is served the first's rows.
    expect(tagOf((await page(chief, "/")).html)).toContain("New");
    expect(tagOf((await page(pcc, "/")).html)).toContain("New");
    await page(chief, thread.url);
    expect(tagOf((await page(chief, "/")).html)).not.toContain("New");
    expect(tagOf((await page(pcc, "/")).html)).toContain("New");
    await reply(supplier, thread.url, "Another word.");
    expect(tagOf((await page(chief, "/spaces/open-discussions")).html)).toContain("1 unread");
    expect(tagOf((await page(pcc, "/spaces/open-discussions")).html)).toContain("New");
  });
});

describe("a change shows on the next page", () => {
  test("a new thread, a reply and an edit through the site", async () => {
    const thread = await startThread(supplier, "open-discussions", { title: "Kept-list fresh thread", body: "First words." });
    expect((await page(chief, "/")).html).toContain("Kept-list fresh thread");
    expect((await page(chief, "/spaces/open-discussions")).html).toContain("Kept-list fresh thread");
    expect((await page(chief, thread.url)).html).toContain("First words.");
    await reply(chief, thread.url, "A reply from the chief.");
    const listing = (await page(supplier, "/spaces/open-discussions")).html;
    expect(listing).toMatch(/Kept-list fresh thread[\s\S]*?1 reply/);
    expect((await page(supplier, thread.url)).html).toContain("A reply from the chief.");
  });

  test("changes written by another process on the same database", async () => {
    const thread = await startThread(chief, "open-discussions", { title: "Kept-list before rename", body: "Text before." });
    const discussionId = db.prepare("SELECT discussion_id FROM threads WHERE id = ?").pluck().get(thread.id) as number;
    for (const url of ["/", "/spaces/open-discussions", thread.url]) await page(supplier, url);
    // This test process is the other process: its writes reach the server only through the database.
    db.prepare("UPDATE threads SET title = 'Kept-list after rename' WHERE id = ?").run(thread.id);
    for (const url of ["/", "/spaces/open-discussions"]) {
      const html = (await page(supplier, url)).html;
      expect(html).toContain("Kept-list after rename");
      expect(html).not.toContain("Kept-list before rename");
    }
    expect((await page(supplier, thread.url)).html).toContain("Text before.");
    db.prepare("UPDATE posts SET body_html = '<p>Text after.</p>' WHERE discussion_id = ? AND number = 1").run(discussionId);
    expect((await page(supplier, thread.url)).html).toContain("Text after.");
    // An author's new name shows wherever their threads and posts are listed.
    db.prepare("UPDATE users SET name = 'Casey Renamed (demo)' WHERE email = 'chief@cleveland-police.example'").run();
    try {
      for (const url of ["/", "/spaces/open-discussions", thread.url]) expect((await page(supplier, url)).html).toContain("Casey Renamed (demo)");
    } finally {
      db.prepare("UPDATE users SET name = 'Casey Chief (demo)' WHERE email = 'chief@cleveland-police.example'").run();
    }
    // A space made policing-only leaves the supplier's lists at once.
    const spaceId = db.prepare("SELECT id FROM spaces WHERE slug = 'open-discussions'").pluck().get() as number;
    const setSpace = db.prepare("UPDATE spaces SET audience = ? WHERE id = ?");
    const setDiscussions = db.prepare("UPDATE discussions SET audience = ? WHERE id IN (SELECT discussion_id FROM threads WHERE space_id = ?)");
    for (const url of ["/", "/spaces/open-discussions", thread.url]) expect((await page(supplier, url)).html).toContain("Kept-list after rename");
    setSpace.run("policing", spaceId);
    try {
      expect((await page(supplier, "/")).html).not.toContain("Kept-list after rename");
      expect((await page(supplier, "/spaces/open-discussions")).status).toBe(404);
      expect((await page(chief, "/")).html).toContain("Kept-list after rename");
      setDiscussions.run("policing", spaceId);
      expect((await page(supplier, thread.url)).status).toBe(404);
    } finally {
      setSpace.run("members", spaceId);
      setDiscussions.run("members", spaceId);
    }
    expect((await page(supplier, "/")).html).toContain("Kept-list after rename");
  });
});
