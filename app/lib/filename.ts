/**
 * Upload filenames are shown on pages and sent back in Content-Disposition, so they are cleaned
 * once, at upload: no paths, no control or bidirectional-override characters (which can make
 * "evil‮fdp.exe" look like "evil.exe.pdf"), no characters Windows refuses, no leading dots,
 * at most 120 characters with the extension kept. Bad names are cleaned, never refused.
 */

export const FILENAME_MAX = 120;

// C0 and C1 controls, DEL, bidi controls and zero-width characters.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const RESERVED = /[<>:"|?*;]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const EXTENSION = /\.([a-z0-9]{1,10})$/i;

/** Extensions that name a file type, so a mislabelled one is replaced rather than kept beside the real one. */
const TYPE_EXTENSIONS = new Set([
  "docx", "xlsx", "pptx", "odt", "ods", "pdf", "csv", "md", "markdown", "txt", "text",
  "doc", "xls", "ppt", "docm", "xlsm", "pptm", "rtf", "odp", "zip", "exe", "dll", "msi", "bat", "cmd", "com", "scr",
  "ps1", "sh", "js", "vbs", "jar", "html", "htm", "xhtml", "svg", "xml", "png", "jpg", "jpeg", "gif", "webp", "bmp",
]);

function codePoints(s: string) {
  return Array.from(s);
}

/** Cuts to `max` characters (code points, so no emoji is split) without leaving a dangling space or dot. */
function cut(s: string, max: number) {
  const points = codePoints(s);
  return points.length <= max ? s : points.slice(0, max).join("").replace(/[\s.]+$/, "");
}

/**
 * A safe display and download name. Paths (either separator) keep only their last part; the
 * result is never empty ("file" stands in) and keeps its extension within the length limit.
 */
export function sanitizeFilename(raw: string, max = FILENAME_MAX): string {
  let name = raw.normalize("NFC");
  name = name.split(/[/\\]/).pop() ?? "";
  name = name.replace(INVISIBLE, "").replace(RESERVED, "_");
  name = name.replace(/\s+/g, " ").trim();
  name = name.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
  if (WINDOWS_DEVICE.test(name)) name = `_${name}`;
  const ext = EXTENSION.exec(name)?.[0] ?? "";
  let base = ext ? name.slice(0, -ext.length).replace(/[\s.]+$/, "") : name;
  if (!base) base = "file";
  const room = max - codePoints(ext).length;
  return `${cut(base, room)}${ext.toLowerCase()}`;
}

/**
 * The name with the extension of the type its content was found to be: "spec.docx" that is a
 * spreadsheet becomes "spec.xlsx"; "notes" or "v1.2" gain one ("notes.txt", "v1.2.pdf").
 */
export function withExtension(filename: string, extension: string, max = FILENAME_MAX): string {
  const match = EXTENSION.exec(filename);
  const current = match?.[1]?.toLowerCase();
  if (current === extension || (extension === "md" && current === "markdown")) return filename;
  const base = match && TYPE_EXTENSIONS.has(current!) ? filename.slice(0, -match[0].length) : filename;
  return sanitizeFilename(`${base || "file"}.${extension}`, max);
}

/** RFC 5987 attr-char: everything else is percent-encoded (encodeURIComponent leaves ' ( ) * alone). */
function encodeRfc5987(value: string) {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A printable-ASCII stand-in for old clients: accents dropped, anything else becomes "_". */
export function asciiFilename(filename: string) {
  const ascii = filename
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\%]/g, "_");
  return ascii.replace(/^[_\s.]+(?=\.[a-z0-9]+$)/i, "file") || "file";
}

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266), safe for any sanitised name. */
export function contentDisposition(filename: string, type: "attachment" | "inline" = "attachment") {
  const clean = sanitizeFilename(filename);
  return `${type}; filename="${asciiFilename(clean)}"; filename*=UTF-8''${encodeRfc5987(clean)}`;
}
