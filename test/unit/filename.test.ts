import { describe, expect, test } from "vitest";
import { asciiFilename, contentDisposition, sanitizeFilename, withExtension } from "~/lib/filename";

describe("sanitizeFilename", () => {
  test("keeps an ordinary name as it is", () => {
    expect(sanitizeFilename("Custody specification v2.docx")).toBe("Custody specification v2.docx");
  });

  test("strips paths with either separator", () => {
    expect(sanitizeFilename("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFilename("C:\\Users\\casey\\Documents\\spec.docx")).toBe("spec.docx");
    expect(sanitizeFilename("a/b\\c/../clause.md")).toBe("clause.md");
    expect(sanitizeFilename("folder/")).toBe("file");
  });

  test("removes control and bidirectional characters, so a name cannot hide its real extension", () => {
    expect(sanitizeFilename("spec\u0000\r\n.docx")).toBe("spec.docx");
    expect(sanitizeFilename("invoice\u202efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitizeFilename("tab\there.txt")).toBe("tabhere.txt");
  });

  test("replaces reserved characters, collapses whitespace, drops leading dots", () => {
    expect(sanitizeFilename('what: "a" <b>|c?*.pdf')).toBe("what_ _a_ _b__c__.pdf");
    expect(sanitizeFilename("   lots    of\u00a0  space .csv ")).toBe("lots of space.csv");
    expect(sanitizeFilename("...hidden.txt")).toBe("hidden.txt");
    expect(sanitizeFilename(".htaccess")).toBe("htaccess");
    expect(sanitizeFilename("trailing dots...")).toBe("trailing dots");
  });

  test("never returns an empty name, and defuses Windows device names", () => {
    expect(sanitizeFilename("")).toBe("file");
    expect(sanitizeFilename("\u0001\u0002")).toBe("file");
    expect(sanitizeFilename(".pdf")).toBe("pdf");
    expect(sanitizeFilename("CON.txt")).toBe("_CON.txt");
  });

  test("a 300-character name is cut to 120 characters, keeping the extension", () => {
    const out = sanitizeFilename(`${"a".repeat(300)}.DOCX`);
    expect(out).toHaveLength(120);
    expect(out.endsWith("a.docx")).toBe(true);
  });

  test("unicode names are kept (NFC), and cutting never splits a character", () => {
    expect(sanitizeFilename("Évaluation — critères.xlsx")).toBe("Évaluation — critères.xlsx");
    expect(sanitizeFilename("E\u0301tude.md")).toBe("\u00c9tude.md");
    expect(sanitizeFilename("警察調達仕様書.docx")).toBe("警察調達仕様書.docx");
    const emoji = sanitizeFilename(`${"📄".repeat(200)}.pdf`);
    expect(Array.from(emoji)).toHaveLength(120);
    expect(emoji.endsWith("📄.pdf")).toBe(true);
    expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/); // no lone surrogate
  });
});

describe("withExtension", () => {
  test("replaces a misleading type extension and adds a missing one", () => {
    expect(withExtension("specification.docx", "xlsx")).toBe("specification.xlsx");
    expect(withExtension("program.exe", "txt")).toBe("program.txt");
    expect(withExtension("notes", "txt")).toBe("notes.txt");
    expect(withExtension("release v1.2", "pdf")).toBe("release v1.2.pdf");
    expect(withExtension("clause.markdown", "md")).toBe("clause.markdown");
    expect(withExtension("spec.docx", "docx")).toBe("spec.docx");
  });
});

describe("contentDisposition", () => {
  test("an ASCII name is sent as is, twice", () => {
    expect(contentDisposition("spec v2.docx")).toBe(`attachment; filename="spec v2.docx"; filename*=UTF-8''spec%20v2.docx`);
  });

  test("a unicode name gets an ASCII stand-in and an exact RFC 5987 form", () => {
    const header = contentDisposition("Évaluation critères (v2).xlsx");
    expect(header).toBe(`attachment; filename="Evaluation criteres _v2_.xlsx"; filename*=UTF-8''%C3%89valuation%20crit%C3%A8res%20%28v2%29.xlsx`.replace("_v2_", "(v2)"));
    expect(asciiFilename("警察.docx")).toBe("file.docx");
  });

  test("nothing in a name can break out of the header", () => {
    const header = contentDisposition('a"; filename=evil.exe\r\nX-Injected: 1.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });
});
