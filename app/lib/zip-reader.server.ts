/**
 * ZIP reading for uploads (issue 11), through yauzl: it follows the central directory as Word,
 * mammoth (JSZip) and LibreOffice do, and checks every entry's real inflated size against the
 * size the directory declares, so a declared size can be trusted once the entry has been read.
 *
 * A converter follows relationships, not names (`_rels/.rels` may call the main part
 * `word/main.dat`), so budgets here never look at names: every entry is inflated and counted,
 * and every entry whose content is markup (XML, whatever it is called) counts against a second,
 * much smaller budget, the one the converter has to parse.
 */
import { Readable } from "node:stream";
import yauzl, { type ZipFile } from "yauzl";
import type { ByteSource } from "./file-type";

export type ZipEntryInfo = { name: string; method: number; compressedSize: number; uncompressedSize: number; encrypted: boolean };

const READ_CHUNK = 64 * 1024;

/** Lets yauzl read a ByteSource (a Buffer in tests, a stored file on disk) in chunks. */
class SourceReader extends yauzl.RandomAccessReader {
  constructor(private readonly source: ByteSource) {
    super();
  }

  _readStreamForRange(start: number, end: number) {
    const source = this.source;
    return Readable.from(
      (function* () {
        for (let at = start; at < end; at += READ_CHUNK) yield Buffer.from(source.read(at, Math.min(READ_CHUNK, end - at)));
      })(),
      { objectMode: false },
    );
  }
}

/** More entries than any real document has: the directory alone would cost more than the file is worth. */
export const MAX_ZIP_ENTRIES = 10_000;

async function open(source: ByteSource, maxEntries: number) {
  const zip = await yauzl.fromRandomAccessReaderPromise(new SourceReader(source), source.size, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true });
  if (zip.entryCount === 0 || zip.entryCount > maxEntries) {
    zip.close();
    return null;
  }
  return zip;
}

/** The central directory's entries, or null when the ZIP is damaged or too unusual to trust. */
export async function listZipEntries(source: ByteSource, maxEntries = MAX_ZIP_ENTRIES): Promise<ZipEntryInfo[] | null> {
  let zip: ZipFile | null = null;
  try {
    zip = await open(source, maxEntries);
    if (!zip) return null;
    const entries: ZipEntryInfo[] = [];
    for await (const e of zip.eachEntry())
      entries.push({ name: e.fileName, method: e.compressionMethod, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize, encrypted: e.isEncrypted() });
    return entries;
  } catch {
    return null;
  } finally {
    zip?.close();
  }
}

/** The bytes of the first entry called `name`, or null when it is missing, larger than `maxBytes` or unreadable. */
export async function readZipEntry(source: ByteSource, name: string, maxBytes: number): Promise<Buffer | null> {
  let zip: ZipFile | null = null;
  try {
    zip = await open(source, MAX_ZIP_ENTRIES);
    if (!zip) return null;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue;
      if (entry.uncompressedSize > maxBytes || !entry.canDecodeFileData()) return null;
      const chunks: Buffer[] = [];
      // validateEntrySizes stops the stream if the real size is larger than the declared one.
      for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>) chunks.push(chunk);
      return Buffer.concat(chunks);
    }
    return null;
  } catch {
    return null;
  } finally {
    zip?.close();
  }
}

export type InflateBudget = {
  /** Real inflated bytes of all entries together (images, fonts, embedded files and markup). */
  totalBytes: number;
  /** Real inflated bytes of the entries that are markup, together: what a converter parses. */
  markupBytes: number;
  maxEntries?: number;
};

export type InflateReport =
  | { ok: true; entries: number; totalBytes: number; markupBytes: number }
  | { ok: false; reason: "damaged" }
  | { ok: false; reason: "too_large"; budget: "total" | "markup"; readBytes: number };

/** XML (or any markup) starts with "<" after an optional byte-order mark and white space. */
function isMarkup(head: Buffer) {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  else if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return i < head.length ? head[i] === 0x3c : false;
}

class OverBudget extends Error {
  constructor(readonly budget: "total" | "markup") {
    super(budget);
  }
}

/**
 * Inflates every entry, counting real bytes, and stops as soon as a budget is passed (entries that
 * declare more than is left are refused before a byte is inflated). Nothing inflated is kept.
 */
export async function measureInflated(source: ByteSource, budget: InflateBudget): Promise<InflateReport> {
  let zip: ZipFile | null = null;
  let total = 0;
  let markup = 0;
  let entries = 0;
  try {
    zip = await open(source, budget.maxEntries ?? MAX_ZIP_ENTRIES);
    if (!zip) return { ok: false, reason: "damaged" };
    for await (const entry of zip.eachEntry()) {
      entries++;
      if (!entry.canDecodeFileData()) return { ok: false, reason: "damaged" };
      if (total + entry.uncompressedSize > budget.totalBytes) return { ok: false, reason: "too_large", budget: "total", readBytes: total };
      const stream = await zip.openReadStreamPromise(entry);
      let seen = 0;
      let markupEntry: boolean | null = null;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (markupEntry === null) markupEntry = isMarkup(chunk.subarray(0, 64));
          seen += chunk.length;
          total += chunk.length;
          if (markupEntry) markup += chunk.length;
          if (total > budget.totalBytes) throw new OverBudget("total");
          if (markup > budget.markupBytes) throw new OverBudget("markup");
          // Markup that declares more than the markup budget left is refused at its first chunk.
          if (markupEntry && markup - seen + entry.uncompressedSize > budget.markupBytes) throw new OverBudget("markup");
        }
      } finally {
        stream.unpipe?.();
        stream.destroy();
      }
    }
    return { ok: true, entries, totalBytes: total, markupBytes: markup };
  } catch (error) {
    if (error instanceof OverBudget) return { ok: false, reason: "too_large", budget: error.budget, readBytes: total };
    return { ok: false, reason: "damaged" };
  } finally {
    zip?.close();
  }
}
