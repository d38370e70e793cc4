/**
 * What an uploaded file is, and the preview shown on its template page, worked out once at
 * upload from the stored bytes (issue 8): the type from the content signature (file-type.ts);
 * Markdown rendered by the post pipeline; .txt and .csv shown as written; .docx converted by
 * mammoth and sanitised. Pages show the stored HTML and never parse a document.
 */
import { inflateRawSync } from "node:zlib";
import mammoth from "mammoth";
import { detectFileType, readZipDirectory, type ByteSource, type Detection, type FileKind } from "./file-type";
import { withExtension } from "./filename";
import { renderMarkdownOrAsWritten } from "./markdown.server";
import { preformatted, sanitizeHtmlFragment } from "./sanitize.server";
import { readStored, storedByteSource } from "./storage.server";

/** Text previews stop here; the download has the rest. */
export const TEXT_PREVIEW_BYTES = 200 * 1024;
/**
 * Markdown previews stop sooner, at the length of the longest post, so rendering one is as
 * quick as rendering a post; Markdown beyond the renderer's limits is shown as written.
 */
const MARKDOWN_PREVIEW_CHARS = 50_000;
/** A Word file whose XML parts unpack to more than this gets no preview (a ZIP bomb gets none either). */
const DOCX_XML_BUDGET = 64 * 1024 * 1024;

export type PreparedFile = { sha256: string; size: number; kind: FileKind; contentType: string; filename: string; previewHtml: string | null };
export type FileProblem = { reason: string; message: string };

const UNREADABLE_WORD = "This Word file could not be read: it may be damaged, or saved by a program that does not write real .docx files. Open it in Word, save it again as a .docx, and choose the file again.";

const CUT_NOTE = '<p><em>The preview stops here: download the file to read the rest.</em></p>';

function textStart(source: ByteSource) {
  const bytes = source.read(0, TEXT_PREVIEW_BYTES);
  let text = new TextDecoder("utf-8").decode(bytes).replace(/^\ufeff/, "");
  const cut = source.size > TEXT_PREVIEW_BYTES;
  // A cut may end mid-character or mid-line: drop the partial last line.
  if (cut) text = text.slice(0, Math.max(0, text.lastIndexOf("\n")));
  return { text, cut };
}

/**
 * Unpacks the XML parts mammoth will parse, with a real (not declared) size limit, so a
 * "document" that inflates to gigabytes is caught before mammoth holds it in memory.
 */
function xmlPartsFit(source: ByteSource): boolean {
  const entries = readZipDirectory(source);
  if (!entries) return false;
  let budget = DOCX_XML_BUDGET;
  for (const e of entries) {
    if (!/\.(xml|rels)$/i.test(e.name)) continue;
    const local = source.read(e.localOffset, 30);
    if (local.length < 30 || local[0] !== 0x50 || local[1] !== 0x4b || local[2] !== 0x03 || local[3] !== 0x04) return false;
    const start = e.localOffset + 30 + (local[26]! | (local[27]! << 8)) + (local[28]! | (local[29]! << 8));
    const data = source.read(start, e.compressedSize);
    if (e.method === 0) budget -= data.length;
    else if (e.method === 8) {
      try {
        budget -= inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch {
        return false;
      }
    } else return false;
    if (budget < 0) return false;
  }
  return true;
}

async function docxPreview(sha256: string, source: ByteSource): Promise<{ ok: true; html: string | null } | { ok: false }> {
  if (!xmlPartsFit(source)) return { ok: false };
  try {
    return { ok: true, html: await docxToSafeHtml(await readStored(sha256)) };
  } catch {
    return { ok: false };
  }
}

/**
 * A Word document as sanitised HTML, or null when it has no text; throws when it cannot be read.
 * Images are left out (never inlined as data: URLs) and linked files are never fetched.
 */
export async function docxToSafeHtml(bytes: Buffer): Promise<string | null> {
  const result = await mammoth.convertToHtml({ buffer: bytes }, { convertImage: mammoth.images.imgElement(async () => ({ src: "" })), externalFileAccess: false, ignoreEmptyParagraphs: true });
  return sanitizeHtmlFragment(result.value) || null;
}

/**
 * The detected type, a download filename whose extension matches it, and the preview; or why
 * the file is refused. `clientFilename` must already be sanitised.
 */
export async function prepareStoredFile(upload: { sha256: string; size: number }, clientFilename: string): Promise<{ ok: true; file: PreparedFile } | { ok: false; problem: FileProblem }> {
  const source = storedByteSource(upload.sha256);
  let detection: Detection;
  let previewHtml: string | null = null;
  try {
    detection = detectFileType(source, clientFilename);
    if (!detection.ok) return { ok: false, problem: { reason: detection.reason, message: detection.message } };
    if (detection.kind === "docx") {
      const preview = await docxPreview(upload.sha256, source);
      if (!preview.ok) return { ok: false, problem: { reason: "unreadable_word", message: UNREADABLE_WORD } };
      previewHtml = preview.html;
    } else if (detection.kind === "md" || detection.kind === "txt" || detection.kind === "csv") {
      let { text, cut } = textStart(source);
      if (detection.kind === "md" && text.length > MARKDOWN_PREVIEW_CHARS) {
        const lineEnd = text.lastIndexOf("\n", MARKDOWN_PREVIEW_CHARS);
        text = text.slice(0, lineEnd > 0 ? lineEnd : MARKDOWN_PREVIEW_CHARS);
        cut = true;
      }
      const body = detection.kind === "md" ? renderMarkdownOrAsWritten(text) : preformatted(text);
      previewHtml = body + (cut ? CUT_NOTE : "");
    }
  } finally {
    source.close();
  }
  return {
    ok: true,
    file: { sha256: upload.sha256, size: upload.size, kind: detection.kind, contentType: detection.contentType, filename: withExtension(clientFilename, detection.extension), previewHtml },
  };
}
