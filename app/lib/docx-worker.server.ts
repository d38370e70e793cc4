/**
 * Runs mammoth in a worker thread (workers/docx-to-html.mjs) with a heap limit and a time limit
 * (issue 11): a document that parses badly can exhaust that thread's heap or run too long, and
 * the thread is ended while the server goes on answering. Conversions take turns, so a burst of
 * uploads cannot add up a worker's memory many times over.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import { projectRoot } from "./project-root.server";

export type ConversionLimits = { timeoutMs: number; maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number };

/**
 * Measured with mammoth 1.13 in this worker: 1 MB of dense Word XML (the markup budget in
 * template-preview) converts in 1.3 s of CPU and adds under 190 MB to the process; 1 MB of
 * prose, 0.7 s and 110 MB. A smaller young generation made it slower (16 MB: 2.6 s under load)
 * for little less memory. The limits only catch what the budget cannot foresee.
 */
export const DEFAULT_LIMITS: ConversionLimits = { timeoutMs: 10_000, maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 64 };

export type ConversionResult = { ok: true; html: string } | { ok: false; reason: "failed" | "timeout" | "memory" };

/** The worker script is not bundled: it runs as its own file. */
const WORKER_FILE = path.join(projectRoot(import.meta.url), "workers", "docx-to-html.mjs");

const MAX_RUNNING = 1;
let running = 0;
const waiting: (() => void)[] = [];

async function takeTurn() {
  if (running < MAX_RUNNING) {
    running++;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function endTurn() {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

function runWorker(bytes: Uint8Array, limits: ConversionLimits): Promise<ConversionResult> {
  return new Promise((resolve) => {
    const copy = new Uint8Array(bytes);
    const worker = new Worker(WORKER_FILE, {
      workerData: { bytes: copy },
      transferList: [copy.buffer],
      // Not the parent's tsx loader flags: the worker is plain JavaScript and starts faster without them.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb },
    });
    let settled = false;
    const finish = (result: ConversionResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: "timeout" }), limits.timeoutMs);
    worker.on("message", (message: { ok: boolean; html?: string }) => finish(message.ok && typeof message.html === "string" ? { ok: true, html: message.html } : { ok: false, reason: "failed" }));
    worker.on("error", (error: Error & { code?: string }) => finish({ ok: false, reason: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "failed" }));
    worker.on("exit", () => finish({ ok: false, reason: "failed" }));
  });
}

/** Mammoth's HTML for a Word document (not yet sanitised), or why there is none. */
export async function convertDocxIsolated(bytes: Uint8Array, limits: ConversionLimits = DEFAULT_LIMITS): Promise<ConversionResult> {
  await takeTurn();
  try {
    return await runWorker(bytes, limits);
  } finally {
    endTurn();
  }
}
