/**
 * Fictional demo templates (issue 8), marked as demo on every page and in their titles. They are
 * not linked to the real partnerships in the registry, since that would invent a fact about them.
 * Files come from db/seed/files (made by test/fixtures/make-files.ts) and go through the storage
 * module into $DATA_DIR/files, like an upload. Keyed on title, so running the seed again adds nothing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { bufferSource, detectFileType, type Detection } from "../../app/lib/file-type";
import { renderMarkdownOrAsWritten } from "../../app/lib/markdown.server";
import { projectRoot } from "../../app/lib/project-root.server";
import { saveBytes } from "../../app/lib/storage.server";
import type { PreparedFile } from "../../app/lib/template-preview.server";
import { insertNextVersion, insertTemplate, type Licence } from "../../app/models/templates.server";
import type { Tx } from "../client.server";
import { templates, terms, users } from "../schema";
import type { Audience } from "../../app/lib/fixed-lists";

const FILES = path.join(projectRoot(import.meta.url), "db", "seed", "files");

type DemoVersion = { file: string; changelog: string; uploader: string; daysAgo: number };
type DemoTemplate = { title: string; summary: string; category: string; areas: string[]; audience: Audience; licence: Licence; author: string; versions: DemoVersion[] };

const TEMPLATES: DemoTemplate[] = [
  {
    title: "Benchmarking clause for long outsourcing contracts (demo)",
    summary: "A fictional model clause (demo): when either party may ask for a benchmark review, how comparators and the benchmarker are chosen, and what happens when charges are out of line.",
    category: "benchmarking-clause",
    areas: ["procurement", "finance"],
    audience: "members",
    licence: "Open Government Licence v3.0",
    author: "demo-home-office",
    versions: [
      { file: "benchmarking-clause-demo-v1.md", changelog: "First version", uploader: "demo-home-office", daysAgo: 30 },
      { file: "benchmarking-clause-demo-v2.md", changelog: "Comparators agreed before the benchmarker starts; fees shared equally", uploader: "demo-home-office", daysAgo: 3 },
    ],
  },
  {
    title: "Evaluation criteria and weightings for a business partnering tender (demo)",
    summary: "A fictional evaluation model (demo) for a back-office partnering procurement: quality, mobilisation, exit, social value and price, with weightings and what a high score looks like.",
    category: "evaluation-criteria",
    areas: ["procurement", "hr", "finance"],
    audience: "members",
    licence: "Open Government Licence v3.0",
    author: "demo-chief",
    versions: [{ file: "evaluation-criteria-demo.xlsx", changelog: "First version", uploader: "demo-chief", daysAgo: 12 }],
  },
  {
    title: "Control room service specification (demo)",
    summary: "A fictional specification (demo) for a partnered control room: scope, service levels for 999 and 101 calls, and where the data definitions live. For the policing side only.",
    category: "specification",
    areas: ["control-room-and-call-handling"],
    audience: "policing",
    licence: "Members of Partnering Exchange only",
    author: "demo-chief",
    versions: [{ file: "control-room-specification-demo.docx", changelog: "First version", uploader: "demo-chief", daysAgo: 7 }],
  },
];

export type DemoDetections = Map<string, Detection>;

/** Each demo file's type, found before the seed's (synchronous) transaction, as detection reads ZIPs asynchronously. */
export async function detectDemoFiles(): Promise<DemoDetections> {
  const files = TEMPLATES.flatMap((t) => t.versions.map((v) => v.file));
  return new Map(await Promise.all(files.map(async (file) => [file, await detectFileType(bufferSource(readFileSync(path.join(FILES, file))), file)] as const)));
}

/** Stores a demo file and prepares it as an upload would be (the Word preview was made in advance). */
function prepare(file: string, detections: DemoDetections): PreparedFile {
  const bytes = readFileSync(path.join(FILES, file));
  const detected = detections.get(file);
  if (!detected) throw new Error(`seed: demo file ${file} was not detected first`);
  if (!detected.ok) throw new Error(`seed: demo file ${file} refused: ${detected.message}`);
  const stored = saveBytes(bytes);
  let previewHtml: string | null = null;
  if (detected.kind === "md") previewHtml = renderMarkdownOrAsWritten(bytes.toString("utf8"));
  if (detected.kind === "docx") previewHtml = readFileSync(path.join(FILES, file.replace(/\.docx$/, ".preview.html")), "utf8").trim();
  return { ...stored, kind: detected.kind, contentType: detected.contentType, filename: file.replace(/-v\d+(?=\.)/, ""), previewHtml };
}

function userByHandle(tx: Tx, handle: string) {
  const row = tx.select({ id: users.id, organisationId: users.organisationId }).from(users).where(eq(users.handle, handle)).get();
  if (!row) throw new Error(`seed: no demo user ${handle}`);
  return row;
}

function termId(tx: Tx, vocabulary: "template_category" | "service_area", slug: string) {
  const row = tx.select({ id: terms.id }).from(terms).where(and(eq(terms.vocabulary, vocabulary), eq(terms.slug, slug))).get();
  if (!row) throw new Error(`seed: no ${vocabulary} term ${slug}`);
  return row.id;
}

export function seedDemoTemplates(tx: Tx, detections: DemoDetections) {
  const now = Date.now();
  const daysAgo = (n: number) => new Date(now - n * 24 * 60 * 60 * 1000);
  for (const demo of TEMPLATES) {
    if (tx.select({ id: templates.id }).from(templates).where(and(eq(templates.title, demo.title), eq(templates.isDemo, true))).get()) continue;
    const author = userByHandle(tx, demo.author);
    const [first, ...later] = demo.versions;
    const created = insertTemplate(tx, {
      title: demo.title,
      summary: demo.summary,
      categoryId: termId(tx, "template_category", demo.category),
      serviceAreaIds: demo.areas.map((a) => termId(tx, "service_area", a)),
      partnershipIds: [],
      audience: demo.audience,
      licence: demo.licence,
      authorId: author.id,
      organisationId: author.organisationId,
      file: prepare(first!.file, detections),
      changelog: first!.changelog,
      isDemo: true,
      at: daysAgo(first!.daysAgo),
    });
    for (const v of later) insertNextVersion(tx, created.id, prepare(v.file, detections), v.changelog, userByHandle(tx, v.uploader).id, daysAgo(v.daysAgo));
  }
}
