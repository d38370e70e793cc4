import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { postIds, reply, startThread } from "../helpers/forum";
import { signIn, Visitor } from "../helpers/http";
import { expectTitlesInStep } from "../helpers/search-index";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let chief: Visitor;
let supplier: Visitor;
let moderator: Visitor;
beforeAll(async () => {
  server = await startTestServer();
  [chief, supplier, moderator] = await Promise.all([signIn(server, "chief@cleveland-police.example"), signIn(server, "supplier@steria.example"), signIn(server, "moderator@example.org")]);
});
afterAll(() => server?.stop());

const results = async (v: Visitor, q: string, filters = "") => (await v.get(`/search?q=${encodeURIComponent(q)}${filters}`)).text();
/** The "N results" count in the page's heading, 0 for "No results". */
const count = (html: string) => Number(/<h2[^>]*id="results-heading"[^>]*>([\d,]+) results? for/.exec(html)?.[1]?.replace(/,/g, "") ?? 0);
const hitTitles = (html: string) => [...html.matchAll(/<h3 class="app-thread-list__title"><a[^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
const YEAR = 365 * 24 * 3600;
const idOf = (table: string, slug: string) => (openDb(server).prepare(`SELECT id FROM ${table} WHERE slug = ?`).get(slug) as { id: number }).id;

describe("search", () => {
  test("finds partnerships, threads and posts by their words, with the match marked", async () => {
    expect(await results(chief, "Southwest")).toContain("Southwest One joint venture");
    const t = await startThread(chief, "open-discussions", { title: "Zephyrine fleet telematics", body: "Which vendors handle quarantined vehicles?" });
    await reply(supplier, t.url, "We have fitted telematics to quarantined pool cars.");
    const page = await results(supplier, "quarantined");
    expect(page).toContain("Zephyrine fleet telematics");
    expect(page).toContain("<mark>quarantined</mark>");
    expect(await results(chief, "zephyr")).toContain("Zephyrine fleet telematics");
  });

  test("a supplier never finds policing-only content, in titles, posts or snippets", async () => {
    const secret = await startThread(chief, "chiefs-and-pccs", { title: "Obsidian custody exit costs", body: "Obsidian figures for the board only." });
    expect(await results(chief, "obsidian")).toContain("Obsidian custody exit costs");
    const asSupplier = await results(supplier, "obsidian");
    expect(asSupplier).not.toContain("Obsidian");
    expect(asSupplier).toContain("No results for");
    const open = await startThread(chief, "open-discussions", { title: "Saffron procurement timetable", body: "Saffron body" });
    expect(await results(supplier, "saffron")).toContain("Saffron procurement timetable");
    await moderator.post(`/moderation/threads/${open.id}/move`, { space: "chiefs-and-pccs" });
    expect(await results(supplier, "saffron")).not.toContain("Saffron");
    expect(secret.id).toBeGreaterThan(0);
  });

  test("a word that looks like a filter's code finds the posts that say it, not every post the filter would pick", async () => {
    const space = `sp${idOf("spaces", "open-discussions")}`;
    const organisation = `or${idOf("organisations", "cleveland")}`;
    await startThread(chief, "open-discussions", { title: "Reference codes", body: `Our asset tag ${space.toUpperCase()} is not a space.` });
    expect(count(await results(chief, space))).toBe(1);
    expect(count(await results(chief, `"${space}"`))).toBe(1);
    // The last word is also a prefix: "or5" could reach or50-or59 too.
    expect(count(await results(chief, organisation))).toBe(0);
    expect(count(await results(chief, `${organisation} asset`))).toBe(0);
    // Judged as the index's tokenizer reads the words: stemmed ("sp12s" is sp12, "or5ed" is or5),
    // and split at letters it does not count as letters (U+19B0).
    expect(count(await results(chief, `${space}s`))).toBe(1);
    expect(count(await results(chief, `"${organisation}ed"`))).toBe(0);
    expect(count(await results(chief, `${organisation}\u19B0`))).toBe(0);
    expect(count(await results(chief, `"${space}\u19B0" asset`))).toBe(1);
    // The filters themselves still use the codes.
    expect(count(await results(chief, "asset tag", "&space=open-discussions&organisation=cleveland"))).toBe(1);
  });

  test("a filter's list shows every choice escaped, with the chosen one selected, and a choice that is not there selects Any", async () => {
    openDb(server).prepare("INSERT INTO organisations(slug, name, kind) VALUES ('smith-jones', ?, 'supplier')").run(`Smith & <Jones> "Ltd" <script>alert(1)</script>`);
    const page = await results(chief, "custody", "&organisation=smith-jones");
    const select = /<select[^>]*name="organisation"[^>]*>(.*?)<\/select>/s.exec(page)![1]!;
    expect(select.startsWith('<option value="">Any</option>')).toBe(true);
    expect(select).toContain('<option value="smith-jones" selected="">Smith &amp; &lt;Jones&gt; &quot;Ltd&quot; &lt;script&gt;alert(1)&lt;/script&gt;</option>');
    expect(select.match(/ selected/g)).toHaveLength(1);
    expect(select).toContain('<option value="cleveland">');
    const unknown = /<select[^>]*name="space"[^>]*>(.*?)<\/select>/s.exec(await results(chief, "custody", "&space=no-such-space"))![1]!;
    expect(unknown).not.toContain("selected");
  });

  test("the space filter offers each member only the spaces they may read, listed in order, and no archived space", async () => {
    openDb(server).prepare("INSERT INTO spaces(slug, name, description, audience, position, is_archived) VALUES ('old-archive', 'Old archive', 'Archived.', 'members', 0, 1)").run();
    const spaces = async (v: Visitor) => [.../<select[^>]*name="space"[^>]*>(.*?)<\/select>/s.exec(await results(v, "custody"))![1]!.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    const listed = (audiences: string) => ["", ...openDb(server).prepare(`SELECT slug FROM spaces WHERE is_archived = 0 AND audience IN (${audiences}) ORDER BY position, name`).pluck().all()];
    const forChief = await spaces(chief);
    expect(forChief).toContain("chiefs-and-pccs");
    expect(forChief).toEqual(listed("'members', 'policing'"));
    const forSupplier = await spaces(supplier);
    expect(forSupplier).not.toContain("chiefs-and-pccs");
    expect(forSupplier).toEqual(listed("'members'"));
    expect(forSupplier.length).toBeGreaterThan(1);
  });

  test("hidden posts drop out of search", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Thread with a hidden reply", body: "Body" });
    await reply(supplier, t.url, "Vermilion remark to be hidden");
    const id = postIds(await (await chief.get(t.url)).text()).at(-1)!;
    expect(await results(chief, "vermilion")).toContain("Vermilion");
    openDb(server).prepare("UPDATE posts SET hidden_at = unixepoch(), hidden_reason = 'test' WHERE id = ?").run(id);
    expect(await results(chief, "vermilion")).not.toContain("Vermilion remark");
    const asModerator = await results(moderator, "vermilion");
    expect(asModerator).toContain("<mark>Vermilion</mark> remark to be hidden");
  });

  test.each(['"', "NEAR(", "a".repeat(500), "*", "%00", "OR AND NOT"])("the query %s never breaks the page", async (q) => {
    const res = await chief.get(`/search?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
  });

  test("guests are sent to sign in", async () => {
    expect((await new Visitor(server).get("/search?q=custody")).headers.get("location")).toBe("/login?redirectTo=%2Fsearch%3Fq%3Dcustody");
  });

  test("an older, better match ranks above a newer passing mention", async () => {
    const old = await startThread(chief, "open-discussions", { title: "Quillwort exit plan for custody", body: "The quillwort exit plan: how we ran the quillwort handover." });
    const db = openDb(server);
    db.prepare("UPDATE posts SET created_at = created_at - ? WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = ?)").run(2 * YEAR, old.id);
    await startThread(chief, "open-discussions", { title: "Staff canteen rota", body: `${"The rota covers every shift and every site across the force area. ".repeat(12)}Someone mentioned quillwort once.` });
    const titles = hitTitles(await results(chief, "quillwort"));
    expect(titles).toEqual(["Quillwort exit plan for custody", "Staff canteen rota"]);
    // Newest first still puts the recent mention on top.
    expect(hitTitles(await results(chief, "quillwort", "&sort=newest"))[0]).toBe("Staff canteen rota");
  });

  test("a title with more of the query's words ranks above a newer thread that repeats one of them", async () => {
    const old = await startThread(chief, "open-discussions", { title: "Pennywort quillmoss review", body: "What we learned." });
    openDb(server).prepare("UPDATE posts SET created_at = created_at - ? WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = ?)").run(2 * YEAR, old.id);
    await startThread(chief, "open-discussions", { title: "Pennywort rota", body: "quillmoss ".repeat(40) });
    expect(hitTitles(await results(chief, "pennywort quillmoss"))).toEqual(["Pennywort quillmoss review", "Pennywort rota"]);
  });

  test("a thread whose title has one of the words ranks above a newer passing mention, when a reply holds the rest", async () => {
    const old = await startThread(chief, "open-discussions", { title: "Brookweed custody contract", body: "How long did the handover take?" });
    expect((await reply(chief, old.url, "We benchmarked the brookweed handover against two other forces: a marshwort clause helped.")).status).toBe(302);
    openDb(server).prepare("UPDATE posts SET created_at = created_at - ? WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = ?)").run(2 * YEAR, old.id);
    await startThread(chief, "open-discussions", { title: "Fleet leasing renewals", body: "A marshwort clause and brookweed terms came up in passing." });
    // No one post of the older thread has both words in its title and text, but its title has one.
    const page = await results(chief, "brookweed marshwort");
    expect(hitTitles(page)).toEqual(["Brookweed custody contract", "Fleet leasing renewals"]);
    // Its snippet is the reply that matched, not the opening post that holds neither word.
    const snippet = /<p class="govuk-body-s govuk-!-margin-bottom-0">(.*?)<\/p>/s.exec(page)![1]!;
    expect(snippet).toContain("<mark>brookweed</mark> handover");
    expect(snippet).toContain("<mark>marshwort</mark>");
  });

  test("a title weighs only for those who may read its post: a hidden opening post's title counts for a moderator alone", async () => {
    const old = await startThread(chief, "open-discussions", { title: "Saltwort handover review", body: "An opening post a moderator will hide." });
    expect((await reply(chief, old.url, "The saltwort handover went to plan.")).status).toBe(302);
    const db = openDb(server);
    db.prepare("UPDATE posts SET created_at = created_at - ? WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = ?)").run(2 * YEAR, old.id);
    db.prepare("UPDATE posts SET hidden_at = unixepoch(), hidden_reason = 'test' WHERE number = 1 AND discussion_id = (SELECT discussion_id FROM threads WHERE id = ?)").run(old.id);
    await startThread(chief, "open-discussions", { title: "Fleet tyre renewals", body: "Saltwort came up in passing." });
    // For members the older thread is found by its reply alone, so the newer mention leads.
    expect(hitTitles(await results(chief, "saltwort"))).toEqual(["Fleet tyre renewals", "Saltwort handover review"]);
    expect(hitTitles(await results(supplier, "saltwort"))).toEqual(["Fleet tyre renewals", "Saltwort handover review"]);
    expect(hitTitles(await results(moderator, "saltwort"))).toEqual(["Saltwort handover review", "Fleet tyre renewals"]);
  });

  test("the titles' own index follows a new thread, a renamed title, a move and a deletion", async () => {
    const db = openDb(server);
    const titleRows = (word: string) => db.prepare("SELECT rowid FROM search_titles WHERE search_titles MATCH ?").pluck().all(`title : "${word}"`);
    const openingDoc = (threadId: number) => db.prepare("SELECT d.doc FROM search_docs d JOIN posts p ON d.source = p.id * 8 + 1 JOIN threads t ON t.discussion_id = p.discussion_id WHERE t.id = ? AND p.number = 1").pluck().get(threadId);
    const t = await startThread(chief, "open-discussions", { title: "Saxifrage lantern plan", body: "Plain words only." });
    expect(titleRows("saxifrage")).toEqual([openingDoc(t.id)]);
    expect((await reply(chief, t.url, "A saxifrage reply, not a title.")).status).toBe(302);
    expect(titleRows("saxifrage")).toHaveLength(1);
    expect((await chief.post(`/threads/${t.id}/details`, new URLSearchParams({ title: "Hellebore lantern plan", kind: "question" }))).status).toBe(302);
    expect(titleRows("saxifrage")).toEqual([]);
    expect(titleRows("hellebore")).toEqual([openingDoc(t.id)]);
    // A move to a policing-only space changes the audience packed into the key.
    await moderator.post(`/moderation/threads/${t.id}/move`, { space: "chiefs-and-pccs" });
    expect(titleRows("hellebore")).toEqual([openingDoc(t.id)]);
    expectTitlesInStep(server);
    db.prepare("DELETE FROM threads WHERE id = ?").run(t.id);
    expect(titleRows("hellebore")).toEqual([]);
    expectTitlesInStep(server);
  });

  test("should a thread ever carry two title rows, each holding one word, neither counts as holding both", async () => {
    const db = openDb(server);
    const t = await startThread(chief, "open-discussions", { title: "Aardwolf plan", body: "Nothing to see." });
    // No page does this: the thread moves to a new discussion, and its old first post keeps its index rows.
    const author = db.prepare("SELECT author_id FROM threads WHERE id = ?").pluck().get(t.id);
    db.prepare("UPDATE posts SET created_at = created_at - 7200 WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = ?)").run(t.id);
    const discussion = Number(db.prepare("INSERT INTO discussions(owner_kind, audience) VALUES ('thread', 'members')").run().lastInsertRowid);
    db.prepare("INSERT INTO posts(discussion_id, number, author_id, body_md, body_html, render_version, created_at) VALUES (?, 1, ?, 'Still nothing.', '<p>Still nothing.</p>', 1, unixepoch())").run(discussion, author);
    db.prepare("UPDATE threads SET discussion_id = ?, title = 'Bushbuck plan' WHERE id = ?").run(discussion, t.id);
    db.prepare("INSERT INTO posts(discussion_id, number, author_id, body_md, body_html, render_version, created_at) VALUES (?, 2, ?, 'An aardwolf and a bushbuck together.', '<p>An aardwolf and a bushbuck together.</p>', 1, unixepoch())").run(discussion, author);
    const page = await results(chief, "aardwolf bushbuck");
    expect(hitTitles(page)).toEqual(["Bushbuck plan"]);
    // Its snippet is the reply that holds both words, not the old opening post, which holds neither.
    const snippet = /<p class="govuk-body-s govuk-!-margin-bottom-0">(.*?)<\/p>/s.exec(page)![1]!;
    expect(snippet).toContain("<mark>aardwolf</mark>");
    expect(snippet).toContain("<mark>bushbuck</mark>");
  });

  test("filtered by the author's organisation, a thread's hit is that organisation's post, not another's title", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Gorsewind tender", body: "Opening body without the word." });
    expect((await reply(supplier, t.url, "Our gorsewind reply on the tender.")).status).toBe(302);
    const page = await results(chief, "gorsewind", "&organisation=steria");
    expect(hitTitles(page)).toEqual(["Gorsewind tender"]);
    const snippet = /<p class="govuk-body-s govuk-!-margin-bottom-0">(.*?)<\/p>/s.exec(page)![1]!.replace(/<\/?span>/g, "");
    expect(snippet).toBe("Our <mark>gorsewind</mark> reply on the tender.");
  });

  test("a word typed in part finds the reply that holds it, marked, sorted by newest too", async () => {
    const t = await startThread(chief, "open-discussions", { title: "Ward cover rota", body: "Who covers nights?" });
    expect((await reply(supplier, t.url, "The velthorpine contract covers nights from April.")).status).toBe(302);
    for (const sort of ["", "&sort=newest"]) {
      const page = await results(chief, "velthorp", sort);
      expect(hitTitles(page)).toEqual(["Ward cover rota"]);
      expect(page).toContain("<mark>velthorpine</mark> contract");
    }
  });

  test("the last word is a prefix of its stem: a whole word still finds longer words, and a word with none finds itself", async () => {
    // FTS5 stems a prefix: "frumbling"* is "frumbl"*, which "Frumbleton" matches although
    // "frumbling" does not start it. The search drops a prefix that widens nothing, so it must
    // ask about the stem, not the word typed.
    const t = await startThread(chief, "open-discussions", { title: "Depot leases", body: "The Frumbleton depot lease ends in May." });
    expect(hitTitles(await results(chief, "frumbling"))).toEqual(["Depot leases"]);
    expect(hitTitles(await results(chief, '"frumbling"'))).toEqual([]);
    await reply(supplier, t.url, "Our frumbling survey covered the yard.");
    expect(hitTitles(await results(chief, "frumbling"))).toEqual(["Depot leases"]);
    expect(count(await results(chief, "frumbleton"))).toBe(1);
    // "No longer word" holds only until one is written.
    await startThread(chief, "open-discussions", { title: "Sheds", body: "The brindlecot shed." });
    expect(count(await results(chief, "brindlecot"))).toBe(1);
    await startThread(chief, "open-discussions", { title: "Roofs", body: "Brindlecottage roofs leak." });
    expect(hitTitles(await results(chief, "brindlecot"))).toEqual(["Roofs", "Sheds"]);
  });

  test("a supplier finds a members-visible match older than a thousand newer policing-only matches, and each thread is one hit", async () => {
    const open = await startThread(chief, "open-discussions", { title: "Zanthoxyl fleet leasing", body: "Zanthoxyl leasing terms we agreed." });
    const secret = await startThread(chief, "chiefs-and-pccs", { title: "Board papers on fleet", body: "Zanthoxyl board paper." });
    const db = openDb(server);
    const discussion = (db.prepare("SELECT discussion_id AS d FROM threads WHERE id = ?").get(secret.id) as { d: number }).d;
    const author = (db.prepare("SELECT id FROM users WHERE email = 'chief@cleveland-police.example'").get() as { id: number }).id;
    const insert = db.prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version, created_at) VALUES (?, ?, ?, ?, ?, 1, unixepoch() + ?)");
    db.transaction(() => {
      for (let n = 2; n <= 1001; n++) insert.run(discussion, n, author, `Zanthoxyl figure ${n} for the board.`, `<p>Zanthoxyl figure ${n} for the board.</p>`, n);
    })();
    const asSupplier = await results(supplier, "zanthoxyl");
    expect(hitTitles(asSupplier)).toEqual(["Zanthoxyl fleet leasing"]);
    expect(count(asSupplier)).toBe(1);
    expect(asSupplier).not.toContain("Board papers");
    expect(asSupplier).not.toContain("more posts");
    const asChief = await results(chief, "zanthoxyl");
    expect(count(asChief)).toBe(2);
    expect(hitTitles(asChief).filter((t) => t === "Board papers on fleet")).toHaveLength(1);
    expect(asChief).toContain("and 1,000 more posts");
    expect(open.id).toBeGreaterThan(0);
  });

  test("snippets are the plain text of the rendered post, with no Markdown syntax", async () => {
    await startThread(chief, "open-discussions", { title: "Ledger notes", body: "## Heading\n\n- **Marigold** ledger _entries_ and `code` see [the guide](https://example.org/guide)\n\n> quoted marigold" });
    const page = await results(chief, "marigold");
    const snippet = /<p class="govuk-body-s govuk-!-margin-bottom-0">(.*?)<\/p>/s.exec(page)![1]!;
    expect(snippet).toContain("<mark>Marigold</mark>");
    for (const syntax of ["**", "##", "](", "_entries_", "`", "&gt; quoted", "- <mark>"]) expect(snippet).not.toContain(syntax);
  });

  test("raw HTML an author typed reads as text in a snippet, as on the post itself, never as markup", async () => {
    await startThread(chief, "open-discussions", { title: "Markup notes", body: 'Tamarillo <script>alert(1)</script> <img src=x onerror="alert(2)"> &amp; &lt;b&gt;' });
    const page = await results(chief, "tamarillo");
    const snippet = /<p class="govuk-body-s govuk-!-margin-bottom-0">(.*?)<\/p>/s.exec(page)![1]!;
    expect(snippet).toContain("<mark>Tamarillo</mark>");
    expect(snippet).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(snippet).not.toMatch(/<(?!\/?(?:mark|span)>)/);
  });

  test("a misspelt word gets a suggestion from the index's own words", async () => {
    await startThread(chief, "open-discussions", { title: "Mobilisation of the custody suite", body: "Custody mobilisation took nine months." });
    const page = await results(chief, "custdy");
    expect(page).toMatch(/Did you mean <a[^>]*href="\/search\?q=custody"[^>]*>custody<\/a>/);
    expect(await results(chief, "custody")).not.toContain("Did you mean");
  });

  test("a suggestion never reveals a word found only in policing-only content", async () => {
    await startThread(chief, "chiefs-and-pccs", { title: "Wolframite board paper", body: "Wolframite figures." });
    expect(await results(chief, "wolfrmite")).toMatch(/Did you mean <a[^>]*>wolframite<\/a>/);
    const asSupplier = await results(supplier, "wolfrmite");
    expect(asSupplier).not.toContain("Did you mean");
    expect(asSupplier.toLowerCase()).not.toContain("wolframite");
  });

  test("lessons, templates and partnership registry facts are found by their fields", async () => {
    // Seeded: a lesson about benchmarking, the registry's partner organisations and service areas.
    expect(await results(chief, "comparators")).toContain("Benchmarking custody prices mid-term");
    expect(await results(chief, "Reliance")).toContain("Cleveland Police Authority and Reliance custody partnership");
    expect(hitTitles(await results(chief, "Steria", "&kind=partnership")).length).toBeGreaterThan(0);
  });

  describe("counts and filters never include what the member may not read", () => {
    let areaId: number;
    let partnershipId: number;
    beforeAll(async () => {
      areaId = (openDb(server).prepare("SELECT id FROM terms WHERE vocabulary = 'service_area' AND slug = 'custody'").get() as { id: number }).id;
      partnershipId = idOf("partnerships", "cleveland-reliance-custody");
      const linked = { serviceAreas: [String(areaId)], partnerships: [String(partnershipId)] };
      await startThread(chief, "open-discussions", { title: "Pelargonium open one", body: "Pelargonium open.", ...linked });
      await startThread(chief, "control-rooms-and-custody", { title: "Pelargonium open two", body: "Pelargonium open too.", ...linked });
      for (const n of [1, 2, 3]) await startThread(chief, n === 3 ? "commercial-and-procurement" : "chiefs-and-pccs", { title: `Pelargonium secret ${n}`, body: "Pelargonium policing only.", ...linked });
    });
    const filters = [
      ["no filter", "", 2, 5],
      ["kind thread", "&kind=thread", 2, 5],
      ["kind lesson", "&kind=lesson", 0, 0],
      ["policing space", "&space=chiefs-and-pccs", 0, 2],
      ["open space", "&space=open-discussions", 1, 1],
      ["partnership", "&partnership=cleveland-reliance-custody", 2, 5],
      ["service area", "&area=custody", 2, 5],
      ["author's organisation", "&organisation=cleveland", 2, 5],
      ["other organisation", "&organisation=steria", 0, 0],
      ["date range today", `&from=${new Date(Date.now() - 86400e3).toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}`, 2, 5],
      ["date range before", "&from=2001-01-01&to=2001-12-31", 0, 0],
      ["newest first", "&sort=newest", 2, 5],
      ["unknown space", "&space=no-such-space", 0, 0],
    ] as const;
    test.each(filters)("%s: the supplier counts only members content, the force member everything", async (_name, query, supplierCount, chiefCount) => {
      const asSupplier = await results(supplier, "pelargonium", query);
      expect(count(asSupplier)).toBe(supplierCount);
      expect(asSupplier).not.toContain("Pelargonium secret");
      expect(asSupplier).not.toContain("policing only");
      const asChief = await results(chief, "pelargonium", query);
      expect(count(asChief)).toBe(chiefCount);
      expect((await new Visitor(server).get(`/search?q=pelargonium${query}`)).status).toBe(302);
    });
    test("a count follows a thread moved out of the supplier's reach at once", async () => {
      const t = await startThread(chief, "open-discussions", { title: "Tamarisk moving thread", body: "Tamarisk." });
      expect(count(await results(supplier, "tamarisk"))).toBe(1);
      await moderator.post(`/moderation/threads/${t.id}/move`, { space: "chiefs-and-pccs" });
      expect(count(await results(supplier, "tamarisk"))).toBe(0);
      expect(count(await results(chief, "tamarisk"))).toBe(1);
    });
  });

  test("results page on past the tenth page: every thread once, in order, with More results until the last page", async () => {
    // 205 threads written straight to the database (the index follows by its triggers), an hour
    // apart, so newest first has one order. Ranking serves ten pages at a time, so page 11 starts
    // the second block.
    const db = openDb(server);
    const space = db.prepare("SELECT id, audience FROM spaces WHERE slug = 'open-discussions'").get() as { id: number; audience: string };
    const author = db.prepare("SELECT id FROM users WHERE email = 'chief@cleveland-police.example'").pluck().get() as number;
    const renderVersion = db.prepare("SELECT max(render_version) FROM posts").pluck().get() as number;
    const start = Math.floor(Date.now() / 1000) - 300 * 3600;
    db.transaction(() => {
      for (let i = 0; i < 205; i++) {
        const at = start + i * 3600;
        const discussion = db.prepare("INSERT INTO discussions (owner_kind, audience, post_count, last_post_number, last_post_at, last_poster_id) VALUES ('thread', ?, 1, 1, ?, ?)").run(space.audience, at, author).lastInsertRowid;
        db.prepare("INSERT INTO threads (discussion_id, space_id, kind, title, slug, author_id, last_activity_at, created_at) VALUES (?, ?, 'discussion', ?, ?, ?, ?, ?)").run(discussion, space.id, `Quillforth survey ${i}`, `quillforth-survey-${i}`, author, at, at);
        db.prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version, created_at) VALUES (?, 1, ?, 'Quillforth notes.', '<p>Quillforth notes.</p>', ?, ?)").run(discussion, author, renderVersion, at);
      }
    })();
    for (const sort of ["newest", "relevance"]) {
      const seen: string[] = [];
      for (let page = 1; page <= 11; page++) {
        const html = await results(chief, "quillforth", `&sort=${sort}&page=${page}`);
        expect(count(html)).toBe(205);
        const titles = hitTitles(html) as string[];
        expect(titles, `${sort} page ${page}`).toHaveLength(page < 11 ? 20 : 5);
        expect(html.includes("More results"), `${sort} page ${page}`).toBe(page < 11);
        seen.push(...titles);
      }
      expect(seen).toEqual(Array.from({ length: 205 }, (_, i) => `Quillforth survey ${204 - i}`));
    }
    expect(hitTitles(await results(chief, "quillforth", "&page=12"))).toEqual([]);
  });

  test("a search box is in the header of every member page, and spaces and partnerships search within themselves", async () => {
    for (const path of ["/", "/spaces", "/lessons", "/library"]) {
      const page = await (await chief.get(path)).text();
      expect(page, path).toMatch(/<form[^>]*action="\/search"[^>]*role="search"|<form[^>]*role="search"[^>]*action="\/search"/);
      expect(page, path).toMatch(/<label[^>]*for="header-search"/);
    }
    const searchPage = await (await chief.get("/search?q=custody")).text();
    expect(searchPage).toContain(">Lessons learned</option>");
    expect(searchPage).not.toContain("Lesson learneds");
    const space = await (await chief.get("/spaces/open-discussions")).text();
    expect(space).toMatch(/<input type="hidden" name="space" value="open-discussions"/);
    const partnership = await (await chief.get("/partnerships/cleveland-reliance-custody")).text();
    expect(partnership).toMatch(/<input type="hidden" name="partnership" value="cleveland-reliance-custody"/);
  });
});
