import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { reply, startThread } from "../helpers/forum";
import { signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let chief: Visitor;
let supplier: Visitor;
let partnershipId: number;
beforeAll(async () => {
  server = await startTestServer();
  [chief, supplier] = await Promise.all([signIn(server, "chief@cleveland-police.example"), signIn(server, "supplier@steria.example")]);
  const db = openDb(server);
  db.prepare("UPDATE partnerships SET status = 'in-procurement' WHERE slug = 'cleveland-reliance-custody'").run();
  partnershipId = (db.prepare("SELECT id FROM partnerships WHERE slug = 'cleveland-reliance-custody'").get() as { id: number }).id;
});
afterAll(() => server?.stop());

describe("live procurement safeguards", () => {
  let open: { id: number; url: string };
  let unlinked: { id: number; url: string };
  beforeAll(async () => {
    open = await startThread(chief, "control-rooms-and-custody", { title: "Custody re-procurement: market questions", body: "What should the new custody specification cover?", partnerships: [String(partnershipId)] });
    // A policing-only thread linked to the same partnership, beside the open one.
    await startThread(chief, "chiefs-and-pccs", { title: "Custody re-procurement: internal notes", body: "Policing-only evaluation thoughts", partnerships: [String(partnershipId)] });
    unlinked = await startThread(chief, "control-rooms-and-custody", { title: "Unrelated custody question", body: "Not linked to any partnership" });
  });

  test("a supplier must declare its interest before posting in a linked thread, and the declaration shows beside the post", async () => {
    const page = await (await supplier.get(open.url)).text();
    expect(page).toContain("Declare your organisation&#x27;s interest");
    const refused = await reply(supplier, open.url, "We would suggest covering healthcare.");
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Declare your organisation&#x27;s interest in this procurement before posting");
    expect((openDb(server).prepare("SELECT count(*) AS n FROM posts WHERE body_md LIKE 'We would suggest%'").get() as { n: number }).n).toBe(0);
    const ok = await supplier.post(open.url, { intent: "reply", body: "We would suggest covering healthcare.", interest: "bidding", submissionKey: "declared-reply-1" });
    expect(ok.status).toBe(302);
    expect(await (await chief.get(open.url)).text()).toContain("Declared: bidding");
    expect((await reply(supplier, unlinked.url, "No declaration needed here")).status).toBe(302);
  });

  test("the policing side posts without declaring", async () => {
    expect((await reply(chief, open.url, "Thanks, noted for the specification.")).status).toBe(302);
  });

  test("a supplier linking a new thread to the partnership must declare too", async () => {
    const form = { kind: "question", title: "Supplier question about the tender", body: "When is the bidder day?", intent: "publish", submissionKey: "supplier-thread-1", partnerships: String(partnershipId) };
    const refused = await supplier.post("/spaces/open-discussions/new", form);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("declare your organisation&#x27;s interest");
    const ok = await supplier.post("/spaces/open-discussions/new", { ...form, interest: "may_bid", submissionKey: "supplier-thread-2" });
    expect(ok.status).toBe(302);
  });

  test("the engagement record and its CSV list exactly the supplier-visible exchanges", async () => {
    const html = await (await chief.get("/partnerships/cleveland-reliance-custody/engagement")).text();
    expect(html).toContain("Custody re-procurement: market questions");
    expect(html).toContain("Supplier question about the tender");
    expect(html).toContain("Bidding");
    expect(html).toContain("May bid");
    expect(html).not.toContain("internal notes");
    expect(html).not.toContain("Unrelated custody question");

    const csv = await chief.get("/partnerships/cleveland-reliance-custody/engagement.csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain('attachment; filename="market-engagement-cleveland-reliance-custody.csv"');
    const rows = (await csv.text()).trim().split("\r\n");
    const count = (sql: string) => (openDb(server).prepare(sql).get(partnershipId) as { n: number }).n;
    const inThreads = count(`SELECT count(*) AS n FROM posts p JOIN discussions d ON d.id = p.discussion_id AND d.audience = 'members'
      JOIN threads t ON t.discussion_id = d.id JOIN thread_partnerships x ON x.thread_id = t.id AND x.partnership_id = ?`);
    const inLessons = count(`SELECT count(*) AS n FROM posts p JOIN discussions d ON d.id = p.discussion_id AND d.audience = 'members'
      JOIN lessons l ON l.discussion_id = d.id JOIN lesson_partnerships x ON x.lesson_id = l.id AND x.partnership_id = ?`);
    const inTemplates = count(`SELECT count(*) AS n FROM posts p JOIN discussions d ON d.id = p.discussion_id AND d.audience = 'members'
      JOIN templates m ON m.discussion_id = d.id JOIN template_partnerships x ON x.template_id = m.id AND x.partnership_id = ?`);
    expect(inThreads).toBe(4);
    expect(rows).toHaveLength(1 + inThreads + inLessons + inTemplates);
    expect(rows.some((r) => r.includes("internal notes") || r.includes("Policing-only evaluation"))).toBe(false);
    expect(rows.filter((r) => r.includes(",Bidding,"))).toHaveLength(1);
  });

  test("suppliers cannot see the record", async () => {
    expect((await supplier.get("/partnerships/cleveland-reliance-custody/engagement")).status).toBe(404);
    expect((await supplier.get("/partnerships/cleveland-reliance-custody/engagement.csv")).status).toBe(404);
  });

  test("after the procurement ends no declaration is asked", async () => {
    openDb(server).prepare("UPDATE partnerships SET status = 'live' WHERE id = ?").run(partnershipId);
    expect((await reply(supplier, open.url, "Congratulations on the award.")).status).toBe(302);
  });
});
