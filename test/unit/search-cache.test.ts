/**
 * A kept search ranking (migration 0018, stillRanked): after every kind of write, a search the
 * cache answers must give what a ranking made afresh gives, for the same member, query and filters.
 */
import Database from "better-sqlite3";
import { addPosts, countStatements, demoDatabase, memberFor, statementsRun } from "../helpers/in-process";
import { beforeAll, describe, expect, test, vi } from "vitest";

const db = await demoDatabase("search-cache");
const forum = await import("~/models/forum.server");
const discussions = await import("~/models/discussions.server");
const lessons = await import("~/models/lessons.server");
const templates = await import("~/models/templates.server");
const moderation = await import("~/models/moderation.server");
const spaces = await import("~/models/spaces.server");
const search = await import("~/models/search.server");
const { forgetSharedRankings } = await import("~/models/search-rankings.server");
type Member = import("~/auth/policy/index.server").Member;

let chief: Member;
let supplier: Member;
let moderator: Member;
let admin: Member;
beforeAll(async () => {
  chief = memberFor(db(), "chief@cleveland-police.example");
  supplier = memberFor(db(), "supplier@steria.example");
  moderator = memberFor(db(), "moderator@example.org");
  admin = memberFor(db(), "admin@example.org");
}, 120_000);

const raw = () => db().$client;
const view = (r: ReturnType<typeof search.searchPage>) => ({ total: r.total, hits: r.hits.map((h) => `${h.title}|${h.url}|${h.snippet}|more ${h.morePosts}|at ${h.at}`), hasNext: r.hasNext });
const find = (m: Member, q: string, extra: Record<string, string> = {}) => view(search.searchPage(m, new URLSearchParams({ q, ...extra }), 1));
/** A ranking made afresh: as if a row had been removed from the index. */
const fresh = (m: Member, q: string, extra: Record<string, string> = {}) => {
  raw().prepare("UPDATE search_generation SET n = n + 1, removed = removed + 1").run();
  return find(m, q, extra);
};
/** Ranks (warms the cache), runs the write, then the cached answer must equal a fresh one. */
function holds(m: Member, q: string, write: () => void, extra: Record<string, string> = {}) {
  find(m, q, extra);
  const state = () => raw().prepare("SELECT removed, added FROM search_generation").get() as { removed: number; added: number };
  const before = state();
  write();
  const after = state();
  const cached = find(m, q, extra);
  const truth = fresh(m, q, extra);
  expect({ cached, removedBumped: after.removed !== before.removed, added: after.added - before.added }).toEqual({ cached: truth, removedBumped: after.removed !== before.removed, added: after.added - before.added });
  return { cached, removedBumped: after.removed !== before.removed };
}

const space = (slug: string) => forum.getSpace(chief, slug)!;
function thread(by: Member, slug: string, title: string, body: string, extra: { serviceAreaIds?: number[]; partnershipIds?: number[] } = {}) {
  const made = forum.createThread(by, space(slug), { kind: "question", title, bodyMd: body, serviceAreaIds: extra.serviceAreaIds ?? [], partnershipIds: extra.partnershipIds ?? [], submissionKey: null });
  if (!made.ok) throw new Error(made.reason);
  const discussionId = forum.getThread(chief, made.value.id)!.discussion.id;
  const firstPostId = raw().prepare("SELECT id FROM posts WHERE discussion_id = ? AND number = 1").pluck().get(discussionId) as number;
  return { id: made.value.id, discussionId, firstPostId };
}
const areaSlug = () => raw().prepare("SELECT id, slug FROM terms WHERE vocabulary = 'service_area' ORDER BY id LIMIT 1").get() as { id: number; slug: string };
const partnership = () => raw().prepare("SELECT id, slug FROM partnerships ORDER BY id LIMIT 1").get() as { id: number; slug: string };

/** Runs `run`, with `meanwhile` (another process's work) run just before this process first runs a statement whose SQL holds `marker`. */
function meanwhileBefore<T>(marker: string, meanwhile: () => void, run: () => T): T {
  const proto = Object.getPrototypeOf(raw().prepare("SELECT 1")) as { get: (...a: unknown[]) => unknown };
  const original = proto.get;
  let fired = false;
  proto.get = function (this: { source: string }, ...args: unknown[]) {
    if (!fired && this.source.includes(marker)) {
      fired = true;
      meanwhile();
    }
    return original.apply(this, args);
  };
  let result: T;
  try {
    result = run();
  } finally {
    proto.get = original;
  }
  expect(fired).toBe(true);
  return result;
}

describe("pure additions", () => {
  test("a reply that does not match, one that does, and a matching policing-only thread (as a supplier)", () => {
    const t = thread(chief, "open-discussions", "Bryophyte mapping", "Bryophyte plots");
    expect(holds(supplier, "bryophyte", () => discussions.createReply(chief, t.discussionId, { bodyMd: "unrelated words", submissionKey: null })).removedBumped).toBe(false);
    holds(supplier, "bryophyte", () => discussions.createReply(chief, t.discussionId, { bodyMd: "more bryophyte", submissionKey: null }));
    holds(supplier, "bryophyte", () => thread(chief, "chiefs-and-pccs", "Bryophyte secrets", "Bryophyte board paper"));
    expect(find(supplier, "bryophyte").hits.join()).not.toContain("secrets");
  });

  test("posts taken in one after another, each time from the read made before them all", () => {
    const t = thread(chief, "open-discussions", "Yarrow", "yarrow");
    find(chief, "yarrow");
    addPosts(raw(), t.discussionId, chief.id, 1, "yarrow again");
    expect(find(chief, "yarrow").hits[0]).toContain("|more 1|");
    thread(chief, "open-discussions", "Yarrow two", "yarrow");
    const cached = find(chief, "yarrow");
    expect(cached).toEqual(fresh(chief, "yarrow"));
    expect(cached.total).toBe(2);
  });

  test("a prefix query, and a whole word whose prefix did not widen when ranked", () => {
    thread(chief, "open-discussions", "Fenland drainage", "Fen drains");
    holds(chief, "fenla", () => thread(chief, "open-discussions", "Fenlander survey", "Survey"));
    thread(chief, "open-discussions", "Bogbean flowers", "Bogbean");
    holds(chief, "bogbean", () => thread(chief, "open-discussions", "Bogbeanery notes", "Notes"));
    expect(find(chief, "bogbean").total).toBe(2);
  });

  test("whether a prefix widens is asked of the index's vocabulary once, until a row added has a longer word", () => {
    const t = thread(chief, "open-discussions", "Butterwort survey", "Butterwort plots");
    const asksVocabulary = (run: () => unknown) => statementsRun(db(), run).filter((s) => s.includes("search_instances")).length;
    expect(asksVocabulary(() => find(chief, "butterwort"))).toBe(1);
    // The supplier's ranking is another one, from the same index: the answer stands.
    expect(asksVocabulary(() => find(supplier, "butterwort"))).toBe(0);
    // Rows added since without a longer word: only they are asked.
    addPosts(raw(), t.discussionId, chief.id, 2, "butterwort again, and butter");
    expect(asksVocabulary(() => find(supplier, "butterwort"))).toBe(0);
    expect(find(supplier, "butterwort")).toEqual(fresh(supplier, "butterwort"));
    // A longer word starting with it: the prefix now widens, and finds it.
    thread(chief, "open-discussions", "Butterwortish plants", "Plots");
    let after: ReturnType<typeof find> | undefined;
    expect(asksVocabulary(() => (after = find(supplier, "butterwort")))).toBe(1);
    expect(after?.total).toBe(2);
  });

  test("facet, kind and date filters", () => {
    const area = areaSlug();
    const pa = partnership();
    thread(chief, "open-discussions", "Sedgewarbler count", "Sedgewarbler");
    holds(chief, "sedgewarbler", () => thread(chief, "ict-and-digital", "Sedgewarbler other space", "x"), { space: "open-discussions" });
    holds(chief, "sedgewarbler", () => thread(chief, "open-discussions", "Sedgewarbler same space", "x"), { space: "open-discussions" });
    holds(chief, "sedgewarbler", () => thread(chief, "open-discussions", "Sedgewarbler area", "x", { serviceAreaIds: [area.id] }), { area: area.slug });
    holds(chief, "sedgewarbler", () => thread(chief, "open-discussions", "Sedgewarbler partnership", "x", { partnershipIds: [pa.id] }), { partnership: pa.slug });
    holds(supplier, "sedgewarbler", () => thread(supplier, "open-discussions", "Sedgewarbler by supplier", "x"), { organisation: "steria" });
    holds(chief, "sedgewarbler", () => thread(chief, "open-discussions", "Sedgewarbler kind", "x"), { kind: "thread" });
    const today = new Date().toISOString().slice(0, 10);
    holds(chief, "sedgewarbler", () => thread(chief, "open-discussions", "Sedgewarbler dated", "x"), { from: today, to: today });
  });
});

describe("changes that must start a ranking again", () => {
  test("move to a policing space, space audience change, lesson audience, template withdrawal and audience", () => {
    const moved = thread(chief, "open-discussions", "Liverwort moved", "Liverwort");
    expect(holds(supplier, "liverwort", () => forum.moveThread(moderator, moved.id, "chiefs-and-pccs", true, "")).cached.total).toBe(0);
    const created = spaces.createSpace(admin, { name: "Hornwort space", slug: "hornwort-space", description: "d", audience: "members", position: 99, archived: false }, "");
    if (!created.ok) throw new Error(created.reason);
    thread(chief, "hornwort-space", "Hornwort thread", "Hornwort");
    expect(find(supplier, "hornwort").total).toBe(1);
    expect(holds(supplier, "hornwort", () => spaces.updateSpace(admin, created.value.id, { name: "Hornwort space", slug: "hornwort-space", description: "d", audience: "policing", position: 99, archived: false, confirmWiden: false }, "")).cached.total).toBe(0);
    const phaseId = lessons.listLessonPhases()[0]!.id;
    const input = { title: "Quillwort lesson", summary: "Quillwort", partnershipIds: [partnership().id], phaseId, serviceAreaIds: [], outcome: "mixed" as const, audience: "members" as const, contextMd: "", workedMd: "", didNotWorkMd: "", recommendationMd: "r" };
    const lesson = lessons.createLesson(chief, input);
    if (!lesson.ok) throw new Error(lesson.reason);
    expect(find(supplier, "quillwort").total).toBe(1);
    expect(holds(supplier, "quillwort", () => lessons.updateLesson(chief, lesson.value.id, { ...input, audience: "policing" }, "")).cached.total).toBe(0);
    const categoryId = templates.listTemplateCategories()[0]!.id;
    const file = { sha256: "a".repeat(64), size: 4, kind: "txt", contentType: "text/plain", filename: "t.txt", previewHtml: "<p>t</p>" };
    const details = { title: "Clubmoss template", summary: "Clubmoss", categoryId, serviceAreaIds: [], partnershipIds: [], audience: "members" as const, licence: templates.LICENCES.ogl };
    const made = templates.createTemplate(chief, details, file as never, "v1");
    if (!made.ok) throw new Error(made.reason);
    expect(find(supplier, "clubmoss").total).toBe(1);
    expect(holds(supplier, "clubmoss", () => templates.setTemplateWithdrawn(moderator, made.value.id, { withdraw: true, reason: "x" }, "")).cached.total).toBe(0);
    templates.setTemplateWithdrawn(moderator, made.value.id, { withdraw: false }, "");
    expect(find(supplier, "clubmoss").total).toBe(1);
    expect(holds(supplier, "clubmoss", () => templates.updateTemplateDetails(chief, made.value.id, { ...details, audience: "policing" }, "")).cached.total).toBe(0);
  });

  test("hide, delete, edit, title change, unlinking a filtered partnership or area", () => {
    const t = thread(chief, "open-discussions", "Horsetail", "intro");
    const reply = discussions.createReply(chief, t.discussionId, { bodyMd: "Horsetail spores", submissionKey: null });
    if (!reply.ok) throw new Error(reply.reason);
    const postId = reply.value.postId as number;
    holds(supplier, "spores", () => moderation.hidePost(moderator, postId, "x", ""));
    expect(find(supplier, "spores").total).toBe(0);
    moderation.restorePost(moderator, postId, "");
    holds(supplier, "spores", () => discussions.editPost(chief, postId, "Horsetail rhizomes", ""));
    expect(find(supplier, "spores").total).toBe(0);
    holds(supplier, "rhizomes", () => discussions.deleteOwnPost(chief, postId));
    expect(find(supplier, "rhizomes").total).toBe(0);
    holds(supplier, "horsetail", () => forum.updateThreadDetails(chief, t.id, { title: "Equisetum", kind: "question", serviceAreaIds: [], partnershipIds: [], clearAnswer: false }, ""));
    expect(find(supplier, "horsetail").total).toBe(0);
    const area = areaSlug();
    const pa = partnership();
    const linked = thread(chief, "open-discussions", "Spikemoss linked", "Spikemoss", { serviceAreaIds: [area.id], partnershipIds: [pa.id] });
    const unlink = () => forum.updateThreadDetails(chief, linked.id, { title: "Spikemoss linked", kind: "question", serviceAreaIds: [], partnershipIds: [], clearAnswer: false }, "");
    find(chief, "spikemoss", { area: area.slug });
    holds(chief, "spikemoss", unlink, { partnership: pa.slug });
    expect(find(chief, "spikemoss", { area: area.slug }).total).toBe(0);
  });

  test("a user's organisation change under an organisation filter", () => {
    thread(supplier, "open-discussions", "Waterwort by steria", "Waterwort");
    const other = raw().prepare("SELECT id FROM organisations WHERE slug <> 'steria' AND kind = 'supplier' ORDER BY id LIMIT 1").pluck().get() as number;
    expect(holds(chief, "waterwort", () => raw().prepare("UPDATE users SET organisation_id = ? WHERE id = ?").run(other, supplier.id), { organisation: "steria" }).cached.total).toBe(0);
  });
});

describe("names that other rows' text holds", () => {
  const get = <T>(query: string) => raw().prepare(query).get() as T;
  const titlesFound = (q: string) => find(chief, q).hits.map((h) => h.split("|")[0]);
  test("a renamed organisation finds the partnerships it is in by its new name", () => {
    const org = get<{ id: number; partnership: string }>("SELECT x.organisation_id AS id, p.name AS partnership FROM partnership_organisations x JOIN partnerships p ON p.id = x.partnership_id ORDER BY x.partnership_id LIMIT 1");
    holds(chief, "quillonbury", () => raw().prepare("UPDATE organisations SET name = 'Quillonbury Shared Services' WHERE id = ?").run(org.id));
    expect(titlesFound("quillonbury")).toContain(org.partnership);
  });

  test("a renamed partnership finds the lessons that name it by its new name", () => {
    const link = get<{ id: number; lesson: string }>("SELECT x.partnership_id AS id, l.title AS lesson FROM lesson_partnerships x JOIN lessons l ON l.id = x.lesson_id WHERE l.audience = 'members' ORDER BY x.lesson_id LIMIT 1");
    holds(chief, "zanthorpe", () => raw().prepare("UPDATE partnerships SET name = 'Zanthorpe Joint Venture' WHERE id = ?").run(link.id));
    expect(titlesFound("zanthorpe")).toContain(link.lesson);
  });

  test("a renamed service area, phase, category or partnership type finds what it labels by its new name", () => {
    const labelled = [
      ["SELECT x.term_id AS id, l.title FROM lesson_service_areas x JOIN lessons l ON l.id = x.lesson_id WHERE l.audience = 'members' ORDER BY l.id LIMIT 1", "wendlebury"],
      ["SELECT phase_id AS id, title FROM lessons WHERE audience = 'members' AND phase_id IS NOT NULL ORDER BY id LIMIT 1", "ormesthwaite"],
      ["SELECT category_id AS id, title FROM templates WHERE audience = 'members' AND withdrawn_at IS NULL AND category_id IS NOT NULL ORDER BY id LIMIT 1", "brackenholme"],
      ["SELECT type_id AS id, name AS title FROM partnerships WHERE type_id IS NOT NULL ORDER BY id LIMIT 1", "thrupwick"],
    ] as const;
    for (const [query, word] of labelled) {
      const row = get<{ id: number; title: string }>(query);
      holds(chief, word, () => raw().prepare("UPDATE terms SET name = ? WHERE id = ?").run(`${word} renamed`, row.id));
      expect(titlesFound(word)).toContain(row.title);
    }
  });
});

describe("the window of 1,000 kept additions", () => {
  test.each([998, 999, 1000, 1001])("a matching post, then %i that do not match", (fillers) => {
    const word = `pillwort${fillers}`;
    const t = thread(chief, "open-discussions", `Pillwort ${fillers}`, word);
    holds(chief, word, () => {
      addPosts(raw(), t.discussionId, chief.id, 1, `${word} again`);
      addPosts(raw(), t.discussionId, chief.id, fillers, "filler");
    });
  });
});

describe("groups far apart", () => {
  test("a thread's matches on either side of a much higher thread's are one group", () => {
    const low = thread(chief, "open-discussions", "Gorse survey", "gorse");
    // The next thread's id is far beyond the room the process's group arrays have yet.
    const discussion = raw().prepare("INSERT INTO discussions (owner_kind, audience) VALUES ('thread', 'members')").run().lastInsertRowid;
    raw()
      .prepare("INSERT INTO threads (id, discussion_id, space_id, kind, title, slug, author_id, last_activity_at, created_at) VALUES (50000, ?, ?, 'question', 'Placeholder', 'placeholder', ?, unixepoch(), unixepoch())")
      .run(discussion, space("open-discussions").id, chief.id);
    const high = thread(chief, "open-discussions", "Gorse plots", "gorse");
    expect(high.id).toBe(50001);
    // Newest first: the low thread's reply an hour on, then the high thread, then the low one's question.
    raw()
      .prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version, created_at) VALUES (?, 2, ?, 'gorse again', '<p>gorse again</p>', 1, unixepoch() + 3600)")
      .run(low.discussionId, chief.id);
    const found = fresh(chief, "gorse");
    expect(found.total).toBe(2);
    expect(found.hits.map((h) => h.split("|")[0] + " " + h.split("|")[3])).toEqual(["Gorse survey more 1", "Gorse plots more 0"]);
  });
});

describe("the row shown for a group", () => {
  test("is its latest matching post, and after an edit the latest that still matches", () => {
    const t = thread(chief, "open-discussions", "Meadow trial", "intro");
    const replies = ["Bistort early", "Bistort late"].map((bodyMd) => {
      const made = discussions.createReply(chief, t.discussionId, { bodyMd, submissionKey: null });
      if (!made.ok) throw new Error(made.reason);
      return made.value.postId as number;
    });
    const shown = () => find(chief, "bistort").hits.find((h) => h.startsWith("Meadow trial|"));
    expect(shown()).toContain(`/posts/${replies[1]}|`);
    holds(chief, "bistort", () => discussions.editPost(chief, replies[1]!, "Nothing to see", ""));
    expect(shown()).toContain(`/posts/${replies[0]}|`);
  });
});

describe("a ranking taking in the rows added since it was made", () => {
  const findAt = (m: Member, q: string, extra: Record<string, string>, page: number) => view(search.searchPage(m, new URLSearchParams({ q, ...extra }), page));
  /** A reply written `days` ago, so that groups' latest matches are in different hours. */
  const oldReply = (discussionId: number, body: string, days: number) =>
    raw()
      .prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version, created_at) VALUES (?, (SELECT max(number) + 1 FROM posts WHERE discussion_id = ?), ?, ?, '<p>x</p>', 1, unixepoch() - ?)")
      .run(discussionId, discussionId, chief.id, body, days * 86400);
  const showsRows = (run: () => unknown) => statementsRun(db(), run).filter((s) => s.includes("ORDER BY search_index.rowid DESC LIMIT 1") || s.includes("SELECT source FROM search_docs WHERE doc ="));

  test("after each batch of posts, wherever they land, it gives what ranking afresh gives: by relevance and by date, on both pages, for both audiences", () => {
    // Titled threads, threads whose old replies match, and threads with no match yet; some
    // policing-only. More groups than a ranking holds (201), so a post can raise one from below.
    const made = Array.from({ length: 230 }, (_, i) => {
      const where = i % 4 === 1 ? "chiefs-and-pccs" : "open-discussions";
      if (i % 3 === 0) {
        // Titled, its title written days ago: by date it falls below newer untitled matches.
        const titled = thread(chief, where, `Wortleberry ${i}`, "intro");
        raw().prepare("UPDATE posts SET created_at = created_at - ? WHERE id = ?").run(i * 86400, titled.firstPostId);
        return titled;
      }
      const t = thread(chief, where, `Moor notes ${i}`, "intro");
      if (i % 3 === 1) oldReply(t.discussionId, "wortleberry seen", i);
      return t;
    });
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const everyView = () => [chief, supplier].flatMap((m) => ["relevance", "newest"].flatMap((sort) => [1, 2].map((page) => findAt(m, "wortleberry", { sort }, page))));
    fresh(chief, "wortleberry");
    for (let round = 0; round < 12; round++) {
      everyView();
      // Every fourth batch lands in more groups than a ranking takes in by itself.
      const posts = round % 4 === 3 ? 12 : 1 + Math.floor(random() * 3);
      for (let i = 0; i < posts; i++) addPosts(raw(), made[Math.floor(random() * made.length)]!.discussionId, chief.id, 1, random() < 0.75 ? "wortleberry again" : "unrelated");
      const cached = everyView();
      raw().prepare("UPDATE search_generation SET n = n + 1, removed = removed + 1").run();
      expect({ round, cached }).toEqual({ round, cached: everyView() });
    }
    expect(findAt(chief, "wortleberry", {}, 1).total).toBeGreaterThan(findAt(supplier, "wortleberry", {}, 1).total);
  });

  test("a post the member may not read leaves their ranking, and the rows its pages show, as they were", () => {
    const open = thread(chief, "open-discussions", "Marshfern survey", "marshfern");
    const closed = thread(chief, "chiefs-and-pccs", "Marshfern board", "marshfern");
    find(supplier, "marshfern");
    addPosts(raw(), closed.discussionId, chief.id, 1, "marshfern again");
    let after: ReturnType<typeof find> | undefined;
    expect(showsRows(() => (after = find(supplier, "marshfern")))).toEqual([]);
    expect(after).toEqual(fresh(supplier, "marshfern"));
    // A post the member may read changes their page: its rows are found again.
    find(supplier, "marshfern");
    addPosts(raw(), open.discussionId, chief.id, 1, "marshfern again");
    expect(showsRows(() => (after = find(supplier, "marshfern")))).not.toEqual([]);
    expect(after!.hits[0]).toContain("more 1");
  });

  test("a ranking made more than an hour ago is made again rather than taking rows in", () => {
    thread(chief, "open-discussions", "Bogmyrtle survey", "bogmyrtle");
    const closed = thread(chief, "chiefs-and-pccs", "Bogmyrtle board", "bogmyrtle");
    find(supplier, "bogmyrtle");
    addPosts(raw(), closed.discussionId, chief.id, 1, "bogmyrtle again");
    const now = Date.now();
    const later = vi.spyOn(Date, "now").mockReturnValue(now + 3601 * 1000);
    try {
      expect(showsRows(() => find(supplier, "bogmyrtle"))).not.toEqual([]);
    } finally {
      later.mockRestore();
    }
  });
});

describe("one read for members of every audience", () => {
  test("a supplier ranks from what a force member's search read, and after a post each takes the rows added since into that read, counting only what they may read", () => {
    const open = thread(chief, "open-discussions", "Sweetgale survey", "sweetgale");
    thread(chief, "chiefs-and-pccs", "Sweetgale for chiefs", "sweetgale");
    const readsEveryMatch = (run: () => unknown) => statementsRun(db(), run).filter((s) => s.includes("group_concat") && s.includes("FROM search_index"));
    expect(find(chief, "sweetgale").total).toBe(2);
    let bySupplier: ReturnType<typeof find> | undefined;
    expect(readsEveryMatch(() => (bySupplier = find(supplier, "sweetgale")))).toEqual([]);
    addPosts(raw(), open.discussionId, chief.id, 1, "sweetgale again");
    let afterPost: ReturnType<typeof find> | undefined;
    const supplierTakesIn = statementsRun(db(), () => (afterPost = find(supplier, "sweetgale")));
    expect(supplierTakesIn.filter((s) => s.includes("group_concat") && s.includes("FROM search_index"))).toEqual([]);
    expect(supplierTakesIn.some((s) => s.includes("FROM search_recent JOIN search_recent_docs"))).toBe(true);
    let byChief: ReturnType<typeof find> | undefined;
    const chiefRanks = statementsRun(db(), () => (byChief = find(chief, "sweetgale")));
    expect(chiefRanks.filter((s) => s.includes("group_concat") && s.includes("FROM search_index"))).toEqual([]);
    expect({ bySupplier: bySupplier!.total, afterPost, byChief }).toEqual({ bySupplier: 1, afterPost: fresh(supplier, "sweetgale"), byChief: fresh(chief, "sweetgale") });
    expect(afterPost!.hits[0]).toContain("more 1");
  });
});

const titles = (q: string) => search.searchPage(chief, new URLSearchParams({ q }), 1).hits.map((h) => h.title);
describe("between processes, and rows that come back", () => {
  test("another process adding rows while a ranking is checked never moves a matching row out of the window unasked", () => {
    const t = thread(chief, "open-discussions", "Adderstongue", "Adderstongue");
    find(chief, "adderstongue");
    // A matching post, then 500 that do not match: the ranking is still within the window.
    addPosts(raw(), t.discussionId, chief.id, 1, "adderstongue reply");
    addPosts(raw(), t.discussionId, chief.id, 500, "filler");
    // Another cluster worker commits 600 more just before this worker reads the index's state.
    const other = new Database(process.env.DATABASE_PATH!);
    try {
      expect(meanwhileBefore("FROM search_recent", () => addPosts(other, t.discussionId, chief.id, 600, "filler"), () => find(chief, "adderstongue")).total).toBe(1);
    } finally {
      other.close();
    }
    // Any later request keeps the ranking too: the matching reply is never counted ("more 0").
    const later = find(chief, "adderstongue");
    expect(later).toEqual(fresh(chief, "adderstongue"));
  });

  test("a row another process adds while a ranking reads its matches is taken in once, when the ranking later takes in the rows added since", () => {
    const t = thread(chief, "open-discussions", "Moonwort", "Moonwort");
    const other = new Database(process.env.DATABASE_PATH!);
    try {
      // Just before this process reads every match of the query.
      meanwhileBefore("FROM search_index WHERE", () => addPosts(other, t.discussionId, chief.id, 1, "moonwort reply"), () => find(chief, "moonwort"));
    } finally {
      other.close();
    }
    const later = find(chief, "moonwort");
    expect(later.hits).toEqual([expect.stringContaining("more 1")]);
    expect(later).toEqual(fresh(chief, "moonwort"));
  });

  test("a thread's first post coming back to the index starts rankings again, as its title weighs the thread without matching", () => {
    // Older thread whose title holds one of the two words; its reply holds both.
    const a = thread(chief, "open-discussions", "Gorsebrake survey", "intro text");
    discussions.createReply(chief, a.discussionId, { bodyMd: "gorsebrake heathrush", submissionKey: null });
    const b = thread(chief, "open-discussions", "Unrelated title", "gorsebrake heathrush");
    expect(titles("gorsebrake heathrush")).toEqual(["Gorsebrake survey", "Unrelated title"]);
    raw().prepare("UPDATE posts SET deleted_at = unixepoch() WHERE id = ?").run(a.firstPostId);
    expect(titles("gorsebrake heathrush")).toEqual(["Unrelated title", "Gorsebrake survey"]);
    // Restored (no path in the app does this today): its row ("Gorsebrake survey" / "intro text") lacks "heathrush".
    holds(chief, "gorsebrake heathrush", () => raw().prepare("UPDATE posts SET deleted_at = NULL WHERE id = ?").run(a.firstPostId));
    expect(b.id).toBeGreaterThan(0);
  });
});

describe("rankings shared between processes", () => {
  /** The search model as another process has it: its own memory and connection, the same files. */
  async function otherProcess() {
    vi.resetModules();
    const other = await import("~/models/search.server");
    const { db: otherDb } = await import("../../db/client.server");
    const find = (q: string, m = chief) => view(other.searchPage(m, new URLSearchParams({ q }), 1));
    // A search of nothing reads the filters' choices, kept from then on: counted statements are the ranking's.
    find("");
    return { db: otherDb(), find, statements: (q: string) => countStatements(otherDb(), () => find(q)) };
  }

  test("a ranking one process made answers the same search in another, unless the index has changed for it since", async () => {
    thread(chief, "open-discussions", "Cloudberry survey", "Cloudberry plots");
    const first = find(chief, "cloudberry");
    const b = await otherProcess();
    const fromShared = countStatements(b.db, () => expect(b.find("cloudberry")).toEqual(first));
    b.db.$client.prepare("UPDATE search_generation SET n = n + 1, removed = removed + 1").run();
    const ranked = b.statements("cloudberry");
    // Read from the other process's ranking: no ranking of its own.
    expect(fromShared).toBeLessThan(ranked);
    // This process ranks after the change; a matching thread added next makes that ranking
    // stale for the other process too, which ranks again and finds it.
    expect(find(chief, "cloudberry").total).toBe(1);
    const c = await otherProcess();
    expect(c.statements("cloudberry")).toBeLessThan(ranked);
    thread(chief, "open-discussions", "Cloudberry jam", "Jam");
    const d = await otherProcess();
    expect(d.find("cloudberry")).toEqual(fresh(chief, "cloudberry"));
    expect(d.find("cloudberry").total).toBe(2);
  });

  test("a process that takes another's ranking after a post keeps what it read, and takes in the rows added at the next", async () => {
    const t = thread(chief, "open-discussions", "Marsh cinquefoil survey", "cinquefoil");
    find(chief, "cinquefoil");
    addPosts(raw(), t.discussionId, chief.id, 1, "cinquefoil again");
    // The other process comes to the change first, ranks and shares; this one takes its ranking.
    const b = await otherProcess();
    expect(b.find("cinquefoil").total).toBe(1);
    const taken = statementsRun(db(), () => find(chief, "cinquefoil"));
    expect(taken.some((s) => s.includes("group_concat"))).toBe(false);
    addPosts(raw(), t.discussionId, chief.id, 1, "cinquefoil once more");
    const sources = statementsRun(db(), () => expect(find(chief, "cinquefoil")).toEqual(fresh(chief, "cinquefoil")));
    // The statements before the fresh ranking's: this process's own answer, from what it kept.
    const own = sources.slice(0, sources.findIndex((s) => s.includes("UPDATE search_generation")));
    expect(own.some((s) => s.includes("group_concat") && s.includes("FROM search_index"))).toBe(false);
    expect(own.some((s) => s.includes("FROM search_recent JOIN search_recent_docs"))).toBe(true);
  });

  test("a process ranks a query another process read, for a member of another audience, from that read: at once, and after a post with the rows added since", async () => {
    const t = thread(chief, "open-discussions", "Bog rosemary survey", "andromeda");
    thread(chief, "chiefs-and-pccs", "Bog rosemary for chiefs", "andromeda");
    expect(find(chief, "andromeda").total).toBe(2);
    const everyMatch = (s: string) => s.includes("group_concat") && s.includes("FROM search_index");
    const b = await otherProcess();
    let first: ReturnType<typeof find> | undefined;
    expect(statementsRun(b.db, () => (first = b.find("andromeda", supplier))).filter(everyMatch)).toEqual([]);
    addPosts(raw(), t.discussionId, chief.id, 1, "andromeda again");
    const c = await otherProcess();
    let afterPost: ReturnType<typeof find> | undefined;
    const taking = statementsRun(c.db, () => (afterPost = c.find("andromeda", supplier)));
    expect(taking.filter(everyMatch)).toEqual([]);
    expect(taking.some((s) => s.includes("FROM search_recent JOIN search_recent_docs"))).toBe(true);
    expect({ first: first!.total, afterPost }).toEqual({ first: 1, afterPost: fresh(supplier, "andromeda") });
    expect(afterPost!.hits[0]).toContain("more 1");
  });

  test("a read another process shares of a later state than a ranking's own snapshot is not taken: its rows are taken in once", async () => {
    const t = thread(chief, "open-discussions", "Sundew survey", "sundew");
    const b = await otherProcess();
    // As this process looks for another's read, the other adds a matching post, ranks and shares.
    const meanwhile = () => {
      addPosts(b.db.$client, t.discussionId, chief.id, 1, "sundew reply");
      b.find("sundew", supplier);
    };
    expect(meanwhileBefore("FROM reads", meanwhile, () => find(supplier, "sundew")).total).toBe(1);
    const later = find(supplier, "sundew");
    expect(later.hits).toEqual([expect.stringContaining("more 1")]);
    expect(later).toEqual(fresh(supplier, "sundew"));
  });

  test("a ranking that took in only rows the member may not read is shared at the index's state now, so another process answers from it", async () => {
    const closed = thread(chief, "chiefs-and-pccs", "Crakeberry board", "crakeberry");
    thread(chief, "open-discussions", "Crakeberry survey", "crakeberry");
    find(supplier, "crakeberry");
    addPosts(raw(), closed.discussionId, chief.id, 1, "crakeberry again");
    const taken = find(supplier, "crakeberry");
    const b = await otherProcess();
    let fromShared: ReturnType<typeof find> | undefined;
    const asked = statementsRun(b.db, () => (fromShared = b.find("crakeberry", supplier)));
    expect(asked.filter((s) => s.includes("FROM search_recent JOIN search_recent_docs"))).toEqual([]);
    expect(fromShared).toEqual(taken);
  });

  test("a server starting forgets the rankings its last run shared", async () => {
    thread(chief, "open-discussions", "Crowberry survey", "Crowberry plots");
    find(chief, "crowberry");
    const b = await otherProcess();
    const fromShared = b.statements("crowberry");
    forgetSharedRankings(process.env.DATABASE_PATH!);
    const c = await otherProcess();
    expect(c.statements("crowberry")).toBeGreaterThan(fromShared);
  });
});
