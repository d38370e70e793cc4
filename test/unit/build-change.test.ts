import { describe, expect, test } from "vitest";
import { documentAddress } from "~/lib/build-change";

describe("the page a data address loads", () => {
  test.each([
    ["https://exchange.test/_root.data", "/"],
    ["https://exchange.test/spaces/open-discussions.data?page=2", "/spaces/open-discussions?page=2"],
    ["https://exchange.test/threads/12/a-title.data?_routes=root%2Croutes%2Fthreads.%24id.%24slug&page=3", "/threads/12/a-title?page=3"],
    ["https://exchange.test/partnerships.data?q=custody.data", "/partnerships?q=custody.data"],
  ])("%s is %s", (data, page) => {
    expect(documentAddress(new URL(data))).toBe(page);
  });
});
