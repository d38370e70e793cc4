import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

/**
 * How a page is put together (README, Layout): a route's loader makes one model call, and neither
 * routes nor components decide a permission or reach the database layer.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (dir: string) =>
  readdirSync(path.join(ROOT, dir))
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => ({ file: `${dir}/${name}`, text: readFileSync(path.join(ROOT, dir, name), "utf8") }));
const routes = read("app/routes");
const components = read("app/components");

/** The names a file imports (not `import type`) from modules whose path matches `from`. */
function importedNames(text: string, from: RegExp) {
  return [...text.matchAll(/^import (?!type )\{([^}]*)\} from "([^"]+)";/gm)]
    .filter((m) => from.test(m[2]!))
    .flatMap((m) => m[1]!.split(",").map((n) => n.trim()).filter((n) => n && !n.startsWith("type ")).map((n) => n.split(" as ").at(-1)!));
}

/** The text of a file's loader, from its declaration to the closing brace at the start of a line. */
function loaderBody(text: string) {
  const start = text.search(/export (async )?function loader\b/);
  if (start === -1) return null;
  const end = text.indexOf("\n}\n", start);
  return text.slice(start, end === -1 ? undefined : end);
}

describe("layers", () => {
  test("no route or component calls can() or imports from db/", () => {
    const all = [...routes, ...components];
    expect(all.filter(({ text }) => /\bcan\(/.test(text)).map(({ file }) => file)).toEqual([]);
    expect(all.filter(({ text }) => /from "(\.\.\/)+db\/|from "~\/..\/db\//.test(text)).map(({ file }) => file)).toEqual([]);
  });

  test("no route or component asks the policy a rule: the model's may flags say what the page shows", () => {
    const asking = [...routes, ...components].filter(({ text }) => importedNames(text, /auth\/policy/).length > 0).map(({ file }) => file);
    expect(asking).toEqual([]);
  });

  // Form helpers count too: a loader that goes model → form helper → model orchestrates.
  test("every route's loader makes one model call", () => {
    const several = routes.flatMap(({ file, text }) => {
      const body = loaderBody(text);
      if (!body) return [];
      const called = importedNames(text, /^~\/(models|forms)\//).filter((name) => new RegExp(`\\b${name}\\(`).test(body));
      return called.length > 1 ? [`${file}: ${called.join(", ")}`] : [];
    });
    expect(several).toEqual([]);
  });
});
