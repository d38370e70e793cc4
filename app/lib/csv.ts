/**
 * CSV (RFC 4180) for spreadsheets people open in Excel: CRLF lines, quoted cells, and a UTF-8
 * byte-order mark so "£" survives. A cell that starts with = + - @ (or a tab or carriage return)
 * gets a leading apostrophe, so a spreadsheet shows it as text rather than running it as a
 * formula (OWASP "CSV injection").
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined) {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: (string | number | null | undefined)[]) {
  return cells.map(csvCell).join(",");
}

/** A whole file: BOM, header line, rows, each line ending CRLF. */
export function csvDocument(header: string[], rows: (string | number | null | undefined)[][]) {
  return `\uFEFF${[header, ...rows].map(csvLine).join("\r\n")}\r\n`;
}
