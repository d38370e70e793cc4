import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { freshDatabase } from "../helpers/db";
import { readOutbox } from "../helpers/http";

/** A data folder as a test server leaves it: a migrated database, and an outbox folder once mail went out. */
function dataDir() {
  const database = freshDatabase();
  const dir = path.dirname(database.$client.name);
  database.$client.close();
  return { dataDir: dir };
}

describe("readOutbox", () => {
  test("a missing outbox folder is an error, not an empty outbox", async () => {
    await expect(readOutbox(dataDir())).rejects.toThrow(/no outbox folder/);
  });

  test("an outbox folder with no mail to that address is nobody mailed", async () => {
    const server = dataDir();
    mkdirSync(path.join(server.dataDir, "outbox"));
    writeFileSync(path.join(server.dataDir, "outbox", "1.eml"), "To: someone@example.org\nSubject: Hello\n\nHi");
    expect(await readOutbox(server, "nobody@example.org")).toEqual([]);
    expect((await readOutbox(server, "someone@example.org")).map((m) => m.subject)).toEqual(["Hello"]);
  });
});
