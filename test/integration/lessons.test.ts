import type Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { expectTitlesInStep } from "../helpers/search-index";
import { signIn, type Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let sqlite: Database.Database;
let chief: Visitor;
let pcc: Visitor;
let lead: Visitor;
let supplier: Visitor;
beforeAll(async () => {
  server = await startTestServer();
  sqlite = openDb(server);
  [chief, pcc, lead, supplier] = await Promise.all([
    signIn(server, "chief@cleveland-police.example"),
    signIn(server, "pcc@cleveland-pcc.example"),
    signIn(server, "lead@homeoffice.example"),
    signIn(server, "supplier@steria.example"),
  ]);
});
afterAll(async () => {
  sqlite?.close();
  await server?.stop();
});

const one = <T>(query: string, ...args: unknown[]) => sqlite.prepare(query).get(...args) as T;
const count = (query: string, ...args: unknown[]) => one<{ n: number }>(query, ...args).n;
const partnershipId = (slug: string) => one<{ id: number }>("SELECT id FROM partnerships WHERE slug = ?", slug).id;
const termId = (vocabulary: string, slug: string) => one<{ id: number }>("SELECT id FROM terms WHERE vocabulary = ? AND slug = ?", vocabulary, slug).id;

/** Posts a form with repeated fields (checkboxes), as a browser without JavaScript would. */
async function postForm(visitor: Visitor, url: string, form: URLSearchParams) {
  const res = await fetch(server.url + url, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    body: form.toString(),
  });
  return res;
}

type LessonFields = {
  title?: string;
  summary?: string;
  partnerships?: (string | number)[];
  phase?: string | number;
  areas?: string[];
  outcome?: string;
  audience?: string;
  context?: string;
  worked?: string;
  didNotWork?: string;
  recommendation?: string;
  intent?: string;
};

/** The lesson form; partnerships and areas are slugs (or raw values when numbers or not known). */
function lessonForm(fields: LessonFields) {
  const form = new URLSearchParams();
  const set = (name: string, value: string | undefined) => value !== undefined && form.set(name, value);
  set("title", fields.title);
  set("summary", fields.summary);
  for (const p of fields.partnerships ?? []) form.append("partnerships", typeof p === "number" ? String(p) : /^[a-z]/.test(p) ? String(partnershipId(p)) : p);
  set("phase", fields.phase === undefined ? undefined : typeof fields.phase === "number" ? String(fields.phase) : String(termId("lesson_phase", fields.phase)));
  for (const a of fields.areas ?? []) form.append("serviceAreas", String(termId("service_area", a)));
  set("outcome", fields.outcome);
  set("audience", fields.audience);
  set("context", fields.context ?? "");
  set("worked", fields.worked ?? "");
  set("didNotWork", fields.didNotWork ?? "");
  set("recommendation", fields.recommendation);
  form.set("intent", fields.intent ?? "publish");
  return form;
}

const complete = (overrides: LessonFields = {}): LessonFields => ({
  title: `A lesson ${randomUUID().slice(0, 8)}`,
  summary: "A short summary of the lesson.",
  partnerships: ["cheshire-capgemini-mfss"],
  phase: "procurement",
  areas: [],
  outcome: "mixed",
  audience: "members",
  recommendation: "Do the thing earlier.",
  ...overrides,
});

async function writeLesson(visitor: Visitor, fields: LessonFields) {
  const res = await postForm(visitor, "/lessons/new", lessonForm(fields));
  if (res.status !== 302) throw new Error(`writing a lesson failed: ${res.status}\n${(await res.text()).slice(0, 800)}`);
  const url = res.headers.get("location")!;
  return { url, id: Number(/^\/lessons\/(\d+)$/.exec(url)![1]) };
}

const page = async (v: Visitor, url: string) => {
  const res = await v.get(url);
  return { status: res.status, html: await res.text() };
};

/** The options of a facet's select: value → count. */
function facetOptions(html: string, facet: string) {
  const select = new RegExp(`<select[^>]*name="${facet}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (!select) throw new Error(`no ${facet} filter on the page`);
  return new Map([...select[1]!.matchAll(/<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)<\/option>/g)].map((m) => [m[1]!, Number(m[2])]));
}

function resultTotal(html: string) {
  const match = /id="results-heading"[^>]*>(\d+) lessons?</.exec(html);
  if (!match) throw new Error("no results heading");
  return Number(match[1]);
}

const resultCount = (html: string) => (html.match(/class="app-thread-list__item"/g) ?? []).length;

describe("writing a lesson", () => {
  test("a chief writes a lesson linked to two partnerships; its sections are rendered at write time and shown", async () => {
    const { url, id } = await writeLesson(chief, {
      title: "Agree exit data formats before contract signature",
      summary: "Exit went better where data formats were agreed up front.",
      partnerships: ["cheshire-capgemini-mfss", "lincolnshire-g4s"],
      phase: "exit-and-re-procurement",
      areas: ["ict", "payroll"],
      outcome: "worked_well",
      audience: "members",
      context: "We had **two** partnerships ending.",
      worked: "- A joint _data_ team",
      didNotWork: "Late starts.",
      recommendation: "Write a [handback schedule](https://example.org/guide) on day one.",
    });
    expect(count("SELECT count(*) AS n FROM lesson_partnerships WHERE lesson_id = ?", id)).toBe(2);
    expect(count("SELECT count(*) AS n FROM lesson_service_areas WHERE lesson_id = ?", id)).toBe(2);
    const row = one<{ context_html: string; render_version: number; owner_kind: string; daudience: string }>(
      "SELECT l.context_html, l.render_version, d.owner_kind, d.audience AS daudience FROM lessons l JOIN discussions d ON d.id = l.discussion_id WHERE l.id = ?",
      id,
    );
    expect(row.context_html).toBe("<p>We had <strong>two</strong> partnerships ending.</p>");
    expect(row.render_version).toBeGreaterThan(0);
    expect(row.owner_kind).toBe("lesson");
    expect(row.daudience).toBe("members");

    const { status, html } = await page(pcc, url);
    expect(status).toBe(200);
    expect(html).toContain("Agree exit data formats before contract signature");
    expect(html).toContain("<p>We had <strong>two</strong> partnerships ending.</p>");
    expect(html).toContain("<em>data</em>");
    expect(html).toMatch(/<h2[^>]*>Context<\/h2>[\s\S]*<h2[^>]*>What worked<\/h2>[\s\S]*<h2[^>]*>What did not work<\/h2>[\s\S]*<h2[^>]*>Recommendation<\/h2>/);
    expect(html).toContain('href="https://example.org/guide" rel="nofollow ugc noopener"');
    expect(html).toContain('href="/partnerships/cheshire-capgemini-mfss"');
    expect(html).toContain('href="/partnerships/lincolnshire-g4s"');
    expect(html).toContain("Worked well");
    expect(html).toContain("Exit and re-procurement");
    expect(html).toContain("Casey Chief (demo)");
    expect(html).not.toContain("This is a demo lesson");
    expect(html).not.toContain("Edit this lesson");
    expect((await page(chief, url)).html).toContain("Edit this lesson");
  });

  test("Preview renders every section and writes nothing", async () => {
    const before = count("SELECT count(*) AS n FROM lessons");
    const res = await postForm(chief, "/lessons/new", lessonForm(complete({ context: "Some *context*", recommendation: "A **strong** recommendation", intent: "preview" })));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<p>Some <em>context</em></p>");
    expect(html).toContain("<p>A <strong>strong</strong> recommendation</p>");
    expect(count("SELECT count(*) AS n FROM lessons")).toBe(before);
  });

  test("the demo lessons are marked as fictional", async () => {
    const id = one<{ id: number }>("SELECT id FROM lessons WHERE is_demo = 1 AND audience = 'members' ORDER BY id LIMIT 1").id;
    const { html } = await page(pcc, `/lessons/${id}`);
    expect(html).toContain("This is a demo lesson: fictional, not a real force&#x27;s experience");
    expect((await page(pcc, "/lessons")).html).toContain("Demo (fictional)");
  });
});

describe("bad input", () => {
  test("an empty form gets a message for every required field, and nothing is written", async () => {
    const before = count("SELECT count(*) AS n FROM lessons");
    const res = await postForm(chief, "/lessons/new", new URLSearchParams({ intent: "publish" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const message of [
      "Enter a title",
      "Enter a summary",
      "Select at least one partnership this lesson is about",
      "Select the phase this lesson is about",
      "Select whether it worked well, was mixed or did not work",
      "Select who can read this lesson",
      "Enter your recommendation",
    ])
      expect(html, message).toContain(message);
    expect(html).toContain("<title>Error: ");
    expect(count("SELECT count(*) AS n FROM lessons")).toBe(before);
  });

  test.each([
    ["no partnership", { partnerships: [] }, "Select at least one partnership this lesson is about"],
    ["an unknown partnership", { partnerships: [999999] }, "Select partnerships from the list"],
    ["a partnership id that is not a number", { partnerships: ["1x"] }, "Select partnerships from the list"],
    ["an overlong summary", { summary: "s".repeat(281) }, "Summary must be 280 characters or fewer"],
    ["a short title", { title: "Tiny" }, "Title must be 5 characters or more"],
    ["an overlong section", { context: "c".repeat(20_001) }, "Context must be 20,000 characters or fewer"],
    ["an unknown phase", { phase: 999999 }, "Select the phase this lesson is about"],
  ] as [string, LessonFields, string][])("%s is refused with a message, the values kept and nothing written", async (_name, overrides, message) => {
    const before = count("SELECT count(*) AS n FROM lessons");
    const fields = complete({ title: `Kept title ${randomUUID().slice(0, 6)}`, summary: "Kept summary text", ...overrides });
    const res = await postForm(chief, "/lessons/new", lessonForm(fields));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain(fields.summary!.slice(0, 50));
    expect(html).toContain(`value="${fields.title}"`);
    expect(html).toContain("Do the thing earlier.");
    expect(count("SELECT count(*) AS n FROM lessons")).toBe(before);
  });

  test("unknown and malformed lesson ids are 404", async () => {
    expect((await chief.get("/lessons/999999")).status).toBe(404);
    expect((await chief.get("/lessons/abc")).status).toBe(404);
    expect((await chief.get("/lessons/1.5")).status).toBe(404);
    expect((await chief.get("/lessons/999999/edit")).status).toBe(404);
  });
});

describe("browsing and filtering", () => {
  let custody: number;
  beforeAll(async () => {
    // Two lessons whose facets differ from each other and from the demo lessons.
    custody = (await writeLesson(chief, complete({ title: "Custody nurse cover at weekends", partnerships: ["cleveland-reliance-custody", "lincolnshire-g4s"], phase: "contract-and-mobilisation", areas: ["custody", "forensic-medical-services"], outcome: "worked_well" }))).id;
    await writeLesson(pcc, complete({ title: "Fleet telematics data ownership", partnerships: ["avon-and-somerset-southwest-one"], phase: "business-case", areas: ["fleet"], outcome: "did_not_work" }));
  });

  const FILTERS: [string, string][] = [
    ["area", "custody"],
    ["phase", "contract-and-mobilisation"],
    ["type", "custody-partnering"],
    ["outcome", "worked_well"],
    ["force", "lincolnshire"],
    ["supplier", "reliance"],
    ["partnership", "cleveland-reliance-custody"],
  ];

  test.each(FILTERS)("filtering by %s shows the matching lessons, and its count equals the results", async (facet, value) => {
    const { status, html } = await page(pcc, `/lessons?${facet}=${value}`);
    expect(status).toBe(200);
    const total = resultTotal(html);
    expect(total).toBeGreaterThan(0);
    expect(facetOptions(html, facet).get(value)).toBe(total);
    expect(resultCount(html)).toBe(total);
    expect(html).toContain("Custody nurse cover at weekends");
    expect(html).not.toContain("Fleet telematics data ownership");
  });

  test("a listed lesson names its partnerships, by name, on the lessons page and the home page", async () => {
    const names = ["cleveland-reliance-custody", "lincolnshire-g4s"].map((slug) => ({ slug, name: one<{ name: string }>("SELECT name FROM partnerships WHERE slug = ?", slug).name }));
    const inOrder = [...names].sort((a, b) => a.name.localeCompare(b.name));
    const about = inOrder.map((p) => `<a data-app-link="" class="govuk-link" href="/partnerships/${p.slug}">${p.name.replace(/&/g, "&amp;")}</a>`).join("</span><span>; ");
    for (const url of ["/lessons", "/"]) {
      const { status, html } = await page(pcc, url);
      expect(status, url).toBe(200);
      const at = html.indexOf("Custody nurse cover at weekends");
      expect(at, url).toBeGreaterThan(0);
      expect(html.slice(at, html.indexOf("</li>", at)), url).toContain(about);
    }
  });

  test("filters combine, and every facet count equals the results of choosing that value", async () => {
    const base = "area=custody&outcome=worked_well";
    const { html } = await page(pcc, `/lessons?${base}`);
    expect(resultTotal(html)).toBeGreaterThan(0);
    for (const facet of ["area", "phase", "type", "outcome", "force", "supplier", "partnership"]) {
      for (const [value, n] of facetOptions(html, facet)) {
        const params = new URLSearchParams(base);
        params.set(facet, value);
        const filtered = await page(pcc, `/lessons?${params}`);
        expect(resultTotal(filtered.html), `${facet}=${value}`).toBe(n);
      }
    }
  });

  test("an unknown filter value is ignored rather than hiding everything", async () => {
    const all = resultTotal((await page(pcc, "/lessons")).html);
    expect(resultTotal((await page(pcc, "/lessons?area=no-such-area&force=nowhere")).html)).toBe(all);
  });

  test("marking useful counts once per member and never one's own; most useful sorts first", async () => {
    const older = await writeLesson(chief, complete({ title: "Useful sort: the older, more useful lesson", partnerships: ["west-midlands-surrey-paragon"], outcome: "worked_well" }));
    const newer = await writeLesson(chief, complete({ title: "Useful sort: the newer, less useful lesson", partnerships: ["west-midlands-surrey-paragon"], outcome: "worked_well" }));
    expect((await pcc.post(older.url, { intent: "useful" })).status).toBe(302);
    await pcc.post(older.url, { intent: "useful" });
    await lead.post(older.url, { intent: "useful" });
    const own = await chief.post(older.url, { intent: "useful" });
    expect(own.status).toBe(403);
    expect(count("SELECT useful_count AS n FROM lessons WHERE id = ?", older.id)).toBe(2);
    expect(count("SELECT count(*) AS n FROM lesson_useful_marks WHERE lesson_id = ?", older.id)).toBe(2);
    expect((await page(pcc, older.url)).html).toContain("2 members found this useful.");
    expect((await page(pcc, older.url)).html).toContain("You marked this lesson as useful.");

    const filter = "partnership=west-midlands-surrey-paragon&outcome=worked_well";
    const newest = (await page(pcc, `/lessons?${filter}`)).html;
    expect(newest.indexOf(newer.url + '"')).toBeLessThan(newest.indexOf(older.url + '"'));
    const useful = (await page(pcc, `/lessons?${filter}&sort=useful`)).html;
    expect(useful.indexOf(older.url + '"')).toBeLessThan(useful.indexOf(newer.url + '"'));
    expect(custody).toBeGreaterThan(0);
  });
});

describe("a lesson's discussion", () => {
  test("a reply with a mention notifies the mentioned member, and /posts/<id> leads to the lesson", async () => {
    const lesson = await writeLesson(chief, complete({ title: "Discussion lesson on shared service exit" }));
    const res = await supplier.post(lesson.url, { intent: "reply", body: "Good points. @demo-pcc you may want this for the panel.", submissionKey: randomUUID() });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${lesson.url}#post-1`);
    const post = one<{ id: number }>("SELECT p.id FROM posts p JOIN lessons l ON l.discussion_id = p.discussion_id WHERE l.id = ? ORDER BY p.number DESC", lesson.id);
    expect(count("SELECT count(*) AS n FROM notifications WHERE kind = 'mention' AND post_id = ? AND user_id = (SELECT id FROM users WHERE handle = 'demo-pcc')", post.id)).toBe(1);
    // The author watches their lesson, so they hear about replies.
    expect(count("SELECT count(*) AS n FROM notifications WHERE kind = 'reply' AND post_id = ? AND user_id = (SELECT id FROM users WHERE handle = 'demo-chief')", post.id)).toBe(1);
    const link = await pcc.get(`/posts/${post.id}`);
    expect(link.status).toBe(302);
    expect(link.headers.get("location")).toBe(`/lessons/${lesson.id}#post-1`);
    const html = (await page(pcc, lesson.url)).html;
    expect(html).toContain('href="/members/demo-pcc"');
    expect(html).toContain("Discussion: 1 reply");
  });
});

describe("policing-only lessons", () => {
  test("a supplier never sees one: not listed, not counted, 404 on its page, its reply and its edit form", async () => {
    const lesson = await writeLesson(chief, complete({ title: "Policing only: custody re-procurement options", partnerships: ["cleveland-reliance-custody"], areas: ["custody"], audience: "policing" }));
    const reply = await chief.post(lesson.url, { intent: "reply", body: "A policing-only reply", submissionKey: randomUUID() });
    expect(reply.status).toBe(302);
    const replyId = one<{ id: number }>("SELECT p.id FROM posts p JOIN lessons l ON l.discussion_id = p.discussion_id WHERE l.id = ?", lesson.id).id;

    const asChief = (await page(chief, "/lessons?partnership=cleveland-reliance-custody")).html;
    const asSupplier = (await page(supplier, "/lessons?partnership=cleveland-reliance-custody")).html;
    expect(asChief).toContain("Policing only: custody re-procurement options");
    expect(asSupplier).not.toContain("Policing only: custody re-procurement options");
    // The home page's newest lessons, too.
    expect((await page(chief, "/")).html).toContain("Policing only: custody re-procurement options");
    expect((await page(supplier, "/")).html).not.toContain("Policing only: custody re-procurement options");
    const policing = count("SELECT count(*) AS n FROM lessons l JOIN lesson_partnerships lp ON lp.lesson_id = l.id WHERE l.audience = 'policing' AND lp.partnership_id = ?", partnershipId("cleveland-reliance-custody"));
    expect(resultTotal(asChief) - resultTotal(asSupplier)).toBe(policing);
    expect(facetOptions(asChief, "partnership").get("cleveland-reliance-custody")! - (facetOptions(asSupplier, "partnership").get("cleveland-reliance-custody") ?? 0)).toBe(policing);
    expect(facetOptions(asChief, "area").get("custody")! - facetOptions(asSupplier, "area").get("custody")!).toBe(
      count("SELECT count(*) AS n FROM lessons l WHERE l.audience = 'policing' AND l.id IN (SELECT lesson_id FROM lesson_partnerships WHERE partnership_id = ?) AND l.id IN (SELECT lesson_id FROM lesson_service_areas WHERE term_id = ?)", partnershipId("cleveland-reliance-custody"), termId("service_area", "custody")),
    );
    const allChief = (await page(chief, "/lessons")).html;
    const allSupplier = (await page(supplier, "/lessons")).html;
    expect(resultTotal(allChief) - resultTotal(allSupplier)).toBe(count("SELECT count(*) AS n FROM lessons WHERE audience = 'policing'"));

    expect((await supplier.get(lesson.url)).status).toBe(404);
    expect((await supplier.get(`/posts/${replyId}`)).status).toBe(404);
    expect((await supplier.get(`${lesson.url}/edit`)).status).toBe(404);
    expect((await supplier.post(lesson.url, { intent: "reply", body: "Let me in", submissionKey: randomUUID() })).status).toBe(404);
    expect((await supplier.post(lesson.url, { intent: "useful" })).status).toBe(404);
    expect(count("SELECT count(*) AS n FROM posts WHERE body_md = 'Let me in'")).toBe(0);
  });

  test("a supplier can only write lessons for all members", async () => {
    const page1 = await page(supplier, "/lessons/new");
    expect(page1.html).not.toContain('value="policing"');
    const res = await postForm(supplier, "/lessons/new", lessonForm(complete({ audience: "policing" })));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Suppliers can share lessons with all members only");
    const ok = await writeLesson(supplier, complete({ title: "A supplier's lesson on mobilisation" }));
    expect((await page(chief, ok.url)).html).toContain("Sam Supplier (demo)");
  });
});

describe("editing and live procurement", () => {
  test("another member cannot edit a lesson; its author can", async () => {
    const lesson = await writeLesson(chief, complete({ title: "Editable lesson on benchmarking" }));
    expect((await pcc.get(`${lesson.url}/edit`)).status).toBe(403);
    expect((await postForm(pcc, `${lesson.url}/edit`, lessonForm(complete({ title: "Hijacked title" })))).status).toBe(403);
    const saved = await postForm(chief, `${lesson.url}/edit`, lessonForm(complete({ title: "Edited lesson on benchmarking", recommendation: "A **new** recommendation" })));
    expect(saved.status).toBe(302);
    const html = (await page(pcc, lesson.url)).html;
    expect(html).toContain("Edited lesson on benchmarking");
    expect(html).toContain("A <strong>new</strong> recommendation");
    expectTitlesInStep(server);
  });

  test("linking a lesson to a partnership in procurement puts its readable replies in the record; narrowing it adds, never removes", async () => {
    const slug = "cleveland-reliance-custody";
    const original = one<{ status: string | null }>("SELECT status FROM partnerships WHERE slug = ?", slug).status;
    const fields = complete({ title: "Lesson linked during a procurement" });
    const lesson = await writeLesson(chief, fields);
    expect((await supplier.post(lesson.url, { intent: "reply", body: "Our view from the supplier side.", submissionKey: randomUUID() })).status).toBe(302);
    sqlite.prepare("UPDATE partnerships SET status = 'in-procurement' WHERE slug = ?").run(slug);
    const record = async () => (await (await chief.get(`/partnerships/${slug}/engagement.csv`)).text()).split("\r\n").filter((r) => r.includes("Lesson linked during a procurement"));
    try {
      expect(await record()).toEqual([]);
      expect((await postForm(chief, `${lesson.url}/edit`, lessonForm({ ...fields, partnerships: ["cheshire-capgemini-mfss", slug] }))).status).toBe(302);
      const linked = await record();
      expect(linked).toHaveLength(1);
      expect(linked[0]).toContain(",linked,lesson,");
      expect(linked[0]).toContain("Our view from the supplier side.");
      expect((await postForm(chief, `${lesson.url}/edit`, lessonForm({ ...fields, partnerships: [slug], audience: "policing" }))).status).toBe(302);
      const narrowed = await record();
      expect(narrowed).toHaveLength(2);
      expect(narrowed[0]).toBe(linked[0]);
      expect(narrowed[1]).toContain(",narrowed,lesson,");
    } finally {
      sqlite.prepare("UPDATE partnerships SET status = ? WHERE slug = ?").run(original, slug);
    }
  });

  test("a policing-only lesson about a partnership in procurement cannot be widened until the procurement ends", async () => {
    const slug = "cleveland-reliance-custody";
    const original = one<{ status: string | null }>("SELECT status FROM partnerships WHERE slug = ?", slug).status;
    const fields = complete({ title: "Widening test lesson", partnerships: [slug], audience: "policing" });
    const lesson = await writeLesson(chief, fields);
    sqlite.prepare("UPDATE partnerships SET status = 'in-procurement' WHERE slug = ?").run(slug);
    try {
      const refused = await postForm(chief, `${lesson.url}/edit`, lessonForm({ ...fields, audience: "members" }));
      expect(refused.status).toBe(400);
      const html = await refused.text();
      expect(html).toContain("This lesson is about a partnership in procurement, so it must stay policing only until the procurement ends");
      expect(one<{ a: string; d: string }>("SELECT l.audience AS a, d.audience AS d FROM lessons l JOIN discussions d ON d.id = l.discussion_id WHERE l.id = ?", lesson.id)).toEqual({ a: "policing", d: "policing" });

      const supplierRefused = await postForm(supplier, "/lessons/new", lessonForm(complete({ title: "Supplier lesson during procurement", partnerships: [slug] })));
      expect(supplierRefused.status).toBe(400);
      expect(await supplierRefused.text()).toContain("Lessons about a partnership in procurement can be written by the policing side only until the procurement ends");
      expect(count("SELECT count(*) AS n FROM lessons WHERE title = 'Supplier lesson during procurement'")).toBe(0);

      sqlite.prepare("UPDATE partnerships SET status = 'ended' WHERE slug = ?").run(slug);
      const widened = await postForm(chief, `${lesson.url}/edit`, lessonForm({ ...fields, audience: "members" }));
      expect(widened.status).toBe(302);
      expect(one<{ a: string; d: string }>("SELECT l.audience AS a, d.audience AS d FROM lessons l JOIN discussions d ON d.id = l.discussion_id WHERE l.id = ?", lesson.id)).toEqual({ a: "members", d: "members" });
      expect((await supplier.get(lesson.url)).status).toBe(200);
    } finally {
      sqlite.prepare("UPDATE partnerships SET status = ? WHERE slug = ?").run(original, slug);
    }
  });
});

describe("forms offer each member the choices the rules allow", () => {
  test("a supplier writes for all members, cannot pick a partnership in procurement and declares an interest; the policing side chooses", async () => {
    const page = async (visitor: Visitor, url: string) => {
      const res = await visitor.get(url);
      expect(res.status, url).toBe(200);
      return res.text();
    };
    const supplierLesson = await page(supplier, "/lessons/new");
    expect(supplierLesson).toContain("Every member can read your lesson, suppliers included.");
    expect(supplierLesson).not.toContain("Who can read this lesson?");
    expect(supplierLesson).toContain("can be written by the policing side only until the procurement ends");
    const chiefLesson = await page(chief, "/lessons/new");
    expect(chiefLesson).toContain("Who can read this lesson?");
    expect(chiefLesson).not.toContain("can be written by the policing side only until the procurement ends");

    const supplierTemplate = await page(supplier, "/library/new");
    expect(supplierTemplate).toContain("Every member can see templates added by suppliers");
    expect(supplierTemplate).toContain("Partnerships in procurement cannot be chosen by suppliers.");
    const chiefTemplate = await page(chief, "/library/new");
    expect(chiefTemplate).toContain("Who can see it");
    expect(chiefTemplate).toContain("keeps a policing-only template policing-only");

    expect(await page(supplier, "/spaces/open-discussions/new")).toContain("Your organisation&#x27;s interest");
    expect(await page(chief, "/spaces/open-discussions/new")).not.toContain("Your organisation&#x27;s interest");
  });
});
