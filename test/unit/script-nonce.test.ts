// The CSP script nonce (server/security-headers.ts) is drawn from a pool of random bytes: every
// nonce must be 16 bytes never handed out before, across the pool's refills.
import { describe, expect, test } from "vitest";
import { nextNonce } from "../../server/security-headers";

describe("script nonces", () => {
  test("are 128 bits in base64, and none repeats over several refills of the pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const nonce = nextNonce();
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      seen.add(nonce);
    }
    expect(seen.size).toBe(2_000);
  });
});
