/**
 * The content version behind kept lists (migration 0021, app/models/kept-lists.server.ts): every
 * write to a table a kept list reads moves it, a member's own reading state does not, and a kept
 * list is read again once it has moved.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { countStatements, demoDatabase, memberFor } from "../helpers/in-process";

const db = await demoDatabase("kept-lists");
const { keptList } = await import("~/models/kept-lists.server");
const { getMember } = await import("~/auth/member.server");
const { startSession } = await import("~/auth/session.server");
const forum = await import("~/models/forum.server");
type Member = import("~/auth/policy/index.server").Member;

const version = () => db().$client.prepare("SELECT n FROM content_version").pluck().get() as number;
const run = (source: string, ...params: unknown[]) => db().$client.prepare(source).run(...params);
const one = (source: string) => db().$client.prepare(source).pluck().get() as number;

let chief: Member;
beforeAll(() => {
  chief = memberFor(db(), "chief@cleveland-police.example");
});

describe("the content version", () => {
  test("moves with every write to a table the kept lists read", () => {
    const thread = one("SELECT id FROM threads ORDER BY id LIMIT 1");
    const discussion = one("SELECT discussion_id FROM threads ORDER BY id LIMIT 1");
    const writes: [string, () => unknown][] = [
      ["threads", () => run("UPDATE threads SET title = title || '.' WHERE id = ?", thread)],
      ["discussions", () => run("UPDATE discussions SET is_locked = is_locked WHERE id = ?", discussion)],
      ["spaces", () => run("UPDATE spaces SET name = name WHERE id = (SELECT min(id) FROM spaces)")],
      ["organisations", () => run("UPDATE organisations SET name = name WHERE id = (SELECT min(id) FROM organisations)")],
      ["users' names", () => run("UPDATE users SET name = name WHERE id = ?", chief.id)],
      ["terms", () => run("UPDATE terms SET name = name WHERE id = (SELECT min(id) FROM terms)")],
      ["thread service areas", () => run("DELETE FROM thread_service_areas WHERE rowid = (SELECT min(rowid) FROM thread_service_areas)")],
      ["thread partnerships", () => run("INSERT INTO thread_partnerships (thread_id, partnership_id) SELECT t.id, (SELECT min(id) FROM partnerships) FROM threads t WHERE t.id NOT IN (SELECT thread_id FROM thread_partnerships) LIMIT 1")],
      ["lessons", () => run("UPDATE lessons SET title = title WHERE id = (SELECT min(id) FROM lessons)")],
      ["lesson partnerships", () => run("DELETE FROM lesson_partnerships WHERE rowid = (SELECT min(rowid) FROM lesson_partnerships)")],
      ["partnerships", () => run("UPDATE partnerships SET name = name WHERE id = (SELECT min(id) FROM partnerships)")],
      ["templates", () => run("UPDATE templates SET download_count = download_count + 1 WHERE id = (SELECT min(id) FROM templates)")],
      ["template versions", () => run("UPDATE template_versions SET changelog = changelog WHERE rowid = (SELECT min(rowid) FROM template_versions)")],
    ];
    for (const [table, write] of writes) {
      const before = version();
      write();
      expect(version(), table).toBeGreaterThan(before);
    }
  });

  test("every trigger that moves it is in place after all migrations (a table rebuilt by a later migration loses its triggers)", () => {
    const tables = ["threads", "discussions", "spaces", "organisations", "terms", "thread_service_areas", "thread_partnerships", "lessons", "lesson_partnerships", "partnerships", "templates", "template_versions"];
    const expected = [...tables.flatMap((t) => ["ai", "au", "ad"].map((e) => `content_version_${t}_${e}`)), "content_version_users_au", "content_version_users_ad"].sort();
    const found = db().$client.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'content_version_%' ORDER BY name").pluck().all();
    expect(found).toEqual(expected);
  });

  test("stays put for a member's own reading, their password and sessions", async () => {
    const before = version();
    const discussion = one("SELECT discussion_id FROM threads ORDER BY id LIMIT 1");
    run("INSERT INTO read_positions (user_id, discussion_id, last_read_number) VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET last_read_number = 1", chief.id, discussion);
    run("UPDATE notifications SET read_at = unixepoch() WHERE user_id = ?", chief.id);
    run("UPDATE users SET password_hash = password_hash WHERE id = ?", chief.id);
    await startSession(chief.id, { ip: "127.0.0.1", userAgent: "kept-lists", isSignInComplete: true });
    expect(version()).toBe(before);
  });
});

describe("keptList", () => {
  test("runs a statement once while the version stands, and again once it moves", () => {
    let reads = 0;
    const list = () => keptList(chief, "SELECT title FROM threads ORDER BY id", [], () => (reads++, db().$client.prepare("SELECT title FROM threads ORDER BY id").all() as { title: string }[]));
    const first = list();
    expect(list()).toBe(first);
    expect(reads).toBe(1);
    expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
    run("UPDATE threads SET title = 'Renamed for the kept list' WHERE id = (SELECT min(id) FROM threads)");
    expect(list()[0]!.title).toBe("Renamed for the kept list");
    expect(reads).toBe(2);
  });

  test("different parameters, or a different statement, are different lists", () => {
    const a = keptList<{ v: number }>(chief, "SELECT ? AS v", [1]);
    const b = keptList<{ v: number }>(chief, "SELECT ? AS v", [2]);
    const c = keptList<{ v: number }>(chief, "SELECT ? + 2 AS v", [1]);
    expect([a[0]!.v, b[0]!.v, c[0]!.v]).toEqual([1, 2, 3]);
  });

  test("inside a transaction that is rolled back, what was read is not kept", () => {
    const list = () => keptList<{ title: string }>(chief, "SELECT title FROM threads WHERE id = (SELECT min(id) FROM threads)", []);
    const before = list()[0]!.title;
    const attempt = db().$client.transaction(() => {
      run("UPDATE threads SET title = 'Rolled back' WHERE id = (SELECT min(id) FROM threads)");
      expect(list()[0]!.title).toBe("Rolled back");
      throw new Error("roll back");
    });
    expect(() => attempt()).toThrow("roll back");
    expect(list()[0]!.title).toBe(before);
  });

  test("a page's request reads the version with its session; a form's action leaves its page to read it afresh", async () => {
    const cookie = (await startSession(chief.id, { ip: "127.0.0.1", userAgent: "kept-lists", isSignInComplete: true })).split(";")[0]!;
    const request = (method: string) => new Request("http://localhost/", { method, headers: { Cookie: cookie } });
    const lists = (member: Member) => forum.recentThreadLists(member, { recent: 15, unanswered: 8 }).recent.map((t) => t.title);
    const viewer = (await getMember(request("GET")))!;
    lists(viewer);
    // Served from kept lists, with no statement for the version of its own.
    expect(countStatements(db(), () => lists(viewer))).toBe(1);
    const poster = (await getMember(request("POST")))!;
    const space = forum.getSpace(poster, "open-discussions")!;
    forum.createThread(poster, space, { kind: "question", title: "Posted in the same request", bodyMd: "Body", serviceAreaIds: [], partnershipIds: [], submissionKey: null });
    expect(lists(poster)).toContain("Posted in the same request");
  });
});
