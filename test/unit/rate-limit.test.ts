import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { freshDataDir } from "../helpers/in-process";

// The counters live in the database: give this file its own.
freshDataDir("rate-limit");
const { db } = await import("../../db/client.server");
const { migrateDatabase } = await import("../../db/migrate.server");
const { LIMITS, MEMBER_LIMITS, takeMemberToken, takeToken } = await import("~/lib/rate-limit.server");
migrateDatabase(db());

test("an IP may sign in 30 times in 15 minutes, then is refused until the window passes", () => {
  const ip = "192.0.2.10";
  const start = 1_000_000;
  for (let i = 0; i < LIMITS.signIn.max; i++) expect(takeToken("signIn", ip, start + i, 1)).toBe(true);
  expect(takeToken("signIn", ip, start + 100, 1)).toBe(false);
  expect(takeToken("signIn", "192.0.2.11", start + 100, 1)).toBe(true);
  expect(takeToken("signIn", ip, start + LIMITS.signIn.windowMs, 1)).toBe(true);
});

test("a member may try to turn two-factor off five times in 15 minutes, then is told how long to wait", () => {
  const start = 5_000_000;
  for (let i = 0; i < MEMBER_LIMITS.twoFactorOff.max; i++) expect(takeMemberToken("twoFactorOff", 7, start + i)).toBe(0);
  expect(takeMemberToken("twoFactorOff", 7, start + 60_000)).toBe(14);
  expect(takeMemberToken("twoFactorOff", 8, start + 60_000)).toBe(0);
  expect(takeMemberToken("twoFactorOff", 7, start + MEMBER_LIMITS.twoFactorOff.windowMs)).toBe(0);
});

test("the counters are in the database, so another process counting against the same file shares the allowance", () => {
  const ip = "192.0.2.20";
  const start = 9_000_000;
  for (let i = 0; i < LIMITS.signIn.max - 1; i++) expect(takeToken("signIn", ip, start + i, 1)).toBe(true);
  // A second connection stands in for another worker process.
  const other = new Database(process.env.DATABASE_PATH!);
  const row = other.prepare("SELECT count FROM rate_limits WHERE key = ?").get(`signIn:${ip}`) as { count: number };
  other.prepare("UPDATE rate_limits SET count = count + 1 WHERE key = ?").run(`signIn:${ip}`);
  other.close();
  expect(row.count).toBe(LIMITS.signIn.max - 1);
  expect(takeToken("signIn", ip, start + 100, 1)).toBe(false);
});

test("windows that have ended are swept", () => {
  const start = 20_000_000;
  takeToken("join", "192.0.2.30", start, 1);
  takeToken("join", "192.0.2.31", start + LIMITS.join.windowMs + 60_000, 1);
  const keys = (db().$client.prepare("SELECT key FROM rate_limits WHERE key LIKE 'join:%'").all() as { key: string }[]).map((r) => r.key);
  expect(keys).toEqual(["join:192.0.2.31"]);
});
