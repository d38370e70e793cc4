/**
 * What an uploaded file really is, decided by its content, never by its name (issue 8). The name
 * only chooses between the text formats (.csv, .md, .txt), which share one signature: valid
 * UTF-8. Anything not on the accepted list, and anything that could run in a browser or on a
 * desktop (executables, HTML, SVG), is refused with a reason a person can act on.
 *
 * It reads through a ByteSource, so the same code inspects a Buffer in a test and a stored file
 * on disk (or, later, ranges of an object in object storage) without reading a 25 MB upload into
 * memory. ZIP-based formats are told apart by the names in the ZIP's central directory, read by
 * yauzl (zip-reader.server.ts), which is why detection is asynchronous.
 */

import { CONTENT_TYPES, type FileKind } from "./file-kinds";
import { listZipEntries, readZipEntry } from "./zip-reader.server";

export { ACCEPTED_EXTENSIONS, CONTENT_TYPES, FILE_KINDS, KIND_LABELS, labelForContentType, type FileKind } from "./file-kinds";

export type RefusalReason = "empty" | "executable" | "html" | "image" | "legacy_office" | "macro" | "damaged_zip" | "other_zip" | "binary" | "not_utf8" | "unsupported";

export type Detection =
  | { ok: true; kind: FileKind; contentType: string; extension: FileKind }
  | { ok: false; reason: RefusalReason; message: string };

/** Random access to a file's bytes; `read` returns fewer bytes than asked only at the end. */
export type ByteSource = { size: number; read(offset: number, length: number): Uint8Array };

export function bufferSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)) };
}

const ACCEPTED_LIST = "Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods), PDF, CSV, Markdown (.md) or plain text (.txt)";

function refuse(reason: RefusalReason, message: string): Detection {
  return { ok: false, reason, message };
}

function accept(kind: FileKind): Detection {
  return { ok: true, kind, contentType: CONTENT_TYPES[kind], extension: kind };
}

function startsWith(bytes: Uint8Array, signature: number[] | string, at = 0) {
  const sig = typeof signature === "string" ? [...signature].map((c) => c.charCodeAt(0)) : signature;
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

function extensionOf(filename: string) {
  return /\.([a-z0-9]{1,10})$/i.exec(filename)?.[1]?.toLowerCase() ?? "";
}

/** Sniffed before anything else: things that run, or render in a browser. */
function refuseDangerous(head: Uint8Array): Detection | null {
  if (startsWith(head, "MZ")) return refuse("executable", "This file is a Windows program (an executable), whatever its name says. Programs cannot be uploaded.");
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return refuse("executable", "This file is a program (an ELF executable), whatever its name says. Programs cannot be uploaded.");
  if (startsWith(head, "#!")) return refuse("executable", "This file is a script (it starts with #!). Scripts cannot be uploaded.");
  for (const magic of [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]])
    if (startsWith(head, magic)) return refuse("executable", "This file is a program (a macOS or Java executable). Programs cannot be uploaded.");
  const images: [number[] | string, string][] = [
    [[0x89, 0x50, 0x4e, 0x47], "PNG"],
    [[0xff, 0xd8, 0xff], "JPEG"],
    ["GIF8", "GIF"],
    ["BM", "BMP"],
    [[0x49, 0x49, 0x2a, 0x00], "TIFF"],
    [[0x4d, 0x4d, 0x00, 0x2a], "TIFF"],
  ];
  for (const [magic, name] of images) if (startsWith(head, magic)) return refuse("image", `This file is a ${name} image. The library takes documents: ${ACCEPTED_LIST}.`);
  if (startsWith(head, "RIFF") && startsWith(head, "WEBP", 8)) return refuse("image", `This file is a WebP image. The library takes documents: ${ACCEPTED_LIST}.`);
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return refuse("legacy_office", "This is an older Office file (.doc, .xls or .ppt) or a password-protected one. Open it, save it as .docx, .xlsx or .pptx without a password, and choose the file again.");
  return null;
}

const MARKUP_START = /^\s*<(?:!doctype\s+html|html|head|body|script|svg|iframe|\?xml)/i;
const MARKUP_NEAR_START = /<!doctype\s+html|<html[\s>]|<script[\s>]|<svg[\s>]/i;

/** Valid UTF-8 with no NUL bytes and no web-page start; the extension picks csv, md or txt. */
function detectText(source: ByteSource, filename: string): Detection {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const chunk = 64 * 1024;
  let start = "";
  for (let offset = 0; offset < source.size; offset += chunk) {
    const bytes = source.read(offset, chunk);
    if (bytes.includes(0)) return refuse("binary", `This file is not a document we accept: it contains binary data. Upload ${ACCEPTED_LIST}.`);
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: offset + chunk < source.size });
    } catch {
      return refuse("not_utf8", `This file is neither a document we accept nor UTF-8 text. Upload ${ACCEPTED_LIST}; save text files as UTF-8.`);
    }
    if (offset === 0) start = text.replace(/^\ufeff/, "").slice(0, 1024);
  }
  if (MARKUP_START.test(start) || MARKUP_NEAR_START.test(start.slice(0, 512)))
    return refuse("html", "This file is a web page, SVG or XML document, whatever its name says. It cannot be uploaded; save it as PDF or Word instead.");
  const ext = extensionOf(filename);
  if (ext === "csv") return accept("csv");
  if (ext === "md" || ext === "markdown") return accept("md");
  return accept("txt");
}

const OOXML: { prefix: string; kind: FileKind; label: string }[] = [
  { prefix: "word/", kind: "docx", label: "Word" },
  { prefix: "xl/", kind: "xlsx", label: "Excel" },
  { prefix: "ppt/", kind: "pptx", label: "PowerPoint" },
];

const ODF_TYPES: Record<string, FileKind> = {
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
};

function damagedZip(filename: string): Detection {
  const ext = extensionOf(filename);
  const label = OOXML.find((o) => o.kind === ext)?.label ?? (ext === "odt" || ext === "ods" ? "OpenDocument" : null);
  return refuse(
    "damaged_zip",
    label
      ? `This ${label} file could not be read: it is damaged or incomplete. Open it in ${label === "OpenDocument" ? "your office software" : label}, save it again, and choose the file again.`
      : "This file looks like a damaged ZIP-based document and could not be read. Open it, save it again, and choose the file again.",
  );
}

/** OOXML (.docx, .xlsx, .pptx) by its top-level part folder, or ODF by its leading mimetype entry. */
async function detectZip(source: ByteSource, filename: string): Promise<Detection> {
  const entries = await listZipEntries(source);
  if (!entries) return damagedZip(filename);
  const names = new Set(entries.map((e) => e.name));
  // ODF: the first entry is "mimetype", stored uncompressed, holding the document's media type.
  const first = entries[0]!;
  if (first.name === "mimetype") {
    const typeBytes = first.method === 0 && first.uncompressedSize > 0 && first.uncompressedSize < 100 ? await readZipEntry(source, "mimetype", 100) : null;
    const mediaType = typeBytes ? new TextDecoder().decode(typeBytes) : "";
    const kind = ODF_TYPES[mediaType];
    if (kind && names.has("content.xml")) return accept(kind);
    return refuse("other_zip", `This is an OpenDocument file of a kind the library does not take (${mediaType || "unknown"}). Upload ${ACCEPTED_LIST}.`);
  }
  if (names.has("[Content_Types].xml")) {
    if ([...names].some((n) => /(^|\/)vbaProject\.bin$/i.test(n)))
      return refuse("macro", "This Office file contains macros, which can run code on a reader's computer. Save it as a macro-free .docx, .xlsx or .pptx and choose the file again.");
    const found = OOXML.filter((o) => [...names].some((n) => n.startsWith(o.prefix)));
    if (found.length === 1) return accept(found[0]!.kind);
    if (found.length > 1) return refuse("other_zip", "This Office file mixes Word, Excel and PowerPoint parts and could not be identified. Open it, save it again, and choose the file again.");
  }
  const ext = extensionOf(filename);
  if (OOXML.some((o) => o.kind === ext) || ext === "odt" || ext === "ods") return damagedZip(filename);
  return refuse("other_zip", `This is a ZIP archive, not a document we accept. Upload the documents one at a time: ${ACCEPTED_LIST}.`);
}

/**
 * The type of a file from its bytes. `filename` only picks between the text formats and words
 * a refusal (a damaged ".docx" is called a Word file); it never makes a file acceptable.
 */
export async function detectFileType(source: ByteSource, filename: string): Promise<Detection> {
  if (source.size === 0) return refuse("empty", "The selected file is empty. Choose a file with something in it.");
  const head = source.read(0, 64);
  const dangerous = refuseDangerous(head);
  if (dangerous) return dangerous;
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]))
    return refuse("not_utf8", "This text file is saved as UTF-16. Save it as UTF-8 (in Notepad: Save as, Encoding UTF-8) and choose the file again.");
  if (startsWith(head, "%PDF-")) return accept("pdf");
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return detectZip(source, filename);
  return detectText(source, filename);
}
