/**
 * Converts one Word document to (unsanitised) HTML with mammoth, in a worker thread started by
 * app/lib/docx-worker.server.ts with a heap limit and a time limit, so a document that costs
 * too much ends this thread and never the server (issue 11). Plain JavaScript outside app/, so
 * it exists as a file both under tsx and after the Remix build.
 */
import { parentPort, workerData } from "node:worker_threads";
import mammoth from "mammoth";

try {
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(workerData.bytes) },
    // Images are left out (never inlined as data: URLs) and linked files are never fetched.
    { convertImage: mammoth.images.imgElement(async () => ({ src: "" })), externalFileAccess: false, ignoreEmptyParagraphs: true },
  );
  parentPort.postMessage({ ok: true, html: result.value });
} catch (error) {
  parentPort.postMessage({ ok: false, error: String(error instanceof Error ? error.message : error).slice(0, 200) });
}
