/**
 * Previews made once at upload (issue 8): Word through mammoth and the sanitiser, Markdown
 * through the post pipeline, text and CSV escaped; damaged Word files and ZIP bombs refused.
 * Also the demo seed: its files go through storage and a second run adds nothing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { freshDataDir } from "../helpers/in-process";
import { deeplyNested, hiddenMainPartBomb, largeXmlPart, wordXmlOfSize } from "../fixtures/bombs";
import { docx } from "../fixtures/documents";
import { makeZip } from "../fixtures/zip";

freshDataDir("preview");

const { saveBytes, isStored } = await import("~/lib/storage.server");
const { prepareStoredFile, TEXT_PREVIEW_BYTES } = await import("~/lib/template-preview.server");
const { sanitizeHtmlFragment } = await import("~/lib/sanitize.server");
const { convertDocxIsolated, DEFAULT_LIMITS } = await import("~/lib/docx-worker.server");

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/files");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

async function prepare(bytes: Uint8Array, name: string) {
  return prepareStoredFile(saveBytes(bytes), name);
}

describe("sanitizeHtmlFragment", () => {
  test("keeps structure, drops anything that could run, load or clobber the page", () => {
    const dirty = `<h1 id="main-content">Title</h1><h2>Sub</h2><p style="color:red" class="x" onclick="alert(1)">Text <a href="javascript:alert(1)">bad</a> <a href="https://example.org/a" target="_blank">good</a> <a id="_Toc1" href="#_Toc1">toc</a></p><img src="data:image/png;base64,AAAA"><script>alert(2)</script><style>p{}</style><iframe src="https://evil"></iframe><table><tr><td colspan="2" width="9">c</td></tr></table><form><input name="x"></form>`;
    const clean = sanitizeHtmlFragment(dirty);
    expect(clean).toBe('<h3>Title</h3><h4>Sub</h4><p>Text <span>bad</span> <a href="https://example.org/a" rel="nofollow ugc noopener">good</a> <span>toc</span></p><table><tr><td colspan="2">c</td></tr></table>');
  });
});

describe("prepareStoredFile", () => {
  test("Markdown beyond the renderer's limits is shown as written, and long Markdown stops at a post's length", async () => {
    const deep = await prepare(Buffer.from(`${"> ".repeat(20_000)}deep`), "deep.md");
    if (!deep.ok) throw new Error(deep.problem.message);
    expect(deep.file.previewHtml).toMatch(/^<pre>&gt; &gt; /);
    expect(deep.file.previewHtml).toContain("deep</pre>");
    const long = await prepare(Buffer.from("_a".repeat(100_000)), "long.md");
    if (!long.ok) throw new Error(long.problem.message);
    expect(long.file.previewHtml).toBe(`<pre>${"_a".repeat(25_000)}</pre><p><em>The preview stops here: download the file to read the rest.</em></p>`);
  });

  test("a Word document gets a sanitised HTML preview and keeps its name", async () => {
    const result = await prepare(fixture("specification.docx"), "Custody spec.docx");
    if (!result.ok) throw new Error(result.problem.message);
    expect(result.file).toMatchObject({ kind: "docx", filename: "Custody spec.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    expect(result.file.previewHtml).toContain("<h3>Custody service specification</h3>");
    expect(result.file.previewHtml).toContain("<table>");
  });

  test("scripts and images inside a Word document never reach the preview", async () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    const documentXml = `<?xml version="1.0"?><w:document ${W}><w:body><w:p><w:r><w:t>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;</w:t></w:r></w:p></w:body></w:document>`;
    const result = await prepare(docx([], { documentXml }), "x.docx");
    if (!result.ok) throw new Error(result.problem.message);
    expect(result.file.previewHtml).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;</p>");
  });

  test("a Word file whose XML cannot be parsed is refused with the Word message", async () => {
    const result = await prepare(fixture("broken.docx"), "broken.docx");
    expect(result.ok ? null : result.problem).toMatchObject({ reason: "unreadable_word", message: expect.stringContaining("This Word file could not be read") });
  });

  test("a Word file that inflates past the budget (a ZIP bomb) is refused before mammoth reads it", async () => {
    const filler = `<w:p><w:r><w:t>${"A".repeat(1_000_000)}</w:t></w:r></w:p>`.repeat(70);
    const bomb = docx([], { documentXml: `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${filler}</w:body></w:document>` });
    expect(bomb.length).toBeLessThan(200_000);
    const result = await prepare(bomb, "bomb.docx");
    expect(result.ok ? null : result.problem).toMatchObject({ reason: "word_too_big", message: expect.stringContaining("This Word file is too big to preview") });
  });

  test("bombs are refused with the size message: a hidden main part, an 8 MB part; deep nesting as unreadable", async () => {
    for (const bomb of [hiddenMainPartBomb(), largeXmlPart()]) expect(await prepare(bomb, "bomb.docx")).toMatchObject({ ok: false, problem: { reason: "word_too_big" } });
    expect(await prepare(deeplyNested(), "deep.docx")).toMatchObject({ ok: false, problem: { reason: "unreadable_word" } });
  });
});

describe("convertDocxIsolated", () => {
  test("converts in a worker, and ends a worker that runs too long or needs too much memory", async () => {
    const small = await convertDocxIsolated(fixture("specification.docx"));
    expect(small.ok && small.html).toContain("<h1>Custody service specification</h1>");
    const big = docx([], { documentXml: wordXmlOfSize(900 * 1024) });
    expect(await convertDocxIsolated(big, { ...DEFAULT_LIMITS, timeoutMs: 20 })).toEqual({ ok: false, reason: "timeout" });
    expect(await convertDocxIsolated(big, { ...DEFAULT_LIMITS, maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 })).toEqual({ ok: false, reason: "memory" });
    expect(await convertDocxIsolated(deeplyNested())).toEqual({ ok: false, reason: "failed" });
  });

  test("Markdown is rendered by the post pipeline; text and CSV are escaped in <pre>", async () => {
    const md = await prepare(Buffer.from("# Heading\n\nRaw <b onclick=x>HTML</b> stays text; **bold** works.\n"), "c.md");
    expect(md.ok && md.file.previewHtml).toBe("<h3>Heading</h3>\n<p>Raw &lt;b onclick=x&gt;HTML&lt;/b&gt; stays text; <strong>bold</strong> works.</p>");
    const csv = await prepare(Buffer.from('a,b\n"<i>x</i>",&\n'), "c.csv");
    expect(csv.ok && csv.file.previewHtml).toBe("<pre>a,b\n&quot;&lt;i&gt;x&lt;/i&gt;&quot;,&amp;\n</pre>");
  });

  test("a long text file's preview stops at a line boundary and says so", async () => {
    const line = "A line of a long specification.\n";
    const text = line.repeat(Math.ceil((TEXT_PREVIEW_BYTES * 2) / line.length));
    const result = await prepare(Buffer.from(text), "long.txt");
    if (!result.ok) throw new Error(result.problem.message);
    expect(result.file.previewHtml!.length).toBeLessThan(TEXT_PREVIEW_BYTES + 200);
    expect(result.file.previewHtml).toContain(".</pre><p><em>The preview stops here");
  });

  test("other types have no preview; the filename takes the detected extension", async () => {
    const xlsx = await prepare(fixture("evaluation.xlsx"), "criteria.docx");
    expect(xlsx.ok && xlsx.file).toMatchObject({ kind: "xlsx", filename: "criteria.xlsx", previewHtml: null });
    const pdf = await prepare(fixture("guidance.pdf"), "guidance");
    expect(pdf.ok && pdf.file).toMatchObject({ kind: "pdf", filename: "guidance.pdf", previewHtml: null });
  });

  test("refusals carry the detector's reason", async () => {
    const exe = await prepare(fixture("program.pdf"), "program.pdf");
    expect(exe.ok ? null : exe.problem.reason).toBe("executable");
    const zip = await prepare(makeZip([{ name: "a.txt", data: "x" }]), "a.zip");
    expect(zip.ok ? null : zip.problem.reason).toBe("other_zip");
  });
});

describe("demo templates", () => {
  beforeAll(async () => {
    const { db } = await import("../../db/client.server");
    const { migrateDatabase } = await import("../../db/migrate.server");
    migrateDatabase(db());
  });

  test("are stored through the storage module, marked as demo, and seeding again adds nothing", async () => {
    const { db } = await import("../../db/client.server");
    const { seed } = await import("../../db/seed/index");
    await seed(db(), { demo: true });
    const client = db().$client;
    const counts = () => client.prepare("SELECT (SELECT count(*) FROM templates) AS t, (SELECT count(*) FROM template_versions) AS v, (SELECT count(*) FROM stored_files) AS f, (SELECT count(*) FROM discussions WHERE owner_kind = 'template') AS d").get();
    const first = counts();
    expect(first).toEqual({ t: 3, v: 4, f: 4, d: 3 });
    await seed(db(), { demo: true });
    expect(counts()).toEqual(first);
    const rows = client.prepare("SELECT t.title, t.summary, t.is_demo, v.file_sha256, v.preview_html, v.content_type FROM templates t JOIN template_versions v ON v.template_id = t.id").all() as { title: string; summary: string; is_demo: number; file_sha256: string; preview_html: string | null; content_type: string }[];
    for (const r of rows) {
      expect(r.title).toContain("(demo)");
      expect(r.summary).toContain("(demo)");
      expect(r.is_demo).toBe(1);
      expect(isStored(r.file_sha256)).toBe(true);
    }
    expect(rows.find((r) => r.content_type.includes("wordprocessingml"))!.preview_html).toContain("<h3>Control room service specification (demo)</h3>");
    expect(rows.find((r) => r.content_type.includes("markdown"))!.preview_html).toContain("<h4>1. Right to benchmark</h4>");
  });
});
