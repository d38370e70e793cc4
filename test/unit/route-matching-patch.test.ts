// The route matching patch (patches/@remix-run+router+*.patch) must be in effect after
// `npm install`, in both builds Node and the browser bundle load: the CommonJS build that
// @remix-run/server-runtime and react-router require, and the ES module build esbuild bundles.
import { createRequire } from "node:module";
import { afterEach, describe, expect, test } from "vitest";

type Route = { id?: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type Match = { route: Route; params: Record<string, string | undefined> };
type Router = { matchRoutes: (routes: Route[], location: string) => Match[] | null };

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
afterEach(() => {
  globalThis.RegExp = RealRegExp;
});

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
    matchRoutes(routeTree(tag), "/");
    compiled = 0;
    const fresh = routeTree(tag);
    const matches = matchRoutes(fresh, `/${tag}-section-9/42`)!;
    expect(compiled).toBe(0);
    expect(matches.map((m) => m.route)).toEqual([fresh[0], fresh[0]!.children![10]]);
    expect(matches[1]!.route).toBe(fresh[0]!.children![10]);
  });

  test("a route added to the same tree in place (lazy route discovery) is matched", async () => {
    const { matchRoutes } = await load();
    const routes = routeTree(`grow-${Math.random().toString(36).slice(2)}`);
    expect(matchRoutes(routes, "/discovered/later")!.at(-1)!.route.id).toBe("splat");
    routes[0]!.children!.push({ id: "discovered", path: "discovered/later" });
    expect(matchRoutes(routes, "/discovered/later")!.at(-1)!.route.id).toBe("discovered");
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
