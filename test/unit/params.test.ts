import { describe, expect, test } from "vitest";
import { parseId } from "~/lib/params";

function status(thrown: () => unknown) {
  try {
    thrown();
  } catch (e) {
    return e instanceof Response ? e.status : "not a Response";
  }
  return "returned";
}

describe("ids in addresses", () => {
  test.each([
    ["1", 1],
    ["42", 42],
    ["007", 7],
    ["999999999999999", 999_999_999_999_999],
  ])("%s is id %d", (raw, id) => {
    expect(parseId(raw)).toBe(id);
  });

  // Number() and z.coerce read all of these as numbers, so /threads/1e3 would open thread 1000.
  test.each([undefined, "", "0", "-1", "+1", "1.0", "1e3", "0x10", " 12", "12 ", "12a", "9".repeat(16)])("%j is a missing page", (raw) => {
    expect(status(() => parseId(raw))).toBe(404);
  });
});
