import { describe, expect, test } from "vitest";
import { isSameSiteRequest } from "../../server/same-origin";

const BASE = "https://exchange.example.org";

describe("the cross-site check trusts BASE_URL, never Host", () => {
  test.each([
    [{ "sec-fetch-site": "same-origin" }, true],
    [{ "sec-fetch-site": "same-origin", origin: BASE }, true],
    [{ origin: BASE }, true],
    [{ referer: `${BASE}/login` }, true],
    [{ "sec-fetch-site": "cross-site" }, false],
    [{ "sec-fetch-site": "same-site", origin: BASE }, false],
    [{ "sec-fetch-site": "none" }, false],
    // Sec-Fetch-Site is only a hint when the Origin contradicts it.
    [{ "sec-fetch-site": "same-origin", origin: "https://evil.example" }, false],
    [{ origin: "https://evil.example", host: "evil.example" }, false],
    [{ origin: "http://exchange.example.org" }, false],
    [{ origin: "https://exchange.example.org:8443" }, false],
    [{ origin: "null" }, false],
    [{ origin: "not a url" }, false],
    [{ referer: "https://evil.example/page", host: "evil.example" }, false],
    [{ referer: "https://exchange.example.org.evil.example/" }, false],
    [{}, false],
  ])("%j → %s", (headers, expected) => {
    expect(isSameSiteRequest(headers, BASE)).toBe(expected);
  });
});
