import { expect, test } from "vitest";
import { rawRequest, answered } from "../helpers/raw-http";
import { startTestServer, type TestServer } from "../helpers/server";

/** Four sign-in attempts, the last from another client as a proxy would report it; the status of each. */
async function attempts(server: TestServer) {
  const statuses: number[] = [];
  for (const client of ["203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2"]) {
    const body = `email=nobody-${statuses.length}%40nowhere.example&password=wrong&redirectTo=%2F`;
    statuses.push(answered(await rawRequest(server, { path: "/login", body, headers: { "x-forwarded-for": client } })).status);
  }
  return statuses;
}

// RATE_LIMIT_SCALE 0.1 leaves three sign-in attempts per address.
test("without TRUST_PROXY, X-Forwarded-For is ignored: everyone shares the connecting address", async () => {
  const server = await startTestServer({ RATE_LIMIT_SCALE: "0.1" });
  try {
    expect(await attempts(server)).toEqual([400, 400, 400, 429, 429]);
  } finally {
    await server.stop();
  }
});

test("with TRUST_PROXY, each client behind the proxy has its own limit", async () => {
  const server = await startTestServer({ RATE_LIMIT_SCALE: "0.1", TRUST_PROXY: "loopback" });
  try {
    expect(await attempts(server)).toEqual([400, 400, 400, 429, 400]);
  } finally {
    await server.stop();
  }
});
