import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";

// The characters that could end a <script> or break JavaScript inside one, as Remix escapes them
// in its own StreamTransfer (@remix-run/react/dist/markup.js).
const SCRIPT_UNSAFE: Record<string, string> = { "&": "\\u0026", ">": "\\u003e", "<": "\\u003c", "\u2028": "\\u2028", "\u2029": "\\u2029" };

async function readText(stream: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let text = "";
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value, { stream: true });
  return text + decoder.decode();
}

/**
 * Renders the whole page as one string, then appends the loader data the browser hydrates from.
 *
 * Pages here never defer data, so Remix's handoff stream (turbo-stream) is complete as soon as the
 * loaders are; it is read first and written after the page as the two scripts Remix's
 * StreamTransfer would have written, in the same place (after `</html>`). That lets React render
 * with `renderToString`, which builds a string, instead of `renderToPipeableStream`, which encodes
 * every small chunk to bytes as it goes and needs an abort timer (issue 13: the stream's encoding
 * was a tenth of the thread page's CPU). A component that suspended would get its fallback and be
 * rendered in the browser; none does.
 */
export async function renderWhole(element: ReactNode, handoff: ReadableStream<Uint8Array> | undefined, nonce: string) {
  const data = handoff ? await readText(handoff) : "";
  let html = `<!DOCTYPE html>${renderToString(element)}`;
  if (handoff) {
    const open = nonce ? `<script nonce="${nonce}">` : "<script>";
    const chunk = JSON.stringify(data).replace(/[&><\u2028\u2029]/g, (c) => SCRIPT_UNSAFE[c]!);
    html += `${open}window.__remixContext.streamController.enqueue(${chunk});</script>${open}window.__remixContext.streamController.close();</script>`;
  }
  return html;
}
