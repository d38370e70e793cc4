import type { NextFunction, Request, Response } from "express";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import { BUILD_HEADER } from "../app/lib/build-change";
import type { Config } from "../app/lib/env.server";
import type { RenderedPage } from "../app/load-context";
import { bodyLimitFor, countedBody, sendTooLarge, type BodyLimit } from "./body-limit";

/**
 * The Fetch Request Remix sees. Its URL and Host are BASE_URL's, whatever Host or
 * X-Forwarded-Host the client sent, so nothing downstream (Remix's own Origin check, absolute
 * URLs) can be steered by those headers; same-origin requests were already checked against
 * BASE_URL.
 */
function remixHeaders(req: Request, site: URL, dropOrigin: boolean) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === "host" || name === "x-forwarded-host" || (dropOrigin && name === "origin")) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  headers.set("host", site.host);
  return headers;
}

/**
 * Express to Remix, in place of @remix-run/express's adapter, which hands Remix the raw request
 * stream (whoever cancels it destroys the connection), trusts Host, and reads any body whole.
 * Every answer from Remix depends on who is signed in, so unless a route says otherwise it is
 * `private, no-store` and varies by cookie: documents and single-fetch `.data` alike.
 */
export function remixHandler(build: ServerBuild, cfg: Config, stylesheets: string[]) {
  const handle = createRequestHandler(build, cfg.nodeEnv);
  const site = new URL(cfg.baseUrl);
  return async (req: Request, res: Response, next: NextFunction) => {
    // An absolute-form target ("GET http://other/ HTTP/1.1") is for proxies, not for us.
    if (!req.originalUrl.startsWith("/")) {
      res.status(400).type("text/plain").send("Bad request.");
      return;
    }
    const init: RequestInit & { duplex?: "half" } = {
      method: req.method,
      headers: remixHeaders(req, site, res.locals.crossSiteAllowed === true),
    };
    // Only a request with a body is given a signal to abort: its body may be cut off or refused
    // part-way. A page's loaders run to the end without waiting, so an abort would change
    // nothing, and each signal, with the Request's own following it, cost 7 % of a listing's CPU.
    if (req.method !== "GET" && req.method !== "HEAD") {
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      init.signal = controller.signal;
      const limit: BodyLimit = res.locals.bodyLimit ?? bodyLimitFor(req.path, cfg);
      const body = countedBody(req, limit, () => {
        // Abort first: the route's failed read is then not logged as an error.
        controller.abort();
        sendTooLarge(res, limit, stylesheets);
      });
      init.body = createReadableStreamFromReadable(body);
      init.duplex = "half";
    }
    try {
      // Single fetch asks for a page's data at its address plus ".data"; anything else renders a page.
      const isData = req.path.endsWith(".data");
      const heldHtml = isData ? undefined : [];
      const renderedPage: RenderedPage | undefined = isData ? undefined : {};
      const response = await handle(new Request(site.origin + req.originalUrl, init), { nonce: res.locals.nonce as string, ip: req.ip ?? "", heldHtml, renderedPage });
      if (res.headersSent) return;
      if (isData) res.setHeader(BUILD_HEADER, build.assets.version);
      // Remix answers a HEAD request with a new, bodiless Response: only the one rendered carries the page.
      await send(res, response, renderedPage?.response === response ? renderedPage.html : undefined);
    } catch (error) {
      if (!res.headersSent) next(error);
    }
  };
}

async function send(res: Response, response: globalThis.Response, page: string | undefined) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (!response.headers.has("Cache-Control")) res.setHeader("Cache-Control", "private, no-store");
  res.vary("Cookie");
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (page !== undefined) {
    // Measured once, here: without a length, compression measures the page's UTF-8 length to
    // decide, then, when it does not compress (no Accept-Encoding, as from a proxy that
    // compresses itself), the page goes chunked, which measures it again: with the socket's
    // encoding, three passes over the page. Not encoded to a Buffer here: a 50 KB Buffer a page
    // lies outside V8's heap until a collection, and kept the worker 50 MB larger.
    res.setHeader("Content-Length", Buffer.byteLength(page));
    res.end(page);
  } else if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
