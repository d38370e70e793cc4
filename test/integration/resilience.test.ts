/**
 * One request must never stop or stall the service (issue 11). Each document bomb is uploaded
 * through the real upload routes while another client polls /healthz every ~50 ms: every health
 * check answers within 200 ms, the upload is refused with a clear message and the form kept,
 * nothing is stored, and the server's resident memory stays under 500 MB.
 */
import { readdirSync, type Dirent } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { signIn, Visitor } from "../helpers/http";
import { residentMb, startTestServer, type TestServer } from "../helpers/server";
import { deeplyNested, documentXmlBomb, hiddenMainPartBomb, largeXmlPart, lyingSizeBomb, manyEntries } from "../fixtures/bombs";

const TOO_BIG = "This Word file is too big to preview";
const UNREADABLE = "This Word file could not be read";
const HEALTH_BOUND_MS = 200;
const MEMORY_BOUND_MB = 500;

let server: TestServer;
let chief: Visitor;
let templateId: number;
// Built once, before any polling: a 60 MB string takes this process a while to make.
const bombs = {
  "a 60 MB document.xml": { bytes: documentXmlBomb(), message: TOO_BIG },
  "a 60 MB main part called word/main.dat through _rels/.rels": { bytes: hiddenMainPartBomb(), message: TOO_BIG },
  "an 8 MB XML part": { bytes: largeXmlPart(), message: TOO_BIG },
  "a part that inflates past its declared size": { bytes: lyingSizeBomb(), message: UNREADABLE },
  "20,000 entries": { bytes: manyEntries(), message: UNREADABLE },
  "XML nested 20,000 deep": { bytes: deeplyNested(), message: UNREADABLE },
};

beforeAll(async () => {
  server = await startTestServer();
  chief = await signIn(server, "chief@cleveland-police.example");
  const res = await chief.postMultipart("/library/new", templateForm("A template for new versions", { name: "first.txt", bytes: Buffer.from("First version.\n") }));
  expect(res.status).toBe(302);
  templateId = Number(/\/library\/(\d+)$/.exec(res.headers.get("location")!)![1]);
});
afterAll(() => server?.stop());

function templateForm(title: string, file: { name: string; bytes: Uint8Array }) {
  const db = openDb(server);
  const term = (vocabulary: string, slug: string) => String((db.prepare("SELECT id FROM terms WHERE vocabulary = ? AND slug = ?").get(vocabulary, slug) as { id: number }).id);
  const form = new FormData();
  form.append("title", title);
  form.append("summary", "A template uploaded by the resilience test, with a long enough summary.");
  form.append("category", term("template_category", "specification"));
  form.append("serviceAreas", term("service_area", "custody"));
  form.append("audience", "members");
  form.append("licence", "ogl");
  form.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
  form.append("changelog", "First version");
  return form;
}

function versionForm(file: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
  form.append("changelog", "A hostile version");
  return form;
}

/** Polls /healthz every ~50 ms and samples the server's memory until `stop` is called. */
function watch() {
  const latencies: number[] = [];
  let peakMb = residentMb(server.pid);
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      peakMb = Math.max(peakMb, residentMb(server.pid));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { latencies, peakMb: Math.max(peakMb, residentMb(server.pid)) };
    },
  };
}

function storedFiles() {
  const root = path.join(server.dataDir, "files");
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[]).filter((d) => d.isFile()).map((d) => path.relative(root, path.join(d.parentPath, d.name))).sort();
}

const counts = () => openDb(server).prepare("SELECT (SELECT count(*) FROM templates) AS templates, (SELECT count(*) FROM template_versions) AS versions").get();

describe.each(Object.entries(bombs))("%s", (_name, bomb) => {
  test.each([
    ["library new", () => chief.postMultipart("/library/new", templateForm("Kept title of a refused upload", { name: "bomb.docx", bytes: bomb.bytes })), "Kept title of a refused upload"],
    ["new version", () => chief.postMultipart(`/library/${templateId}/versions/new`, versionForm({ name: "bomb.docx", bytes: bomb.bytes })), "A hostile version"],
  ] as const)("through %s: refused clearly, nothing stored, /healthz answers, memory bounded", async (_route, send, kept) => {
    const before = { files: storedFiles(), counts: counts() };
    const watcher = watch();
    const res = await send();
    const text = await res.text();
    const { latencies, peakMb } = await watcher.stop();
    expect(res.status).toBe(400);
    expect(text).toContain(bomb.message);
    expect(text).toContain(`value="${kept}"`);
    expect(storedFiles()).toEqual(before.files);
    expect(counts()).toEqual(before.counts);
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(HEALTH_BOUND_MS);
    expect(peakMb).toBeLessThan(MEMORY_BOUND_MB);
    console.log(`${_name} via ${_route}: ${res.status}, ${latencies.length} health checks, slowest ${Math.round(Math.max(...latencies))} ms, peak RSS ${Math.round(peakMb)} MB`);
  });
});
