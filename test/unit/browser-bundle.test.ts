import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

/**
 * What every visitor downloads. `npm test` builds first, so a missing public/build is a broken
 * run, not a reason to skip: run `npm run build` before this file on its own.
 */
const BUILD = path.resolve(import.meta.dirname, "../../public/build");

function scripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return scripts(file);
    return entry.name.endsWith(".js") ? [file] : [];
  });
}

// Column names of secrets, and the markers drizzle puts on every table it defines.
const DATABASE_LAYER = ["password_hash", "totp_key", "token_hash", "drizzle:IsDrizzleTable", "SQLiteTable"];

describe("the browser bundle", () => {
  test("has been built", () => {
    expect(existsSync(BUILD), `${BUILD} is missing: run npm run build first`).toBe(true);
    expect(scripts(BUILD).length).toBeGreaterThan(0);
  });

  test("carries nothing from the database layer", () => {
    const found = scripts(BUILD).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return DATABASE_LAYER.filter((marker) => text.includes(marker)).map(
        (marker) => `${path.relative(BUILD, file)}: ${marker}`,
      );
    });
    expect(found).toEqual([]);
  });
});
