import { describe, expect, test } from "vitest";
import { renderingClass } from "~/auth/policy/index.server";
import { RenderCache } from "~/lib/render-cache.server";

describe("the render cache", () => {
  test("keeps renderings within its budget, dropping the least recently used first", () => {
    // Each entry here is 2 bytes a character × (1-character key + 10-character rendering) = 22 bytes.
    const cache = new RenderCache(66);
    const renders: string[] = [];
    const get = (key: string) => cache.get(key, () => (renders.push(key), `${key}-rendered`));
    expect(["a", "b", "c"].map((k) => get(k).hit)).toEqual([false, false, false]);
    expect(get("a")).toEqual({ html: "a-rendered", hit: true });
    get("d"); // over budget: "b" is the least recently used now that "a" was read again
    expect(cache.size).toEqual({ entries: 3, bytes: 66 });
    expect(get("a").hit).toBe(true);
    expect(get("c").hit).toBe(true);
    expect(get("b").hit).toBe(false);
    expect(renders).toEqual(["a", "b", "c", "d", "b"]);
  });

  test("a rendering larger than the whole budget is served but not kept", () => {
    const cache = new RenderCache(10);
    expect(cache.get("k", () => "far too long to keep")).toEqual({ html: "far too long to keep", hit: false });
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });
});

describe("rendering classes", () => {
  const member = { id: 1, status: "active", organisationId: 1 } as const;
  test("the policing side and suppliers never share a class, nor moderators and other readers", () => {
    const classes = [
      renderingClass({ ...member, role: "member", organisationKind: "force" }),
      renderingClass({ ...member, role: "moderator", organisationKind: "national" }),
      renderingClass({ ...member, role: "member", organisationKind: "supplier" }),
      renderingClass({ ...member, role: "moderator", organisationKind: "supplier" }),
    ];
    expect(new Set(classes).size).toBe(4);
    expect(renderingClass({ ...member, role: "member", organisationKind: "commissioner" })).toBe(classes[0]);
  });

  test("guests and suspended accounts have no class, so nothing rendered for them is kept", () => {
    expect(renderingClass(null)).toBeNull();
    expect(renderingClass({ ...member, status: "suspended", role: "member", organisationKind: "force" })).toBeNull();
  });
});
