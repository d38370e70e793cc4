import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { bufferSource, CONTENT_TYPES, detectFileType, type Detection } from "~/lib/file-type";
import { docx, xlsx } from "../fixtures/documents";
import { makeZip } from "../fixtures/zip";

const FILES = path.resolve(import.meta.dirname, "../fixtures/files");
const fixture = (name: string) => readFileSync(path.join(FILES, name));
const detect = (bytes: Uint8Array, name: string) => detectFileType(bufferSource(bytes), name);
const refusedFor = async (bytes: Uint8Array, name: string) => refusal(await detect(bytes, name));
const refusal = (d: Detection) => (d.ok ? null : d.reason);

describe("each accepted type is recognised from a real file", async () => {
  test.each([
    ["specification.docx", "docx"],
    ["evaluation.xlsx", "xlsx"],
    ["briefing.pptx", "pptx"],
    ["notes.odt", "odt"],
    ["costs.ods", "ods"],
    ["guidance.pdf", "pdf"],
    ["criteria.csv", "csv"],
    ["clause.md", "md"],
    ["readme.txt", "txt"],
  ] as const)("%s is %s, with its content type", async (name, kind) => {
    const d = await detect(fixture(name), name);
    expect(d).toEqual({ ok: true, kind, extension: kind, contentType: CONTENT_TYPES[kind] });
  });
});

describe("the name never decides the type", async () => {
  test("a spreadsheet named .docx is reported as the spreadsheet it is", async () => {
    expect(await detect(fixture("evaluation.xlsx"), "specification.docx")).toMatchObject({ ok: true, kind: "xlsx" });
  });

  test("a PDF named .txt is a PDF, and a Word file with no extension is Word", async () => {
    expect(await detect(fixture("guidance.pdf"), "notes.txt")).toMatchObject({ ok: true, kind: "pdf" });
    expect(await detect(fixture("specification.docx"), "specification")).toMatchObject({ ok: true, kind: "docx" });
  });

  test("for text the extension picks csv, md or txt, and anything else is plain text", async () => {
    const text = fixture("criteria.csv");
    expect(await detect(text, "a.csv")).toMatchObject({ kind: "csv", contentType: "text/csv; charset=utf-8" });
    expect(await detect(text, "a.MD")).toMatchObject({ kind: "md" });
    expect(await detect(text, "a.markdown")).toMatchObject({ kind: "md" });
    expect(await detect(text, "a.txt")).toMatchObject({ kind: "txt" });
    expect(await detect(text, "a.exe")).toMatchObject({ kind: "txt" });
  });
});

describe("disguised and broken files are refused", async () => {
  test("an executable renamed .pdf", async () => {
    const d = await detect(fixture("program.pdf"), "program.pdf");
    expect(refusal(d)).toBe("executable");
    expect(d.ok ? "" : d.message).toMatch(/program/i);
  });

  test("ELF programs and #! scripts, whatever they are called", async () => {
    expect(await refusedFor(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), "tool.txt")).toBe("executable");
    expect(await refusedFor(Buffer.from("#!/bin/sh\nrm -rf /\n"), "notes.txt")).toBe("executable");
  });

  test("HTML renamed .docx, and HTML or SVG named as text", async () => {
    expect(await refusedFor(fixture("page.docx"), "page.docx")).toBe("html");
    expect(await refusedFor(Buffer.from("  <html><body>hi</body></html>"), "a.md")).toBe("html");
    expect(await refusedFor(Buffer.from("Intro line\n<script>alert(1)</script>"), "a.txt")).toBe("html");
    expect(await refusedFor(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), "a.csv")).toBe("html");
    expect(await refusedFor(Buffer.from("\ufeff<!doctype html><p>x"), "a.txt")).toBe("html");
  });

  test("an empty file", async () => {
    expect(await refusedFor(fixture("empty.txt"), "empty.txt")).toBe("empty");
  });

  test("a .docx that is a ZIP without word/ is refused as a damaged Word file", async () => {
    const d = await detect(fixture("no-word.docx"), "no-word.docx");
    expect(refusal(d)).toBe("damaged_zip");
    expect(d.ok ? "" : d.message).toContain("This Word file could not be read");
  });

  test("a truncated Office file has no central directory and is refused", async () => {
    const whole = fixture("specification.docx");
    expect(await refusedFor(whole.subarray(0, whole.length - 30), "spec.docx")).toBe("damaged_zip");
  });

  test("a plain ZIP archive is not a document", async () => {
    expect(await refusedFor(makeZip([{ name: "a.txt", data: "hello" }]), "bundle.zip")).toBe("other_zip");
  });

  test("macro-enabled Office files are refused", async () => {
    const macro = docx([{ text: "x" }], { extraEntries: [{ name: "word/vbaProject.bin", data: new Uint8Array([1, 2, 3]) }] });
    expect(await refusedFor(macro, "letter.docx")).toBe("macro");
  });

  test("an OpenDocument presentation is not on the list", async () => {
    const odp = makeZip([{ name: "mimetype", data: "application/vnd.oasis.opendocument.presentation", store: true }, { name: "content.xml", data: "<x/>" }]);
    expect(await refusedFor(odp, "deck.odp")).toBe("other_zip");
  });

  test("images, legacy Office files, binary data and non-UTF-8 text", async () => {
    expect(await refusedFor(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "a.pdf")).toBe("image");
    expect(await refusedFor(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), "a.docx")).toBe("image");
    expect(await refusedFor(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "old.doc")).toBe("legacy_office");
    expect(await refusedFor(Buffer.from("abc\0def"), "a.txt")).toBe("binary");
    expect(await refusedFor(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), "latin1.csv")).toBe("not_utf8");
    expect(await refusedFor(Buffer.from("\xff\xfeh\0i\0", "latin1"), "utf16.txt")).toBe("not_utf8");
  });

  test("UTF-8 split across read chunks is still valid text", async () => {
    const text = "é".repeat(70_000); // 140 000 bytes: a chunk boundary falls inside a character
    expect(await detect(Buffer.from(text, "utf8"), "long.txt")).toMatchObject({ ok: true, kind: "txt" });
  });

  test("a workbook built in memory is recognised too", async () => {
    expect(await detect(xlsx("S", [["a", 1]]), "s.xlsx")).toMatchObject({ ok: true, kind: "xlsx" });
  });
});
