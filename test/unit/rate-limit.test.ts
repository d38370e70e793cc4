import { expect, test } from "vitest";
import { LIMITS, takeToken } from "~/lib/rate-limit.server";

test("an IP may sign in 30 times in 15 minutes, then is refused until the window passes", () => {
  const ip = "192.0.2.10";
  const start = 1_000_000;
  for (let i = 0; i < LIMITS.signIn.max; i++) expect(takeToken("signIn", ip, start + i, 1)).toBe(true);
  expect(takeToken("signIn", ip, start + 100, 1)).toBe(false);
  expect(takeToken("signIn", "192.0.2.11", start + 100, 1)).toBe(true);
  expect(takeToken("signIn", ip, start + LIMITS.signIn.windowMs, 1)).toBe(true);
});
