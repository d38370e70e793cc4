import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";

const dataDir = mkdtempSync(path.join(tmpdir(), "exchange-storage-"));
process.env.DATA_DIR = dataDir;
delete process.env.UPLOAD_MAX_BYTES;
delete process.env.BASE_URL; // Vite sets it to "/"; the configuration wants a full URL or nothing
const storage = await import("~/lib/storage.server");
const files = path.join(dataDir, "files");

/** Every regular file under $DATA_DIR/files but the uploads' pins, as paths relative to it. */
function storedFiles() {
  return (readdirSync(files, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(files, path.join(d.parentPath, d.name)))
    .filter((f) => !f.startsWith(`pins${path.sep}`))
    .sort();
}

function chunks(bytes: Buffer, size = 1000) {
  return Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  })());
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("content-addressed storage", () => {
  test("an upload is stored under ab/cd/<sha256> with its SHA-256 and size", async () => {
    const content = Buffer.from("A specification, stored by content.\n".repeat(100));
    const saved = await storage.saveUpload(chunks(content), { maxBytes: 1_000_000 });
    expect(saved).toEqual({ ok: true, value: { sha256: sha(content), size: content.length } });
    const h = sha(content);
    expect(readFileSync(path.join(files, h.slice(0, 2), h.slice(2, 4), h))).toEqual(content);
    expect(storedFiles().filter((f) => !f.startsWith("tmp"))).toContain(path.join(h.slice(0, 2), h.slice(2, 4), h));
  });

  test("the same content uploaded twice is stored once, and no temporary file is left", async () => {
    const content = Buffer.from("identical bytes");
    const before = storedFiles().length;
    const a = await storage.saveUpload(chunks(content, 3));
    const b = await storage.saveUpload(chunks(content, 7));
    expect(a.ok && b.ok && a.value.sha256 === b.value.sha256).toBe(true);
    expect(storedFiles()).toHaveLength(before + 1);
    expect(readdirSync(path.join(files, "tmp"))).toEqual([]);
    expect(storage.saveBytes(content).sha256).toBe(sha(content));
    expect(storedFiles()).toHaveLength(before + 1);
  });

  test("over the limit the write stops, the partial file is removed and the rest of the stream is left unread", async () => {
    const before = storedFiles();
    let produced = 0;
    const endless = (async function* () {
      for (;;) {
        produced++;
        yield Buffer.alloc(1024, 1);
      }
    })();
    const saved = await storage.saveUpload(endless, { maxBytes: 4096 });
    expect(saved).toEqual({ ok: false, reason: "too_large" });
    expect(produced).toBe(5);
    expect(storedFiles()).toEqual(before);
    expect((await endless.next()).done).toBe(false); // still readable for the caller to drain
  });

  test("exactly the limit is accepted", async () => {
    const saved = await storage.saveUpload(chunks(Buffer.alloc(4096, 7)), { maxBytes: 4096 });
    expect(saved.ok).toBe(true);
  });

  test("an empty upload stores nothing", async () => {
    const before = storedFiles();
    expect(await storage.saveUpload(chunks(Buffer.alloc(0)))).toEqual({ ok: false, reason: "empty" });
    expect(storedFiles()).toEqual(before);
  });

  test("released content is removed unless it is referenced or still pinned by another upload", async () => {
    const content = Buffer.from("refused upload");
    const a = await storage.saveUpload(chunks(content));
    const b = await storage.saveUpload(chunks(content));
    if (!a.ok || !b.ok) throw new Error("not saved");
    expect(storage.releaseUpload(a.value.sha256, () => false)).toBe(false); // b still holds it
    expect(storage.isStored(a.value.sha256)).toBe(true);
    expect(storage.releaseUpload(b.value.sha256, () => true)).toBe(false); // a version uses it
    expect(storage.isStored(a.value.sha256)).toBe(true);
    const c = await storage.saveUpload(chunks(content));
    if (!c.ok) throw new Error("not saved");
    expect(storage.releaseUpload(c.value.sha256, () => false)).toBe(true);
    expect(storage.isStored(c.value.sha256)).toBe(false);
  });

  test("content another process is still uploading stays when this one lets it go", async () => {
    const content = "uploaded by two workers at once";
    const other = spawn(path.resolve("node_modules/.bin/tsx"), ["test/fixtures/hold-upload.ts", content], { env: process.env, stdio: ["pipe", "pipe", "inherit"] });
    const exited = new Promise((resolve) => other.on("exit", resolve));
    await new Promise((resolve, reject) => {
      other.stdout!.on("data", (d) => (String(d).includes("held") ? resolve(null) : reject(new Error(String(d)))));
      void exited.then((code) => reject(new Error(`the other process exited with ${code}`)));
    });
    const mine = await storage.saveUpload(chunks(Buffer.from(content)));
    if (!mine.ok) throw new Error("not saved");
    expect(storage.releaseUpload(mine.value.sha256, () => false)).toBe(false);
    expect(storage.isStored(mine.value.sha256)).toBe(true);
    // It ends without releasing, as a crash would: its pin goes with the next sweep.
    other.stdin!.end();
    await exited;
    expect(storage.sweepTemp(0)).toBeGreaterThan(0);
    const again = await storage.saveUpload(chunks(Buffer.from(content)));
    if (!again.ok) throw new Error("not saved");
    expect(storage.releaseUpload(again.value.sha256, () => false)).toBe(true);
    expect(storage.isStored(again.value.sha256)).toBe(false);
  });

  test("openStored streams the bytes back; a malformed hash never reaches the file system", async () => {
    const content = Buffer.from("download me");
    const saved = storage.saveBytes(content);
    const opened = storage.openStored(saved.sha256)!;
    expect(opened.size).toBe(content.length);
    const back: Buffer[] = [];
    for await (const c of opened.stream) back.push(c as Buffer);
    expect(Buffer.concat(back)).toEqual(content);
    expect(storage.openStored("../../exchange.db")).toBeNull();
    expect(storage.openStored("0".repeat(64))).toBeNull();
  });

  test("a byte source reads ranges, short at the end", () => {
    const saved = storage.saveBytes(Buffer.from("0123456789"));
    const source = storage.storedByteSource(saved.sha256);
    try {
      expect(source.size).toBe(10);
      expect(Buffer.from(source.read(2, 3)).toString()).toBe("234");
      expect(Buffer.from(source.read(8, 10)).toString()).toBe("89");
      expect(source.read(20, 5)).toHaveLength(0);
    } finally {
      source.close();
    }
  });

  test("the upload limit defaults to 25 MB", () => {
    expect(storage.uploadMaxBytes()).toBe(25 * 1024 * 1024);
    expect(existsSync(files)).toBe(true);
  });
});
