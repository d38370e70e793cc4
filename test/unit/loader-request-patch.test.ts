// The loader request patch (patches/@remix-run+server-runtime+*.patch) must be in effect after
// `npm install`: a loader whose URL has nothing for Remix to strip gets the request itself, not
// two copies of it; one that has `index` or `_routes` still gets them stripped.
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";

const require = createRequire(import.meta.url);
type CallRouteLoader = (args: { loadContext: unknown; loader: (args: { request: Request }) => unknown; params: object; request: Request; routeId: string; singleFetch: boolean }) => Promise<unknown>;
// A variable, so TypeScript does not look for the build's types (it has none of its own).
const ESM_BUILD = "@remix-run/server-runtime/dist/esm/data.js";
// The CommonJS build the server bundle loads, and the ES module build beside it.
const builds: [string, () => Promise<CallRouteLoader>][] = [
  ["dist/data.js (Node)", async () => (require("@remix-run/server-runtime/dist/data.js") as { callRouteLoader: CallRouteLoader }).callRouteLoader],
  ["dist/esm/data.js", async () => ((await import(ESM_BUILD)) as { callRouteLoader: CallRouteLoader }).callRouteLoader],
];

async function requestSeenBy(callRouteLoader: CallRouteLoader, request: Request) {
  return (await callRouteLoader({ loadContext: {}, loader: ({ request }) => request, params: {}, request, routeId: "routes/test", singleFetch: true })) as Request;
}

describe.each(builds)("%s", (_name, load) => {
  test.each(["http://exchange.test/threads/1/x", "http://exchange.test/spaces/open?page=100&unanswered=1"])("a loader for %s gets the request itself", async (url) => {
    const request = new Request(url);
    expect(await requestSeenBy(await load(), request)).toBe(request);
  });

  test("index and _routes are still stripped from what a loader sees, other parameters kept", async () => {
    const request = new Request("http://exchange.test/spaces?index&_routes=root&page=2");
    const seen = await requestSeenBy(await load(), request);
    expect(seen).not.toBe(request);
    expect(seen.url).toBe("http://exchange.test/spaces?page=2");
  });
});
