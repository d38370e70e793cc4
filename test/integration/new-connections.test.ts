/**
 * A visitor who opens a new connection while the server is busy waits behind the requests already
 * waiting, not behind everything the busy connections send meanwhile (issue 13). Counted in
 * requests, not milliseconds, so the machine's speed does not decide it.
 */
import http from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";

const BUSY_CONNECTIONS = 20;
const NEW_CONNECTIONS = 10;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

function get(url: string, agent: http.Agent | false) {
  return new Promise<number>((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

test("a new connection is answered after the requests ahead of it, however busy the other connections are", async () => {
  const page = `${server.url}/login`;
  const busyAgent = new http.Agent({ keepAlive: true, maxSockets: BUSY_CONNECTIONS });
  let answered = 0;
  let stop = false;
  const busy = Array.from({ length: BUSY_CONNECTIONS }, async () => {
    while (!stop) {
      expect(await get(page, busyAgent)).toBe(200);
      answered++;
    }
  });
  while (answered < 5 * BUSY_CONNECTIONS) await new Promise((r) => setTimeout(r, 20));
  // How many answers the busy connections got while each new connection waited for its first.
  const overtaken = await Promise.all(
    Array.from({ length: NEW_CONNECTIONS }, async () => {
      const before = answered;
      expect(await get(page, false)).toBe(200);
      return answered - before;
    }),
  );
  stop = true;
  await Promise.all(busy);
  busyAgent.destroy();
  // Ahead of each new request: at most one request from every connection, busy or new, and the
  // ones those connections were already sending. Accepting one connection per turn of a busy loop
  // let about 230 answers overtake the last new connection here.
  expect(Math.max(...overtaken)).toBeLessThan(3 * (BUSY_CONNECTIONS + NEW_CONNECTIONS));
});
