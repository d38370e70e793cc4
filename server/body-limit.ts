import { Transform } from "node:stream";
import type { NextFunction, Request, Response } from "express";
import type { Config } from "../app/lib/env.server";
import { tooLargePage } from "./too-large-page";

/**
 * The largest ordinary form: a lesson's four 20,000-character sections, URL-encoded at up to 9
 * bytes a character, is about 720 KB; a 50,000-character post about 450 KB.
 */
export const FORM_MAX_BYTES = 1024 * 1024;
/** Room for an upload form's text fields and part headers beside the file itself. */
export const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/** Routes whose form carries a file (those using app/lib/upload-form.server.ts: templates, OCDS imports), with their single-fetch twins. */
const UPLOAD_ROUTES = [/^\/library\/new(\.data)?$/, /^\/library\/[^/]+\/versions\/new(\.data)?$/, /^\/partnerships\/[^/]+\/import(\.data)?$/];

export type BodyLimit = { bytes: number; kind: "form" | "upload"; uploadMaxBytes: number };

export function bodyLimitFor(path: string, cfg: Config): BodyLimit {
  const upload = UPLOAD_ROUTES.some((route) => route.test(path));
  return upload
    ? { bytes: cfg.uploadMaxBytes + MULTIPART_OVERHEAD_BYTES, kind: "upload", uploadMaxBytes: cfg.uploadMaxBytes }
    : { bytes: FORM_MAX_BYTES, kind: "form", uploadMaxBytes: cfg.uploadMaxBytes };
}

export function hasBody(req: Request) {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

export function sendTooLarge(res: Response, limit: BodyLimit, stylesheets: string[]) {
  if (res.headersSent) return;
  res.status(413).type("html").setHeader("Cache-Control", "no-store");
  res.send(tooLargePage(limit, stylesheets));
}

/** Chooses the route's limit, and refuses a body whose declared length is over it before reading a byte. */
export function refuseDeclaredTooLarge(cfg: Config, stylesheets: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const limit = bodyLimitFor(req.path, cfg);
    res.locals.bodyLimit = limit;
    if (Number(req.headers["content-length"] ?? 0) > limit.bytes) return sendTooLarge(res, limit, stylesheets);
    next();
  };
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: BodyLimit) {
    super(`request body over ${limit.bytes} bytes`);
  }
}

/**
 * The request body as a stream that fails once more than the limit has arrived (a chunked body
 * declares no length). `onTooLarge` runs first, to answer. The request itself is never handed
 * on, so whoever cancels the body cannot destroy the connection with it.
 */
export function countedBody(req: Request, limit: BodyLimit, onTooLarge: () => void) {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= limit.bytes) return done(null, chunk);
      req.unpipe(counter);
      onTooLarge();
      done(new BodyTooLarge(limit));
    },
  });
  req.on("error", (error) => counter.destroy(error));
  req.pipe(counter);
  return counter;
}
