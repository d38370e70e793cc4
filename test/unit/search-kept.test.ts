/**
 * What a process keeps of its rankings' reads (search-kept.server.ts): each kept list is given
 * back exactly once, and room is made only when it is made for something. The bound is answered
 * here against LIMIT, so a few small rankings reach it.
 */
import { addPosts, demoDatabase, memberFor, statementsRun } from "../helpers/in-process";
import { beforeAll, expect, test, vi } from "vitest";

type KeptKeys = import("~/models/search-kept.server").KeptKeys;
const life = vi.hoisted(() => ({ releases: new Map<object, number>(), bytes: 0, limit: Infinity }));
vi.mock("~/models/search-kept.server", async () => {
  const actual = await vi.importActual<typeof import("~/models/search-kept.server")>("~/models/search-kept.server");
  return {
    ...actual,
    hasRoom: (bytes: number) => (life.limit === Infinity ? actual.hasRoom(bytes) : life.bytes + bytes <= life.limit),
    keep: (kept: KeptKeys) => {
      life.releases.set(kept, 0);
      life.bytes += kept.bytes;
      actual.keep(kept);
    },
    release: (kept: KeptKeys) => {
      if (life.releases.get(kept) === 0) life.bytes -= kept.bytes;
      life.releases.set(kept, (life.releases.get(kept) ?? 0) + 1);
      actual.release(kept);
    },
  };
});

const db = await demoDatabase("search-kept");
const forum = await import("~/models/forum.server");
const search = await import("~/models/search.server");
type Member = import("~/auth/policy/index.server").Member;

let chief: Member;
beforeAll(async () => {
  chief = memberFor(db(), "chief@cleveland-police.example");
}, 120_000);

const raw = () => db().$client;
const find = (q: string) => search.searchPage(chief, new URLSearchParams({ q }), 1);
const readsEveryMatch = (q: string) => statementsRun(db(), () => find(q)).some((s) => s.includes("group_concat") && s.includes("FROM search_index"));
function thread(title: string, body: string) {
  const made = forum.createThread(chief, forum.getSpace(chief, "open-discussions")!, { kind: "question", title, bodyMd: body, serviceAreaIds: [], partnershipIds: [], submissionKey: null });
  if (!made.ok) throw new Error(made.reason);
  return forum.getThread(chief, made.value.id)!.discussion.id;
}

test("each kept list is given back exactly once: after merges, removals, and the cache letting go of every entry", () => {
  const d = thread("Kestle", "kestle");
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 30; i++) find(`kestle k${i}`);
    find("kestle");
    addPosts(raw(), d, chief.id, 1, `kestle k${round} more`);
    if (round === 2) raw().prepare("UPDATE search_generation SET n = n + 1, removed = removed + 1").run();
  }
  const earlier = [...life.releases.keys()];
  // 1,100 other searches: every earlier ranking and read leaves the cache (1,000 reads at most).
  for (let i = 0; i < 1100; i++) find(`flush${i}`);
  expect(earlier.length).toBeGreaterThan(50);
  expect(earlier.filter((kept) => life.releases.get(kept) !== 1)).toEqual([]);
  expect([...life.releases.values()].filter((n) => n > 1)).toEqual([]);
});

test("a kept list stays kept when another process's ranking is taken, and is given back once", async () => {
  const d = thread("Quillet", "quillet");
  find("quillet");
  const list = [...life.releases.keys()].at(-1)!;
  addPosts(raw(), d, chief.id, 1, "quillet again");
  // Another process ranks after the post and shares; this one takes that ranking, keeping its list.
  vi.resetModules();
  const other = await import("~/models/search.server");
  other.searchPage(chief, new URLSearchParams({ q: "quillet" }), 1);
  expect(statementsRun(db(), () => find("quillet")).some((s) => s.includes("group_concat"))).toBe(false);
  expect(life.releases.get(list)).toBe(0);
  for (let i = 0; i < 1100; i++) find(`flushq${i}`);
  expect(life.releases.get(list)).toBe(1);
});

test("a kept list too old to take the rows added since into is let go of when another process's ranking is taken", async () => {
  const d = thread("Rushes", "rushes");
  find("rushes");
  const list = [...life.releases.keys()].at(-1)!;
  addPosts(raw(), d, chief.id, 1, "rushes again");
  addPosts(raw(), d, chief.id, 1000, "filler");
  vi.resetModules();
  const other = await import("~/models/search.server");
  other.searchPage(chief, new URLSearchParams({ q: "rushes" }), 1);
  find("rushes");
  expect(life.releases.get(list)).toBe(1);
});

test("a ranking after a post takes in the rows added since into the read it kept, and keeps a read again only once they come to half the window", () => {
  const d = thread("Tansy", "tansy");
  find("tansy");
  const lists = () => [...life.releases.keys()];
  const read = lists().at(-1)!;
  const before = lists().length;
  for (const n of [1, 2, 3]) {
    addPosts(raw(), d, chief.id, 1, `tansy again ${n}`);
    expect(readsEveryMatch("tansy")).toBe(false);
  }
  expect({ keptSince: lists().length - before, released: life.releases.get(read) }).toEqual({ keptSince: 0, released: 0 });
  addPosts(raw(), d, chief.id, 496, "filler");
  addPosts(raw(), d, chief.id, 1, "tansy at last");
  expect(readsEveryMatch("tansy")).toBe(false);
  expect({ keptSince: lists().length - before, released: life.releases.get(read) }).toEqual({ keptSince: 1, released: 1 });
});

test("a read of no matches is kept once while nothing is added, though another block of pages is ranked from it", () => {
  const before = life.releases.size;
  search.searchPage(chief, new URLSearchParams({ q: "zyzzogeton" }), 1);
  search.searchPage(chief, new URLSearchParams({ q: "zyzzogeton" }), 11);
  expect(life.releases.size - before).toBe(1);
});

test("a ranking whose reads cannot be kept, even without every less used one's, lets go of none of them", () => {
  life.limit = life.bytes + 1500;
  const a = thread("Lorrel a", "lorrel");
  const b = thread("Merrow b", "merrow");
  const before = life.bytes;
  find("lorrel");
  find("merrow");
  expect(life.bytes).toBeGreaterThan(before);
  // A ranking used twice, of more rows than the bound holds.
  const big = thread("Nesk", "nesk");
  addPosts(raw(), big, chief.id, 500, "nesk");
  find("nesk");
  find("nesk");
  addPosts(raw(), big, chief.id, 1, "nesk again");
  const keptBefore = life.bytes;
  find("nesk");
  addPosts(raw(), a, chief.id, 1, "lorrel again");
  addPosts(raw(), b, chief.id, 1, "merrow again");
  expect({ kept: life.bytes, lorrel: readsEveryMatch("lorrel"), merrow: readsEveryMatch("merrow") }).toEqual({ kept: keptBefore, lorrel: false, merrow: false });
});

test("a query searched more often makes room for its read by letting go of what less used queries kept", () => {
  life.limit = Infinity;
  thread("Pellet", "pellet");
  find("pellet");
  // No room left: a new read is kept only by letting go of others.
  life.limit = life.bytes;
  const quern = thread("Quern", "quern");
  const before = new Set(life.releases.keys());
  const released = () => [...life.releases.values()].reduce((n, times) => n + times, 0);
  // Used once when first read, it may let go of nothing (every kept read was used at least once).
  find("quern");
  find("quern");
  find("quern");
  expect([...life.releases.keys()].filter((kept) => !before.has(kept))).toEqual([]);
  const releasedBefore = released();
  addPosts(raw(), quern, chief.id, 1, "quern again");
  find("quern");
  const added = [...life.releases.keys()].filter((kept) => !before.has(kept));
  expect(added.map((kept) => life.releases.get(kept))).toEqual([0]);
  expect(released()).toBeGreaterThan(releasedBefore);
  expect(life.bytes).toBeLessThanOrEqual(life.limit);
});
