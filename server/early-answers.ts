import type { NextFunction, Request, Response } from "express";
import { FORM_MAX_BYTES, hasBody } from "./body-limit";

/** A body this short is cheaper to read and discard than to lose the connection over. */
const DRAIN_MAX_BYTES = FORM_MAX_BYTES;
/** After refusing a large body, how long and how much to keep reading so the client sees the answer. */
const LINGER_MS = 10_000;
const LINGER_MAX_BYTES = 64 * 1024 * 1024;

function discardBody(req: Request, maxBytes: number, onDone: () => void) {
  req.unpipe();
  req.removeAllListeners("data");
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBytes) req.socket.destroy();
  });
  req.once("end", onDone);
  req.resume();
}

/**
 * An answer sent before the request body has been read (a redirect to sign in, a 403, a 413)
 * must not break the connection. A short declared body is read and discarded afterwards, so the
 * connection stays open for the browser's next request. Otherwise the answer says
 * `Connection: close`, and the body is read for a while longer before the socket is closed:
 * closing with unread data makes TCP reset the connection, and the client may lose the answer.
 */
export function keepConnectionsUsable(req: Request, res: Response, next: NextFunction) {
  if (!hasBody(req)) return next();
  const declared = req.headers["transfer-encoding"] === undefined ? Number(req.headers["content-length"]) : NaN;
  const drainable = Number.isFinite(declared) && declared <= DRAIN_MAX_BYTES;
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (!req.complete && !drainable) {
      res.setHeader("Connection", "close");
      lingerBeforeClosing(req);
    }
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response["writeHead"];
  res.on("finish", () => {
    if (!req.complete && drainable) discardBody(req, DRAIN_MAX_BYTES, () => undefined);
  });
  next();
}

/** Replaces Node's close-after-answer (end, then destroy) with end, read on, then destroy. */
function lingerBeforeClosing(req: Request) {
  const socket = req.socket;
  socket.destroySoon = function () {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once("close", () => clearTimeout(timer));
    discardBody(req, LINGER_MAX_BYTES, () => socket.destroy());
  };
}
