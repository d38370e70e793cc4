import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

/** Helpers and limits that were written again in several places, and must stay written once. */
const ROOT = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

const files = [...sources("app"), ...sources("test")]
  .filter((file) => !file.endsWith("one-of-each.test.ts")).map((file) => ({ file, text: readFileSync(path.join(ROOT, file), "utf8") }));
const where = (pattern: RegExp) => files.filter(({ text }) => pattern.test(text)).map(({ file }) => file);

describe("written once", () => {
  test("sentenceCase", () => {
    expect(where(/function sentenceCase\b/)).toEqual(["app/lib/labels.ts"]);
  });

  test("pageCount", () => {
    expect(where(/function pageCount\b/)).toEqual(["app/lib/paging.ts"]);
  });

  test("the id in an address is read by parseId, not by a parser of the route's own", () => {
    expect(where(/function parseId\b/)).toEqual(["app/lib/params.ts"]);
    expect(where(/\/\^\\d\{1,9\}\$\/\.test\(param/)).toEqual([]);
  });

  test("the length of a post", () => {
    expect(where(/const \w+ = 50_000\b/)).toEqual(["app/forms/post-input.ts"]);
  });
});
