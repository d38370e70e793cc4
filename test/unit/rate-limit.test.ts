import { expect, test } from "vitest";
import { LIMITS, MEMBER_LIMITS, takeMemberToken, takeToken } from "~/lib/rate-limit.server";

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
