import http from "node:http";
import type { TestServer } from "./server";

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; text: string; reusedSocket: boolean } | { error: string };

/**
 * One request over node:http, for what fetch() will not do: set Host, send a chunked body, declare
 * a Content-Length and send less, or reuse one keep-alive socket (pass an Agent with maxSockets 1).
 * `body` is sent whole; `chunks` are written one by one without a Content-Length; `declared`
 * overrides the Content-Length and leaves the request unfinished after the body. A header given
 * as "" is not sent (to drop a default).
 */
export function rawRequest(
  server: TestServer,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Iterable<Buffer>; declared?: number; agent?: http.Agent },
): Promise<RawAnswer> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const given = { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin", ...options.headers };
    const headers: Record<string, string> = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== ""));
    if (options.declared !== undefined) headers["content-length"] = String(options.declared);
    else if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
    const req = http.request({ host: url.hostname, port: url.port, path: options.path, method: options.method ?? "POST", headers, agent: options.agent ?? false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text, reusedSocket: req.reusedSocket }));
      res.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    if (options.chunks) {
      const it = options.chunks[Symbol.iterator]();
      const pump = () => {
        for (let next = it.next(); !next.done; next = it.next()) if (!req.write(next.value)) return void req.once("drain", pump);
        req.end();
      };
      pump();
    } else if (options.declared !== undefined) req.write(options.body ?? "");
    else req.end(options.body);
  });
}

/** Answers that came back, for asserting on; a connection error fails with its code. */
export function answered(a: RawAnswer) {
  if ("error" in a) throw new Error(`no answer: ${a.error}`);
  return a;
}

export function* repeat(chunk: Buffer, times: number) {
  for (let i = 0; i < times; i++) yield chunk;
}
