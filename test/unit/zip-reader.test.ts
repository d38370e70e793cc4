/**
 * The bounded ZIP reader (issue 11): entries and sizes come from the central directory, every
 * entry is inflated and counted whatever its name, and reading stops at the budget.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { bufferSource } from "~/lib/file-type";
import { listZipEntries, measureInflated } from "~/lib/zip-reader.server";
import { DOCX_BUDGET } from "~/lib/template-preview.server";
import { deeplyNested, documentXmlBomb, hiddenMainPartBomb, largeXmlPart, lyingSizeBomb, manyEntries } from "../fixtures/bombs";
import { makeZip } from "../fixtures/zip";

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../fixtures/files", name));
const measure = (bytes: Uint8Array, budget = DOCX_BUDGET) => measureInflated(bufferSource(bytes), budget);

describe("listZipEntries", () => {
  test("names and declared sizes, in directory order", async () => {
    const zip = makeZip([{ name: "mimetype", data: "application/x", store: true }, { name: "a/b.xml", data: "<a>" + "x".repeat(1000) + "</a>" }]);
    expect(await listZipEntries(bufferSource(zip))).toEqual([
      { name: "mimetype", method: 0, compressedSize: 13, uncompressedSize: 13, encrypted: false },
      { name: "a/b.xml", method: 8, compressedSize: expect.any(Number), uncompressedSize: 1007, encrypted: false },
    ]);
  });

  test("a truncated ZIP, an empty one and one with too many entries are not listed", async () => {
    const whole = fixture("specification.docx");
    expect(await listZipEntries(bufferSource(whole.subarray(0, whole.length - 30)))).toBeNull();
    expect(await listZipEntries(bufferSource(makeZip([])))).toBeNull();
    expect(await listZipEntries(bufferSource(manyEntries()))).toBeNull();
  });
});

describe("measureInflated", () => {
  test("a real document fits, its markup counted", async () => {
    const report = await measure(fixture("specification.docx"));
    expect(report).toMatchObject({ ok: true, entries: 5 });
    expect(report.ok && report.markupBytes).toBeGreaterThan(1000);
  });

  test("a 60 MB document.xml stops at the markup budget, never inflated whole", async () => {
    const report = await measure(documentXmlBomb());
    expect(report).toMatchObject({ ok: false, reason: "too_large", budget: "markup" });
    expect(report.ok || report.reason !== "too_large" ? 0 : report.readBytes).toBeLessThan(DOCX_BUDGET.markupBytes + 256 * 1024);
  });

  test("markup is found by content, not name: a main part called word/main.dat counts", async () => {
    expect(await measure(hiddenMainPartBomb())).toMatchObject({ ok: false, reason: "too_large", budget: "markup" });
    const named = makeZip([{ name: "word/media/image1.png", data: "<x>" + "a".repeat(5000) + "</x>" }]);
    expect(await measure(named, { markupBytes: 1000, totalBytes: 1_000_000 })).toMatchObject({ ok: false, budget: "markup" });
  });

  test("binary entries count only to the total budget", async () => {
    const image = new Uint8Array(200_000).map((_, i) => (i * 7919) % 251);
    image.set([0x89, 0x50, 0x4e, 0x47]);
    const zip = makeZip([{ name: "word/document.xml", data: "<w:document/>" }, { name: "word/media/photo.dat", data: image }]);
    expect(await measure(zip, { markupBytes: 1000, totalBytes: 1_000_000 })).toMatchObject({ ok: true, markupBytes: 13, totalBytes: 200_013 });
    expect(await measure(zip, { markupBytes: 1000, totalBytes: 100_000 })).toMatchObject({ ok: false, budget: "total" });
  });

  test("an 8 MB XML part is over the budget", async () => {
    expect(await measure(largeXmlPart())).toMatchObject({ ok: false, reason: "too_large" });
  });

  test("an entry that inflates to more than it declares is refused as damaged", async () => {
    expect(await measure(lyingSizeBomb())).toEqual({ ok: false, reason: "damaged" });
  });

  test("many entries are refused before any is inflated; deep nesting within budget passes to the converter", async () => {
    expect(await measure(manyEntries())).toEqual({ ok: false, reason: "damaged" });
    expect(await measure(deeplyNested())).toMatchObject({ ok: true });
  });
});
