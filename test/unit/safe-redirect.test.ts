import { describe, expect, test } from "vitest";
import { sameOriginPath } from "~/lib/safe-redirect";

const BASE = "https://exchange.example.org";

describe("redirect targets after sign-in", () => {
  test.each([
    "//evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\u0000/evil.example",
    "/%0d%0aSet-Cookie:x=1".replace("%0d%0a", "\r\n"),
    "https://evil.example/",
    "http://exchange.example.org/", // another scheme is another origin
    "https://exchange.example.org.evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "",
  ])("%j goes to the home page", (target) => {
    expect(sameOriginPath(target, BASE)).toBe("/");
  });

  test("nothing at all goes to the fallback", () => {
    expect(sameOriginPath(null, BASE)).toBe("/");
    expect(sameOriginPath(undefined, BASE, "/settings")).toBe("/settings");
  });

  test.each([
    ["/settings", "/settings"],
    ["/settings?tab=1#sessions", "/settings?tab=1#sessions"],
    ["/threads/2/x?unread=1", "/threads/2/x?unread=1"],
    ["/%09/evil.example", "/%09/evil.example"], // still encoded: a path on this site, not a tab
    ["/search?q=a b", "/search?q=a%20b"],
    ["/a/../login", "/login"],
    [`${BASE}/lessons`, "/lessons"],
  ])("%j stays on the site as %j", (target, expected) => {
    expect(sameOriginPath(target, BASE)).toBe(expected);
  });

  test("every path it gives can be sent as a Location header", () => {
    for (const target of ["/é", "/a\u00a0b", "/x?y=\u{1F600}"]) expect(sameOriginPath(target, BASE)).toMatch(/^\/[\x21-\x7e]*$/);
  });
});
