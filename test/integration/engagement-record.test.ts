import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { reply, startThread } from "../helpers/forum";
import { signIn, Visitor } from "../helpers/http";
import { setPartnershipStatus } from "../helpers/partnerships";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 11, items 15 and 16: the market engagement record is an append-only log of what
// suppliers could read, not a view of the posts as they are now.
const SLUG = "cleveland-reliance-custody";
let server: TestServer;
let chief: Visitor;
let supplier: Visitor;
let moderator: Visitor;
let partnershipId: number;

beforeAll(async () => {
  server = await startTestServer();
  [chief, supplier, moderator] = await Promise.all([signIn(server, "chief@cleveland-police.example"), signIn(server, "supplier@steria.example"), signIn(server, "moderator@example.org")]);
  const db = openDb(server);
  db.prepare("UPDATE partnerships SET status = 'planning' WHERE slug = ?").run(SLUG);
  partnershipId = (db.prepare("SELECT id FROM partnerships WHERE slug = ?").get(SLUG) as { id: number }).id;
});
afterAll(() => server?.stop());

/** The record's CSV as rows of cells (no quoted newlines in these tests' texts). */
async function recordRows() {
  const res = await chief.get(`/partnerships/${SLUG}/engagement.csv`);
  expect(res.status).toBe(200);
  const lines = (await res.text()).trim().split("\r\n");
  const header = lines[0]!.split(",");
  return lines.slice(1).map((line) => {
    const cells: string[] = [];
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      if (m.index === line.length && cells.length === header.length) break;
      cells.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
    }
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""]));
  });
}

function latestPostId(authorEmail: string) {
  return (openDb(server).prepare("SELECT max(p.id) AS id FROM posts p JOIN users u ON u.id = p.author_id WHERE u.email = ?").get(authorEmail) as { id: number }).id;
}

describe("a supplier's post from before the procurement opened (item 15)", () => {
  let postId: number;
  beforeAll(async () => {
    const thread = await startThread(chief, "control-rooms-and-custody", { title: "Custody market sounding", body: "How many custody staff would a provider need?", partnerships: [String(partnershipId)] });
    expect((await reply(supplier, thread.url, "Our original answer: twelve staff per suite.")).status).toBe(302);
    postId = latestPostId("supplier@steria.example");
    await setPartnershipStatus(chief, SLUG, "in-procurement");
  });

  test("opening the procurement records what suppliers could read at that moment", async () => {
    const rows = await recordRows();
    expect(rows.filter((r) => r.Text === "Our original answer: twelve staff per suite.")).toHaveLength(1);
  });

  test("editing it during the procurement without a declaration is refused with a clear error, and nothing changes", async () => {
    const refused = await supplier.post(`/posts/${postId}/edit`, { intent: "save", body: "Changed answer: twenty staff per suite." });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("Declare your organisation&#x27;s interest in this procurement before editing your post");
    expect(html).toContain("Changed answer: twenty staff per suite.");
    expect((openDb(server).prepare("SELECT body_md FROM posts WHERE id = ?").get(postId) as { body_md: string }).body_md).toBe("Our original answer: twelve staff per suite.");
    const form = await (await supplier.get(`/posts/${postId}/edit`)).text();
    expect(form).toContain("Declare your organisation&#x27;s interest");
  });

  test("with a declaration the edit is saved, and the record keeps the original text and adds the edit with its declaration", async () => {
    const saved = await supplier.post(`/posts/${postId}/edit`, { intent: "save", body: "Changed answer: twenty staff per suite.", interest: "may_bid" });
    expect(saved.status).toBe(302);
    const rows = await recordRows();
    const original = rows.find((r) => r.Text === "Our original answer: twelve staff per suite.");
    const edited = rows.find((r) => r.Change === "edited");
    expect(original).toBeDefined();
    expect(edited).toMatchObject({ Text: "Changed answer: twenty staff per suite.", Declaration: "May bid", Organisation: "Steria", Side: "supplier" });
    expect(rows.indexOf(original!)).toBeLessThan(rows.indexOf(edited!));
    const page = await (await chief.get(`/partnerships/${SLUG}/engagement`)).text();
    expect(page).toContain("Our original answer: twelve staff per suite.");
    expect(page).toContain("Changed answer: twenty staff per suite.");
    expect(page).toContain("Edited");
  });

  test("removing it needs the declaration too, and the record keeps its text and adds the removal", async () => {
    const refused = await supplier.post(`/posts/${postId}/edit`, { intent: "delete" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Declare your organisation&#x27;s interest in this procurement before removing your post");
    expect((openDb(server).prepare("SELECT deleted_at FROM posts WHERE id = ?").get(postId) as { deleted_at: number | null }).deleted_at).toBeNull();
    expect((await supplier.post(`/posts/${postId}/edit`, { intent: "delete", removeInterest: "not_bidding" })).status).toBe(302);
    const rows = await recordRows();
    expect(rows.map((r) => r.Change)).toEqual(expect.arrayContaining(["edited", "deleted"]));
    expect(rows.find((r) => r.Change === "deleted")).toMatchObject({ Text: "Changed answer: twenty staff per suite.", Declaration: "Not bidding" });
    expect(rows.some((r) => r.Text === "Our original answer: twelve staff per suite.")).toBe(true);
    expect(rows.some((r) => r.Text === "")).toBe(false);
  });
});

describe("narrowing a thread (item 16)", () => {
  test("moving a thread to a policing-only space keeps every supplier-visible exchange in the record", async () => {
    const thread = await startThread(chief, "control-rooms-and-custody", { title: "Custody bidder questions", body: "Questions from bidders go here.", partnerships: [String(partnershipId)] });
    expect((await supplier.post(thread.url, { intent: "reply", body: "Will TUPE apply to nurses?", interest: "bidding", submissionKey: "narrow-bidding-1" })).status).toBe(302);
    expect((await reply(chief, thread.url, "Yes, it will.")).status).toBe(302);
    expect((await supplier.post(thread.url, { intent: "reply", body: "Thank you.", interest: "bidding", submissionKey: "narrow-bidding-2" })).status).toBe(302);
    const inThread = (rows: Awaited<ReturnType<typeof recordRows>>) => rows.filter((r) => r.Title === "Custody bidder questions" && r.Change === "posted");
    const before = inThread(await recordRows());
    expect(before).toHaveLength(4);

    const moved = await moderator.post(`/moderation/threads/${thread.id}/move`, { space: "chiefs-and-pccs" });
    expect(moved.status).toBe(302);
    const after = await recordRows();
    expect(inThread(after)).toEqual(before);
    expect(inThread(after).filter((r) => r.Declaration === "Bidding")).toHaveLength(2);
    expect(after.filter((r) => r.Title === "Custody bidder questions" && r.Change === "narrowed")).toHaveLength(4);
  });

  test("a moderator hiding and restoring a supplier-visible post is recorded, and the text stays", async () => {
    const thread = await startThread(chief, "control-rooms-and-custody", { title: "Custody site visits", body: "When can bidders visit?", partnerships: [String(partnershipId)] });
    expect((await supplier.post(thread.url, { intent: "reply", body: "Call me on 07700 900123.", interest: "bidding", submissionKey: "hide-1" })).status).toBe(302);
    const postId = latestPostId("supplier@steria.example");
    expect((await moderator.post(`/posts/${postId}/moderate`, { intent: "hide", reason: "Personal contact details" })).status).toBe(302);
    expect((await moderator.post(`/posts/${postId}/moderate`, { intent: "restore" })).status).toBe(302);
    const rows = (await recordRows()).filter((r) => r.Title === "Custody site visits" && r.Author !== "");
    expect(rows.map((r) => r.Change)).toEqual(["posted", "posted", "hidden", "restored"]);
    expect(rows.every((r) => r.Text !== "")).toBe(true);
  });
});

describe("the log itself", () => {
  test("is append-only in the database: an UPDATE or DELETE on it fails", () => {
    const db = openDb(server);
    expect((db.prepare("SELECT count(*) AS n FROM engagement_entries").get() as { n: number }).n).toBeGreaterThan(0);
    expect(() => db.prepare("UPDATE engagement_entries SET body_md = 'rewritten'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM engagement_entries").run()).toThrow(/append-only/);
  });

  test("pages oldest first by entry", async () => {
    const ids = (openDb(server).prepare("SELECT id FROM engagement_entries WHERE partnership_id = ? ORDER BY id").all(partnershipId) as { id: number }[]).map((r) => r.id);
    const page = await (await chief.get(`/partnerships/${SLUG}/engagement?after=${ids[1]}`)).text();
    expect(page).not.toContain("Our original answer: twelve staff per suite.");
    expect(page).toContain("Will TUPE apply to nurses?");
  });
});
