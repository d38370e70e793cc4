// The handoff patches (patches/turbo-stream+*.patch, patches/@remix-run+server-runtime+*.patch)
// must be in effect after `npm install`: an entry server that asks for it (ours does) gets a
// page's loader data as the text turbo-stream would have streamed, when none of it is deferred.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import * as entryServer from "~/entry.server";

const require = createRequire(import.meta.url);
type Encode = (input: unknown, options?: object) => ReadableStream<Uint8Array>;
type EncodeSync = (input: unknown, options?: object) => string | undefined;
type Handoff = (data: unknown, signal: AbortSignal, timeout: number | undefined, serverMode: string, entryModule: object) => { serverHandoffText?: string; serverHandoffStream?: ReadableStream<Uint8Array> };
/** A file of a package's build, by path: the packages export only their main module. */
const besideMain = (name: string, file: string) => pathToFileURL(require.resolve(name).replace(/[^/]+$/, file)).href;
// The CommonJS builds the server loads, and the ES module builds a bundler would take.
const turboStreams: [string, () => Promise<{ encode: Encode; encodeSync: EncodeSync }>][] = [
  ["turbo-stream (CommonJS)", async () => require("turbo-stream")],
  ["turbo-stream (ES module)", async () => await import(besideMain("turbo-stream", "turbo-stream.mjs"))],
];
const runtimes: [string, () => Promise<{ __pxHandoff: Handoff }>][] = [
  ["server runtime (CommonJS)", async () => require("@remix-run/server-runtime/dist/single-fetch.js")],
  ["server runtime (ES module)", async () => await import(besideMain("@remix-run/server-runtime", "esm/single-fetch.js"))],
];

async function streamed(stream: ReadableStream<Uint8Array>) {
  return await new Response(stream).text();
}

class Figure {
  constructor(readonly amount: number) {}
}
const loaderData = {
  loaderData: { root: { member: { name: "Sam <Supplier>", unread: 3, flags: [true, false, null] } }, "routes/threads.$id.$": { createdAt: new Date(1766670481000), posts: { held: 0 }, quote: "", missing: undefined, big: 12345678901234567890n, figure: new Figure(4) } },
  actionData: null,
  errors: { "routes/threads.$id.$": new Error("Unexpected") },
};

describe.each(turboStreams)("%s", (_name, load) => {
  test("encodeSync gives the text encode streams", async () => {
    const { encode, encodeSync } = await load();
    // Without Remix's plugins turbo-stream refuses class instances.
    const plain = { ...loaderData, loaderData: { root: loaderData.loaderData.root } };
    expect(encodeSync(plain)).toBe(await streamed(encode(plain)));
    expect(encodeSync(undefined)).toBe(await streamed(encode(undefined)));
  });

  test("encodeSync gives nothing for a value holding a promise, which must stream", async () => {
    const { encodeSync } = await load();
    expect(encodeSync({ later: Promise.resolve(1) })).toBeUndefined();
  });
});

describe.each(runtimes)("%s", (_name, load) => {
  const signal = new AbortController().signal;

  test("an entry server that asks for the handoff as text gets it, the same text as the stream", async () => {
    const { __pxHandoff } = await load();
    const asText = __pxHandoff(loaderData, signal, undefined, "production", { handoffAsText: true });
    const asStream = __pxHandoff(loaderData, signal, undefined, "production", {});
    expect(asText.serverHandoffStream).toBeUndefined();
    expect(asStream.serverHandoffText).toBeUndefined();
    expect(asText.serverHandoffText).toBe(await streamed(asStream.serverHandoffStream!));
  });

  test("data the text cannot be made of streams, and its error comes from the stream", async () => {
    const { __pxHandoff } = await load();
    const unreadable = { get figure() { throw new Error("unreadable"); } };
    const handoff = __pxHandoff({ loaderData: { root: unreadable } }, signal, undefined, "production", { handoffAsText: true });
    expect(handoff.serverHandoffText).toBeUndefined();
    await expect(streamed(handoff.serverHandoffStream!)).rejects.toThrow("unreadable");
  });

  test("deferred data streams, even to an entry server that asks for text", async () => {
    const { __pxHandoff } = await load();
    const handoff = __pxHandoff({ loaderData: { root: { later: Promise.resolve("resolved") } } }, signal, undefined, "production", { handoffAsText: true });
    expect(handoff.serverHandoffText).toBeUndefined();
    expect(await streamed(handoff.serverHandoffStream!)).toContain("resolved");
  });
});

test("the app's entry server asks for the handoff as text", () => {
  expect(entryServer.handoffAsText).toBe(true);
});

test("the server runtime hands a document render the text, and streams to an entry server that does not ask", async () => {
  const { createRequestHandler } = require("@remix-run/server-runtime") as typeof import("@remix-run/server-runtime");
  const seen: { text?: string; stream?: ReadableStream<Uint8Array> }[] = [];
  const buildWith = (entry: object) => ({
    mode: "production",
    future: { v3_singleFetch: true },
    isSpaMode: false,
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    basename: undefined,
    routes: { root: { id: "root", path: "", module: { default: () => null, loader: () => ({ greeting: "hello" }) } } },
    assets: { version: "1", url: "/build/manifest.js", entry: { module: "/build/entry.js", imports: [] }, routes: { root: { id: "root", path: "", module: "/build/root.js", hasLoader: true, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false } } },
    entry: {
      module: {
        ...entry,
        default: (_request: Request, status: number, _headers: Headers, context: { serverHandoffText?: string; serverHandoffStream?: ReadableStream<Uint8Array> }) => {
          seen.push({ text: context.serverHandoffText, stream: context.serverHandoffStream });
          return new Response("page", { status });
        },
      },
    },
  });
  await createRequestHandler(buildWith({ handoffAsText: true }) as never)(new Request("http://exchange.test/"));
  await createRequestHandler(buildWith({}) as never)(new Request("http://exchange.test/"));
  expect(seen[0]!.stream).toBeUndefined();
  expect(seen[0]!.text).toContain("hello");
  expect(seen[1]!.text).toBeUndefined();
  expect(await streamed(seen[1]!.stream!)).toBe(seen[0]!.text);
});
