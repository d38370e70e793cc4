import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
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

const text = async (v: Visitor, url: string) => {
  const res = await v.get(url);
  return { status: res.status, html: await res.text() };
};

/** A post whose first version disclosed a figure, since edited out; returns ids and the thread URL. */
async function editedPost(author: Visitor, figure: string) {
  const thread = await startThread(chief, "open-discussions", { title: "Savings so far this year", body: "What have others saved?" });
  await reply(author, thread.url, `Our confidential saving was ${figure} last year.`);
  const postId = postIds((await text(moderator, thread.url)).html).at(-1)!; // own posts carry no "helpful" form
  expect((await author.post(`/posts/${postId}/edit`, { intent: "save", body: "Our saving was in line with the business case." })).status).toBe(302);
  const revisionId = (openDb(server).prepare("SELECT id FROM post_revisions WHERE post_id = ?").get(postId) as { id: number }).id;
  return { thread, postId, revisionId };
}

describe("who may read a post's earlier versions", () => {
  test("the author and moderators; other policing members and suppliers get 404 and no link", async () => {
    const { thread, postId } = await editedPost(chief, "quokka4700k");
    const url = `/posts/${postId}/revisions`;
    for (const [who, v] of [["author", chief], ["moderator", moderator]] as const) {
      const page = await text(v, url);
      expect(page.status, who).toBe(200);
      expect(page.html, who).toContain("quokka4700k");
      expect((await text(v, thread.url)).html, who).toContain(`href="${url}"`);
    }
    for (const [who, v] of [["other policing member", pcc], ["supplier", supplier]] as const) {
      const page = await text(v, url);
      expect(page.status, who).toBe(404);
      expect(page.html, who).not.toContain("quokka4700k");
      const threadPage = (await text(v, thread.url)).html;
      expect(threadPage, who).toContain("Our saving was in line with the business case.");
      expect(threadPage, who).not.toContain(url);
    }
  });

  test("a supplier who wrote the post may read its earlier versions", async () => {
    const { postId } = await editedPost(supplier, "wombat99k");
    expect((await text(supplier, `/posts/${postId}/revisions`)).html).toContain("wombat99k");
    expect((await text(pcc, `/posts/${postId}/revisions`)).status).toBe(404);
  });
});

describe("purging an earlier version", () => {
  test("a moderator confirms, the text is deleted everywhere, a marker remains and the audit log records it", async () => {
    const { postId, revisionId } = await editedPost(chief, "platypus31m");
    const purgeUrl = `/posts/${postId}/revisions/${revisionId}/purge`;
    expect((await text(moderator, `/posts/${postId}/revisions`)).html).toContain(`href="${purgeUrl}"`);
    expect((await text(chief, `/posts/${postId}/revisions`)).html).not.toContain(purgeUrl);
    const confirm = await text(moderator, purgeUrl);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain("Are you sure you want to purge this version?");
    expect(confirm.html).toContain("platypus31m");

    const done = await moderator.post(purgeUrl, { confirm: "yes" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/posts/${postId}/revisions`);

    const after = await text(chief, `/posts/${postId}/revisions`);
    expect(after.html).not.toContain("platypus31m");
    expect(after.html).toMatch(/Purged by a moderator on \d+ \w+ \d{4}/);
    const row = openDb(server).prepare("SELECT body_md, body_html, purged_at FROM post_revisions WHERE id = ?").get(revisionId) as Record<string, unknown>;
    expect(row).toMatchObject({ body_md: "", body_html: "" });
    expect(row.purged_at).not.toBeNull();
    const leftovers = openDb(server).prepare("SELECT (SELECT count(*) FROM post_revisions WHERE body_md LIKE '%platypus31m%') + (SELECT count(*) FROM posts WHERE body_md LIKE '%platypus31m%') + (SELECT count(*) FROM search_index WHERE search_index MATCH 'platypus31m') + (SELECT count(*) FROM audit_log WHERE detail LIKE '%platypus31m%') AS n").get() as { n: number };
    expect(leftovers.n).toBe(0);
    // Nor in the write-ahead log, where older copies of the page would otherwise linger.
    const wal = path.join(server.dataDir, "exchange.db-wal");
    expect(existsSync(wal) && readFileSync(wal).includes("confidential saving was platypus31m")).toBe(false);
    expect((await text(moderator, "/search?q=platypus31m")).html).not.toContain("platypus31m</");

    const audit = openDb(server).prepare("SELECT a.action, a.target_type, a.target_id, u.email FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE a.action = 'post_revision_purged'").all();
    expect(audit).toEqual([{ action: "post_revision_purged", target_type: "post", target_id: postId, email: "moderator@example.org" }]);
  });

  test("nobody but a moderator may purge, and a post without that version answers 404", async () => {
    const { postId, revisionId } = await editedPost(chief, "echidna12m");
    const purgeUrl = `/posts/${postId}/revisions/${revisionId}/purge`;
    for (const [who, v] of [["author", chief], ["other policing member", pcc], ["supplier", supplier]] as const) {
      expect((await v.get(purgeUrl)).status, who).toBe(404);
      expect((await v.post(purgeUrl, { confirm: "yes" })).status, who).toBe(404);
    }
    expect((await moderator.post(`/posts/${postId + 1000}/revisions/${revisionId}/purge`, { confirm: "yes" })).status).toBe(404);
    expect((openDb(server).prepare("SELECT body_md FROM post_revisions WHERE id = ?").get(revisionId) as { body_md: string }).body_md).toContain("echidna12m");
  });

  test("posting without the confirmation re-asks with an error and purges nothing", async () => {
    const { postId, revisionId } = await editedPost(chief, "numbat8m");
    const res = await moderator.post(`/posts/${postId}/revisions/${revisionId}/purge`, {});
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Confirm that you want to delete the text of this version");
    expect((openDb(server).prepare("SELECT body_md FROM post_revisions WHERE id = ?").get(revisionId) as { body_md: string }).body_md).toContain("numbat8m");
  });
});
