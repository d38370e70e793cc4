import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Visitor } from "./http";

/** The real Contracts Finder corpus (issue 16), copied byte for byte from shared/data/ocds (so a clean clone has it) and never edited. */
export const OCDS_CORPUS = path.resolve(import.meta.dirname, "../fixtures/ocds");
export const corpusFiles = () => readdirSync(OCDS_CORPUS).filter((f) => f.startsWith("ocds-") && f.endsWith(".json"));
export const corpusFile = (prefix: string) => corpusFiles().filter((f) => f.startsWith(prefix)).map((f) => readFileSync(path.join(OCDS_CORPUS, f)));

const decode = (s: string) => s.replace(/&amp;/g, "&").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">");

/** Uploads an OCDS file to an import page (/partnerships/new/import or /partnerships/:slug/import). */
export async function uploadOcds(v: Visitor, page: string, bytes: Uint8Array, filename = "notices.json") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/json" }), filename);
  const res = await v.postMultipart(page, form);
  return { status: res.status, html: await res.text() };
}

/** The hidden fields of the preview's confirm form, as the browser would send them back. */
export function confirmFields(html: string) {
  const form = /<input type="hidden" name="intent" value="confirm"\/>|name="fingerprint"/.test(html) ? html : "";
  const value = (name: string) => decode(new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1] ?? "");
  return { upload: value("upload"), fingerprint: value("fingerprint"), buyer: value("buyer"), intent: "confirm" };
}

/** Uploads, previews and confirms; the buyer is chosen when the preview asks. */
export async function importOcds(v: Visitor, page: string, bytes: Uint8Array, buyer?: string) {
  let { status, html } = await uploadOcds(v, page, bytes);
  if (status !== 200) throw new Error(`upload to ${page} answered ${status}\n${html.slice(0, 800)}`);
  if (buyer && /<select[^>]*name="buyer"/.test(html)) {
    const upload = /name="upload" value="([^"]+)"/.exec(html)![1]!;
    const res = await v.post(page, { upload, intent: "preview", buyer });
    html = await res.text();
  }
  const fields = confirmFields(html);
  if (!fields.fingerprint) return { preview: html, location: null };
  const res = await v.post(page, fields);
  return { preview: html, location: res.headers.get("location") };
}
