import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";

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
 * Pages here never defer data, so Remix's handoff (turbo-stream's text, given as a string unless a
 * value was deferred or cannot be written as text, then as a stream) is complete as soon as the
 * loaders are; it is read first and handed to the browser after the page, where Remix's
 * StreamTransfer would have written it (after `</html>`).
 * That lets React render with `renderToString`, which builds a string, instead of
 * `renderToPipeableStream`, which encodes every small chunk to bytes as it goes and needs an abort
 * timer (issue 13: the stream's encoding was a tenth of the thread page's CPU). A component that
 * suspended would get its fallback and be rendered in the browser; none does.
 *
 * The data travels as the text of a script element the browser does not run, as Next.js sends
 * `__NEXT_DATA__`, and one small script gives it to Remix. Remix's own transfer writes it as a
 * JavaScript string, escaping the JSON a second time: a thread page's posts, whose markup is in
 * the data, then cost 40 % more bytes than the page itself.
 */
export async function renderWhole(element: ReactNode, handoff: string | ReadableStream<Uint8Array> | undefined, nonce: string) {
  const data = typeof handoff === "object" ? await readText(handoff) : (handoff ?? "");
  let html = `<!DOCTYPE html>${renderToString(element)}`;
  if (handoff) {
    const open = nonce ? `<script nonce="${nonce}">` : "<script>";
    html += `<script type="application/json" id="${DATA_ID}">${scriptSafeJson(data)}</script>${open}window.__remixContext.streamController.enqueue(document.getElementById("${DATA_ID}").textContent);window.__remixContext.streamController.close();</script>`;
  }
  return html;
}

const DATA_ID = "remix-loader-data";

/**
 * turbo-stream's text, made unable to end or change the script element holding it. Each line is
 * JSON (after a `P1:`-like prefix on a deferred value's line), where a `<` can only be inside a
 * string, so `\u003c` there reads back as the same `<`; with no `<` left, no `</script>` or
 * `<!--` can appear.
 */
function scriptSafeJson(json: string) {
  return json.replace(/</g, "\\u003c");
}
