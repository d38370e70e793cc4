// The render patches (patches/@remix-run+react+*.patch, patches/react-router-dom+*.patch, and the
// route-tree check in patches/@remix-run+router+*.patch) must be in effect after `npm install`:
// a page render reuses the route tree built for its build instead of rebuilding it per request.
import { createRequire } from "node:module";
import { createStaticHandler, type StaticHandlerContext } from "@remix-run/router";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, test, vi } from "vitest";

const require = createRequire(import.meta.url);
// The CommonJS builds the server loads (the server bundle leaves node_modules to Node's require).
const remixRoutes = require("@remix-run/react/dist/routes.js") as { createServerRoutes: (...args: unknown[]) => unknown };
const { RemixServer } = require("@remix-run/react/dist/server.js") as typeof import("@remix-run/react");
const { createStaticRouter } = require("react-router-dom/server.js") as typeof import("react-router-dom/server");
const { matchRoutes } = require("@remix-run/router/dist/router.cjs.js") as typeof import("@remix-run/router");

afterEach(() => vi.restoreAllMocks());

/** A one-route Remix context, as the server runtime hands it to entry.server. */
async function contextFor(manifestRoutes: Record<string, unknown>, text: string) {
  const handlerContext = (await createStaticHandler([{ id: "root", path: "/" }]).query(new Request("http://exchange.test/"))) as StaticHandlerContext;
  return {
    manifest: { routes: manifestRoutes, entry: { module: "/entry.js", imports: [] }, url: "/manifest.js", version: "1" },
    routeModules: { root: { default: () => createElement("p", null, text) } },
    staticHandlerContext: handlerContext,
    future: {},
    isSpaMode: false,
    serverHandoffString: "{}",
    renderMeta: {},
  };
}

describe("server render", () => {
  test("builds Remix's server route tree once per manifest, not once per render", async () => {
    const build = vi.spyOn(remixRoutes, "createServerRoutes");
    const manifestRoutes = { root: { id: "root", path: "/", hasLoader: false, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false, module: "/root.js" } };
    const first = await contextFor(manifestRoutes, "first render");
    const second = await contextFor(manifestRoutes, "second render");
    // A new context object per request, as the server runtime makes, with the build's manifest,
    // route modules and future flags.
    Object.assign(second, { routeModules: first.routeModules, future: first.future });
    const html = [first, second].map((context) => renderToString(createElement(RemixServer, { context: context as never, url: "http://exchange.test/" })));
    expect(html[0]).toContain("first render");
    expect(build).toHaveBeenCalledTimes(1);
    // A changed module (a rebuilt route in development) gets a tree of its own.
    renderToString(createElement(RemixServer, { context: { ...second, routeModules: { root: { default: () => createElement("p", null, "rebuilt") } } } as never, url: "http://exchange.test/" }));
    expect(build).toHaveBeenCalledTimes(2);
  });

  test("a static router converts the same routes array once", async () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "leaf", path: "threads/:id" }] }];
    const context = (await createStaticHandler(routes).query(new Request("http://exchange.test/threads/7"))) as StaticHandlerContext;
    const first = createStaticRouter(routes, context);
    const second = createStaticRouter(routes, context);
    expect(second.routes).toBe(first.routes);
    expect(createStaticRouter([...routes], context).routes).not.toBe(first.routes);
  });

  test("matching the same routes array again does not read every route's path", () => {
    let reads = 0;
    const leaves = Array.from({ length: 30 }, (_, i) => {
      const route = { id: `leaf-${i}`, path: `tree-${Math.random().toString(36).slice(2)}-${i}/:id` };
      const path = route.path;
      return Object.defineProperty(route, "path", { enumerable: true, get: () => (reads++, path) });
    });
    const routes = [{ id: "root", path: "", children: leaves }];
    matchRoutes(routes, `/${leaves[3]!.path}`.replace(":id", "1"));
    const target = `/${leaves[9]!.path}`.replace(":id", "2");
    reads = 0;
    expect(matchRoutes(routes, target)!.at(-1)!.route.id).toBe("leaf-9");
    expect(reads).toBe(0);
  });
});
