// The HTTP server (server/app-server.ts) hands Express requests and responses that already have
// Express's prototypes, so Express's init middleware changes no live object's prototype (which
// made V8 promote every request's objects to the old generation; the figures are in the module).
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, test } from "vitest";
import { createAppServer } from "../../server/app-server";

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

async function serve(app: express.Express, onArrival: (req: unknown, res: unknown) => void) {
  const server = createAppServer(app);
  // Runs before Express sees the request: what Node built.
  server.prependListener("request", onArrival);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the app's HTTP server", () => {
  test("requests and responses arrive with Express's prototypes, and Express's own methods work on them", async () => {
    const app = express();
    app.get("/greet/:name", (req, res) => {
      res.status(201).type("text/plain").set("X-Path", req.path).send(`hello ${req.params.name}, ${req.query.from}`);
    });
    const arrivals: boolean[] = [];
    const url = await serve(app, (req, res) => arrivals.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response));

    const first = await fetch(`${url}/greet/ada?from=test`);
    expect(first.status).toBe(201);
    expect(first.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(first.headers.get("x-path")).toBe("/greet/ada");
    expect(await first.text()).toBe("hello ada, test");
    const missing = await fetch(`${url}/nowhere`);
    expect(missing.status).toBe(404);
    await missing.text();
    expect(arrivals).toEqual([true, true]);
  });

  test("a request's body streams as on Node's own request", async () => {
    const app = express();
    app.post("/echo", express.text(), (req, res) => res.send(`${(req.body as string).length} characters`));
    const url = await serve(app, () => undefined);
    const res = await fetch(`${url}/echo`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x".repeat(100_000) });
    expect(await res.text()).toBe("100000 characters");
  });
});
