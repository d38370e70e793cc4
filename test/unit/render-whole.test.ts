import { createElement, Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWhole } from "~/lib/render-whole.server";

afterEach(() => {
  vi.useRealTimers();
});

describe("renderWhole", () => {
  it("renders the whole page into one buffer", async () => {
    const body = await renderWhole(createElement("p", null, "Custody ", createElement("strong", null, "exit plan")), { nonce: "n", abortDelay: 5_000, onError: () => {} });
    expect(body.toString()).toBe("<p>Custody <strong>exit plan</strong></p>");
  });

  it("leaves no abort timer behind once the page is done, so a finished page is not kept alive", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await renderWhole(createElement("p", null, "done"), { nonce: "n", abortDelay: 5_000, onError: () => {} });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("still aborts a page that never finishes", async () => {
    const never = () => {
      throw new Promise(() => {});
    };
    const errors: unknown[] = [];
    const body = await renderWhole(createElement(Suspense, { fallback: createElement("p", null, "Loading") }, createElement(never)), { nonce: "n", abortDelay: 50, onError: (e) => errors.push(e) });
    expect(body.toString()).toContain("Loading");
    expect(errors).toHaveLength(1);
  });
});
