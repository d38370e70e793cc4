// The route matching patch (patches/@remix-run+router+*.patch) must be in effect after
// `npm install`, in both builds Node and the browser bundle load: the CommonJS build that
// @remix-run/server-runtime and react-router require, and the ES module build esbuild bundles.
import { createRequire } from "node:module";
import { afterEach, describe, expect, test } from "vitest";

type Route = { id?: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type Match = { route: Route; params: Record<string, string | undefined> };
type Router = {
  matchRoutes: (routes: Route[], location: string) => Match[] | null;
  createMemoryHistory: () => unknown;
  createRouter: (init: { routes: Route[]; history: unknown }) => { routes: Route[]; patchRoutes: (routeId: string | null, children: Route[]) => void };
};

const require = createRequire(import.meta.url);
const builds: [string, () => Promise<Router>][] = [
  ["dist/router.cjs.js (Node)", async () => require("@remix-run/router/dist/router.cjs.js") as Router],
  ["dist/router.js (browser bundle)", async () => (await import("@remix-run/router/dist/router.js")) as unknown as Router],
];

/** A tree like the app's: a root layout with many leaves; paths unique to this test, so nothing is cached yet. */
function routeTree(tag: string): Route[] {
  const leaves: Route[] = Array.from({ length: 40 }, (_, i) => ({ id: `leaf-${i}`, path: `${tag}-section-${i}/:id` }));
  return [{ id: "root", path: "", children: [{ id: "index", index: true }, ...leaves, { id: "splat", path: "*" }] }];
}

/** Counts RegExp constructions: compiling a route's pattern is the one place matchRoutes makes one. */
const RealRegExp = globalThis.RegExp;
let compiled = 0;
function countCompilations() {
  compiled = 0;
  globalThis.RegExp = new Proxy(RealRegExp, {
    construct(target, args) {
      compiled++;
      return Reflect.construct(target, args);
    },
  });
}
/** Counts pattern tests: matchPath tests a pathname against a route's pattern with String#match. */
const realMatch = String.prototype.match;
let tested = 0;
function countPatternTests() {
  tested = 0;
  String.prototype.match = function (this: string, matcher: RegExp) {
    tested++;
    return realMatch.call(this, matcher);
  } as typeof String.prototype.match;
}
afterEach(() => {
  globalThis.RegExp = RealRegExp;
  String.prototype.match = realMatch;
});

/** Routes whose first segments are of every kind the patch tells apart, with what Remix's own router (unpatched) matches. */
const variedRoutes = (): Route[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "thread", path: "threads/:id/:slug" },
      { id: "mixed-case", path: "Reports-2026/summary" },
      { id: "by-language", path: ":lang/about" },
      { id: "exact-case", path: "Exact/case", caseSensitive: true },
      { id: "csv", path: "partnerships.csv" },
      { id: "optional-first", path: "draft?/notes" },
      { id: "admin", path: "admin", children: [{ id: "admin-index", index: true }, { id: "admin-member", path: "members/:id" }] },
      { id: "not-found", path: "*" },
    ],
  },
];
const unpatchedMatches: [string, string, Record<string, string>][] = [
  ["/THREADS/12/slug", "thread", { id: "12", slug: "slug" }],
  ["/%74hreads/12/slug", "thread", { id: "12", slug: "slug" }],
  ["//threads/12/slug", "not-found", { "*": "/threads/12/slug" }],
  ["/reports-2026/SUMMARY", "mixed-case", {}],
  ["/en/about", "by-language", { lang: "en" }],
  ["/threads/about", "by-language", { lang: "threads" }],
  ["/Exact/case", "exact-case", {}],
  ["/exact/case", "not-found", { "*": "exact/case" }],
  ["/partnerships.csv", "csv", {}],
  ["/partnershipsxcsv", "not-found", { "*": "partnershipsxcsv" }],
  ["/draft/notes", "optional-first", {}],
  ["/notes", "optional-first", {}],
  ["/Admin", "admin-index", {}],
  ["/admin/members/3", "admin-member", { id: "3" }],
  // The Kelvin sign lower-cases to "k" but never matches it in a pattern.
  ["/\u212Ahreads/1/x", "not-found", { "*": "\u212Ahreads/1/x" }],
  ["/", "home", {}],
  ["/elsewhere", "not-found", { "*": "elsewhere" }],
];

describe.each(builds)("%s", (_name, load) => {
  test("a second match on the same routes compiles no pattern again", async () => {
    const { matchRoutes } = await load();
    const routes = routeTree(`same-${Math.random().toString(36).slice(2)}`);
    countCompilations();
    const first = matchRoutes(routes, `/${routes[0]!.children![5]!.path!.replace(":id", "7")}`);
    const firstCount = compiled;
    compiled = 0;
    const second = matchRoutes(routes, `/${routes[0]!.children![5]!.path!.replace(":id", "8")}`);
    expect(firstCount).toBeGreaterThan(0);
    expect(compiled).toBe(0);
    expect(first!.map((m) => m.route.id)).toEqual(["root", "leaf-4"]);
    expect(second!.at(-1)!.params).toEqual({ id: "8" });
  });

  test("a new routes array of the same shape (as Remix's render builds per request) reuses the work and gets its own route objects back", async () => {
    const { matchRoutes } = await load();
    const tag = `shape-${Math.random().toString(36).slice(2)}`;
    countCompilations();
    matchRoutes(routeTree(tag), `/${tag}-section-9/41`);
    compiled = 0;
    const fresh = routeTree(tag);
    const matches = matchRoutes(fresh, `/${tag}-section-9/42`)!;
    expect(compiled).toBe(0);
    expect(matches.map((m) => m.route)).toEqual([fresh[0], fresh[0]!.children![10]]);
    expect(matches[1]!.route).toBe(fresh[0]!.children![10]);
  });

  test("a route the router patches into a tree in place (lazy route discovery) is matched, in that tree and the router's next", async () => {
    const { matchRoutes, createRouter, createMemoryHistory } = await load();
    const router = createRouter({ routes: routeTree(`grow-${Math.random().toString(36).slice(2)}`), history: createMemoryHistory() });
    const before = router.routes;
    expect(matchRoutes(before, "/discovered/later")!.at(-1)!.route.id).toBe("splat");
    router.patchRoutes("root", [{ id: "discovered", path: "discovered/later" }]);
    // The root route's children grew in place: the array matched before holds the new route too.
    expect(matchRoutes(before, "/discovered/later")!.at(-1)!.route.id).toBe("discovered");
    expect(matchRoutes(router.routes, "/discovered/later")!.at(-1)!.route.id).toBe("discovered");
  });

  test("a pathname longer than 200 characters is not kept: made-up addresses cannot fill the memory", async () => {
    const { matchRoutes } = await load();
    const routes = routeTree(`long-${Math.random().toString(36).slice(2)}`);
    const path = `/${routes[0]!.children![2]!.path!.replace(":id", "x".repeat(250))}`;
    matchRoutes(routes, path);
    countPatternTests();
    expect(matchRoutes(routes, path)!.at(-1)!.params).toEqual({ id: "x".repeat(250) });
    expect(tested).toBeGreaterThan(0);
  });

  test("a pathname is matched again from what was kept, among many others", async () => {
    const { matchRoutes } = await load();
    const routes = routeTree(`many-${Math.random().toString(36).slice(2)}`);
    const path = (id: number) => `/${routes[0]!.children![2]!.path!.replace(":id", String(id))}`;
    for (let id = 0; id < 5_000; id++) matchRoutes(routes, path(id));
    countPatternTests();
    expect(matchRoutes(routes, path(0))!.at(-1)!.params).toEqual({ id: "0" });
    expect(tested).toBe(0);
  });

  test("a pathname matched for the first time is tested only against the routes that could match its first segment", async () => {
    const { matchRoutes } = await load();
    const routes = routeTree(`first-${Math.random().toString(36).slice(2)}`);
    matchRoutes(routes, "/");
    countPatternTests();
    // The last of 40 leaves in rank order: tried in turn, 40 branches would be tested before it.
    const matches = matchRoutes(routes, `/${routes[0]!.children![40]!.path!.replace(":id", "1234")}`)!;
    expect(matches.at(-1)!.route.id).toBe("leaf-39");
    expect(tested).toBeLessThan(10);
  });

  test.each(unpatchedMatches)("%s matches what the unpatched router matches", async (pathname, id, params) => {
    const { matchRoutes } = await load();
    const matches = matchRoutes(variedRoutes(), pathname);
    expect(matches!.at(-1)!.route.id).toBe(id);
    expect(matches!.at(-1)!.params).toEqual(params);
  });

  test("matches from the cache are the caller's own to change", async () => {
    const { matchRoutes } = await load();
    const routes = routeTree(`own-${Math.random().toString(36).slice(2)}`);
    const path = `/${routes[0]!.children![3]!.path!.replace(":id", "5")}`;
    const first = matchRoutes(routes, path)!;
    first[1]!.params.id = "changed";
    first.pop();
    const again = matchRoutes(routes, path)!;
    expect(again).toHaveLength(2);
    expect(again[1]!.params).toEqual({ id: "5" });
  });
});
