import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { decode, encode } from "turbo-stream";
import { renderWhole } from "~/lib/render-whole.server";

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}
const turboEncode = (value: unknown) => encode(value);
/** turbo-stream's decoding, as Remix's client runs it, with a deferred value awaited. */
async function turboDecode(bytes: ReadableStream<Uint8Array>) {
  const decoded = await decode(bytes);
  await decoded.done;
  const value = decoded.value as Record<string, unknown>;
  return { ...value, later: await value.later };
}

function streamOf(...chunks: string[]) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe("renderWhole", () => {
  it("renders the whole page as one HTML document", async () => {
    const html = await renderWhole(createElement("p", null, "Custody ", createElement("strong", null, "exit plan")), undefined, "n");
    expect(html).toBe("<!DOCTYPE html><p>Custody <strong>exit plan</strong></p>");
  });

  it("writes the loader data after the page, as the text of a script that does not run, then hands it to Remix with the nonce", async () => {
    const html = await renderWhole(createElement("p", null, "page"), streamOf('[{"title":', '"Exit plan"}]\n'), "abc");
    expect(html).toBe(
      '<!DOCTYPE html><p>page</p><script type="application/json" id="remix-loader-data">[{"title":"Exit plan"}]\n</script>' +
        '<script nonce="abc">window.__remixContext.streamController.enqueue(document.getElementById("remix-loader-data").textContent);window.__remixContext.streamController.close();</script>',
    );
  });

  it("never lets loader data end or change its script element: no < is left in it", async () => {
    const html = await renderWhole(createElement("p", null, "page"), streamOf('["</script><script>alert(1)</script><!--"]'), "n");
    const data = html.slice(html.indexOf('id="remix-loader-data">') + 23, html.indexOf("</script>"));
    expect(data).toBe('["\\u003c/script>\\u003cscript>alert(1)\\u003c/script>\\u003c!--"]');
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it("gives Remix back exactly what turbo-stream wrote, whatever the strings hold", async () => {
    const value = { title: '</script><!-- <script> \\< "quoted" \u2028 & café', posts: ["<p>a</p>", "\\u003c"], later: Promise.resolve("<b>deferred</b>") };
    const written = await readAll(turboEncode(value));
    const html = await renderWhole(createElement("p", null, "page"), streamOf(written), "n");
    const text = html.slice(html.indexOf('id="remix-loader-data">') + 23, html.indexOf("</script>"));
    expect(text).not.toContain("<");
    // Each line is JSON, after a "P1:"-like prefix on a deferred value's line: what a JSON parser
    // makes of each is what it makes of turbo-stream's own.
    const parsed = (t: string) => t.split("\n").map((line) => (line ? JSON.parse(line.replace(/^[A-Z]\d+:/, "")) : line));
    expect(parsed(text)).toEqual(parsed(written));
    expect(await turboDecode(streamOf(text))).toEqual({ ...value, later: "<b>deferred</b>" });
  });
});
