/**
 * What an uploaded file is, and the preview shown on its template page, worked out once at
 * upload from the stored bytes (issue 8): the type from the content signature (file-type.ts);
 * Markdown rendered by the post pipeline; .txt and .csv shown as written; .docx converted by
 * mammoth and sanitised. Pages show the stored HTML and never parse a document.
 */
import { convertDocxIsolated } from "./docx-worker.server";
import { detectFileType, type ByteSource, type Detection, type FileKind } from "./file-type";
import { withExtension } from "./filename";
import { renderMarkdownOrAsWritten } from "./markdown.server";
import { BODY_MAX_CHARS } from "~/forms/post-input";
import { preformatted, sanitizeHtmlFragment } from "./sanitize.server";
import { readStored, storedByteSource } from "./storage.server";
import { measureInflated, type InflateBudget } from "./zip-reader.server";

/** Text previews stop here; the download has the rest. */
export const TEXT_PREVIEW_BYTES = 200 * 1024;
/**
 * Markdown previews stop sooner, at the length of the longest post, so rendering one is as
 * quick as rendering a post; Markdown beyond the renderer's limits is shown as written.
 */
const MARKDOWN_PREVIEW_CHARS = BODY_MAX_CHARS;
/**
 * What a Word file may unpack to before mammoth is given it (issue 11). Markup is any entry whose
 * content is XML, whatever its name, since mammoth follows relationships to its parts: measured
 * with mammoth 1.13, 1 MB of dense Word XML takes about 0.9 s and 200 MB (2 MB: 1.7 s and 350 MB;
 * 8 MB: 9 s and 2 GB). Everything else (images, fonts, embedded files) only counts to the total.
 */
export const DOCX_BUDGET: InflateBudget = { markupBytes: 1024 * 1024, totalBytes: 64 * 1024 * 1024 };

export type PreparedFile = { sha256: string; size: number; kind: FileKind; contentType: string; filename: string; previewHtml: string | null };
export type FileProblem = { reason: string; message: string };

const UNREADABLE_WORD = "This Word file could not be read: it may be damaged, or saved by a program that does not write real .docx files. Open it in Word, save it again as a .docx, and choose the file again.";

const WORD_TOO_BIG = "This Word file is too big to preview: its text and formatting unpack to more than 1 MB, or the whole file to more than 64 MB. Split it into smaller documents, or save it as a PDF, and choose the file again.";

const CUT_NOTE = '<p><em>The preview stops here: download the file to read the rest.</em></p>';

function textStart(source: ByteSource) {
  const bytes = source.read(0, TEXT_PREVIEW_BYTES);
  let text = new TextDecoder("utf-8").decode(bytes).replace(/^\ufeff/, "");
  const cut = source.size > TEXT_PREVIEW_BYTES;
  // A cut may end mid-character or mid-line: drop the partial last line.
  if (cut) text = text.slice(0, Math.max(0, text.lastIndexOf("\n")));
  return { text, cut };
}

type DocxPreview = { ok: true; html: string | null } | { ok: false; problem: FileProblem };

async function docxPreview(sha256: string, source: ByteSource): Promise<DocxPreview> {
  const measured = await measureInflated(source, DOCX_BUDGET);
  if (!measured.ok) return { ok: false, problem: measured.reason === "too_large" ? { reason: "word_too_big", message: WORD_TOO_BIG } : { reason: "unreadable_word", message: UNREADABLE_WORD } };
  const converted = await convertDocxIsolated(await readStored(sha256));
  if (converted.ok) return { ok: true, html: sanitizeHtmlFragment(converted.html) || null };
  return { ok: false, problem: converted.reason === "failed" ? { reason: "unreadable_word", message: UNREADABLE_WORD } : { reason: "word_too_big", message: WORD_TOO_BIG } };
}

/**
 * A Word document as sanitised HTML, or null when it has no text; throws when it cannot be read.
 * Converted in a worker (docx-worker.server.ts): images are left out, linked files never fetched.
 */
export async function docxToSafeHtml(bytes: Buffer): Promise<string | null> {
  const converted = await convertDocxIsolated(bytes);
  if (!converted.ok) throw new Error(`Word conversion ${converted.reason}`);
  return sanitizeHtmlFragment(converted.html) || null;
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
    detection = await detectFileType(source, clientFilename);
    if (!detection.ok) return { ok: false, problem: { reason: detection.reason, message: detection.message } };
    if (detection.kind === "docx") {
      const preview = await docxPreview(upload.sha256, source);
      if (!preview.ok) return { ok: false, problem: preview.problem };
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
