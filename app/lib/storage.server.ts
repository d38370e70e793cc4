/**
 * The one place uploaded files touch the disk, so they can move to object storage later
 * (DESIGN.md) by changing this module alone. Files are content-addressed:
 * $DATA_DIR/files/ab/cd/<sha256>, so identical content is stored once.
 *
 * Uploads stream to a temporary file under $DATA_DIR/files/tmp while being hashed and counted;
 * past the size limit the write stops and the partial file is deleted. A stored file that no
 * version ends up using (a refused type, a form with errors) is removed again, unless another
 * upload of the same content is still in flight: each upload pins its content with a file in
 * $DATA_DIR/files/pins until it is released, so the pin is seen by every worker process.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, createReadStream, createWriteStream, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { config } from "./env.server";
import type { ByteSource } from "./file-type";

/** The upload limit from the configuration (UPLOAD_MAX_BYTES, 25 MB by default). */
export function uploadMaxBytes(): number {
  return config().uploadMaxBytes;
}

const SHA256 = /^[0-9a-f]{64}$/;

function filesRoot() {
  return path.join(config().dataDir, "files");
}

function tempDir() {
  return path.join(filesRoot(), "tmp");
}

/** Where content with this hash lives; throws on anything but a lowercase hex SHA-256, so no path can be smuggled in. */
function storedPath(sha256: string) {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return path.join(filesRoot(), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

function pinsDir() {
  return path.join(filesRoot(), "pins");
}

/** This process's pins, by content: the names of its files in pins/. */
const ownPins = new Map<string, string[]>();
let swept = false;

function pin(sha256: string) {
  mkdirSync(pinsDir(), { recursive: true });
  const name = `${sha256}.${randomBytes(8).toString("hex")}`;
  writeFileSync(path.join(pinsDir(), name), "", { flag: "wx", mode: 0o600 });
  ownPins.set(sha256, [...(ownPins.get(sha256) ?? []), name]);
}

function unpin(sha256: string) {
  const names = ownPins.get(sha256) ?? [];
  const name = names.pop();
  if (names.length === 0) ownPins.delete(sha256);
  if (name) rmSync(path.join(pinsDir(), name), { force: true });
}

/** Whether any process's upload of this content is still in flight. */
function isPinned(sha256: string) {
  try {
    return readdirSync(pinsDir()).some((name) => name.startsWith(`${sha256}.`));
  } catch {
    return false;
  }
}

export type SavedUpload = { sha256: string; size: number };
export type SaveProblem = "too_large" | "empty";
export type SaveResult = { ok: true; value: SavedUpload } | { ok: false; reason: SaveProblem };

/** Deletes a temporary file, if it is still there. */
export function removeTemp(file: string) {
  rmSync(file, { force: true });
}

/** Moves a finished temporary file to its content address; identical content already stored wins. */
function settle(temp: string, sha256: string) {
  const target = storedPath(sha256);
  if (existsSync(target)) {
    removeTemp(temp);
  } else {
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(temp, target);
  }
}

/**
 * Streams an upload to disk while hashing and counting it. Over `maxBytes` it stops writing,
 * deletes the partial file and returns "too_large" at once, leaving the rest of the stream
 * unread (the caller drains or aborts it). On success the content is pinned until
 * `releaseUpload` is called, so a concurrent clean-up cannot remove it before it is recorded.
 */
export async function saveUpload(stream: AsyncIterable<Uint8Array>, options: { maxBytes?: number } = {}): Promise<SaveResult> {
  const maxBytes = options.maxBytes ?? uploadMaxBytes();
  if (!swept) {
    swept = true;
    sweepTemp();
  }
  mkdirSync(tempDir(), { recursive: true });
  const temp = path.join(tempDir(), `${Date.now()}-${randomBytes(8).toString("hex")}`);
  const out = createWriteStream(temp, { flags: "wx", mode: 0o600 });
  const hash = createHash("sha256");
  let size = 0;
  const closed = new Promise<void>((resolve, reject) => {
    out.on("close", resolve);
    out.on("error", reject);
  });
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      // Not `for await`: leaving that loop early would call the iterator's return() and could
      // end the caller's stream, which must stay readable for draining.
      const next = await iterator.next();
      if (next.done) break;
      const chunk = next.value;
      size += chunk.length;
      if (size > maxBytes) {
        out.destroy();
        await closed.catch(() => undefined);
        removeTemp(temp);
        return { ok: false, reason: "too_large" };
      }
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
    }
    out.end();
    await closed;
  } catch (error) {
    out.destroy();
    await closed.catch(() => undefined);
    removeTemp(temp);
    throw error;
  }
  if (size === 0) {
    removeTemp(temp);
    return { ok: false, reason: "empty" };
  }
  const sha256 = hash.digest("hex");
  pin(sha256);
  settle(temp, sha256);
  return { ok: true, value: { sha256, size } };
}

/** Stores a small file already in memory (the demo seed, which runs inside a synchronous transaction). */
export function saveBytes(bytes: Uint8Array): SavedUpload {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (!existsSync(storedPath(sha256))) {
    mkdirSync(tempDir(), { recursive: true });
    const temp = path.join(tempDir(), `${Date.now()}-${randomBytes(8).toString("hex")}`);
    writeFileSync(temp, bytes, { flag: "wx", mode: 0o600 });
    settle(temp, sha256);
  }
  return { sha256, size: bytes.length };
}

/**
 * Ends the pin `saveUpload` took, then deletes the content unless another upload still pins it
 * or `isReferenced` says something uses it. Call it once per successful saveUpload, whatever
 * became of the upload. Returns whether the file was removed.
 */
export function releaseUpload(sha256: string, isReferenced: () => boolean) {
  unpin(sha256);
  if (isPinned(sha256) || isReferenced()) return false;
  // Moved aside before a last look: an upload of the same content that pinned it meanwhile (and
  // may have found it stored, and dropped its own copy) gets it back; one that pins later finds
  // no file and stores its own.
  const target = storedPath(sha256);
  const leaving = `${target}.leaving-${randomBytes(8).toString("hex")}`;
  try {
    renameSync(target, leaving);
  } catch {
    return false; // already gone
  }
  if (isPinned(sha256) || isReferenced()) {
    renameSync(leaving, target);
    return false;
  }
  rmSync(leaving, { force: true });
  return true;
}

export function isStored(sha256: string) {
  return SHA256.test(sha256) && existsSync(storedPath(sha256));
}

/** A download stream of stored content, or null when it is missing. */
export function openStored(sha256: string, options: { start?: number; end?: number } = {}): { stream: Readable; size: number } | null {
  if (!isStored(sha256)) return null;
  const file = storedPath(sha256);
  return { stream: createReadStream(file, options), size: statSync(file).size };
}

/** Random access to stored content for type detection; close it when done. */
export function storedByteSource(sha256: string): ByteSource & { close(): void } {
  const fd = openSync(storedPath(sha256), "r");
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      const start = Math.max(0, Math.min(offset, size));
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - start)));
      let done = 0;
      while (done < buffer.length) {
        const n = readSync(fd, buffer, done, buffer.length - done, start + done);
        if (n === 0) break;
        done += n;
      }
      return buffer.subarray(0, done);
    },
    close: () => closeSync(fd),
  };
}

/** The whole stored content (previews of documents up to the upload limit). */
export function readStored(sha256: string): Promise<Buffer> {
  return readFile(storedPath(sha256));
}

/** Removes temporary files and pins older than `olderThanMs`, left by a crash mid-upload. */
export function sweepTemp(olderThanMs = 60 * 60 * 1000) {
  let removed = 0;
  for (const dir of [tempDir(), pinsDir()]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        if (Date.now() - statSync(file).mtimeMs > olderThanMs) {
          rmSync(file, { force: true });
          removed++;
        }
      } catch {
        // Already gone.
      }
    }
  }
  return removed;
}
