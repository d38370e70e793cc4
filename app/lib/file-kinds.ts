/**
 * The file types the library accepts, with their content types and words for them. Kept apart
 * from the detector (file-type.ts, server only) so pages can name a type without bundling it.
 */

export const FILE_KINDS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "md", "txt"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const CONTENT_TYPES: Record<FileKind, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  csv: "text/csv; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  txt: "text/plain; charset=utf-8",
};

/** Words for a type, for version tables and hints. */
export const KIND_LABELS: Record<FileKind, string> = {
  pdf: "PDF",
  docx: "Word document",
  xlsx: "Excel spreadsheet",
  pptx: "PowerPoint presentation",
  odt: "OpenDocument text",
  ods: "OpenDocument spreadsheet",
  csv: "CSV spreadsheet",
  md: "Markdown text",
  txt: "Plain text",
};

/** The accepted extensions, for the upload form's `accept` hint (the server decides by content). */
export const ACCEPTED_EXTENSIONS = [".docx", ".xlsx", ".pptx", ".odt", ".ods", ".pdf", ".csv", ".md", ".txt"];

/** Words for a stored content type ("Word document"), or "File" for anything unknown. */
export function labelForContentType(contentType: string) {
  const kind = (Object.keys(CONTENT_TYPES) as FileKind[]).find((k) => CONTENT_TYPES[k] === contentType);
  return kind ? KIND_LABELS[kind] : "File";
}
