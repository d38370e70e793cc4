import { expect, test } from "vitest";
import { readdirSync } from "node:fs";
import path from "node:path";
import { signIn } from "../helpers/http";
import { startTestServer } from "../helpers/server";

/** With the limits scaled down, the second upload in an hour from one address is refused before it is read. */
test("uploads are limited per IP, and a refused upload stores nothing", async () => {
  const server = await startTestServer({ RATE_LIMIT_SCALE: "0.02" });
  try {
    const chief = await signIn(server, "chief@cleveland-police.example");
    const form = () => {
      const f = new FormData();
      f.append("title", "A small text template");
      f.append("file", new Blob(["Just some plain text.\n"]), "note.txt");
      return f;
    };
    const first = await chief.postMultipart("/library/new", form());
    expect(first.status).not.toBe(429);
    const filesBefore = countFiles(path.join(server.dataDir, "files"));
    const second = await chief.postMultipart("/library/new", form());
    expect(second.status).toBe(429);
    expect(await second.text()).toContain("Too many uploads from your network");
    expect(countFiles(path.join(server.dataDir, "files"))).toBe(filesBefore);
  } finally {
    await server.stop();
  }
});

function countFiles(dir: string): number {
  try {
    return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0);
  } catch {
    return 0;
  }
}
