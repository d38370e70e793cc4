import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { renderWhole } from "~/lib/render-whole.server";

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

  it("writes the loader data after the page, as Remix's own scripts would, with the nonce", async () => {
    const html = await renderWhole(createElement("p", null, "page"), streamOf('[{"title":', '"Exit plan"}]\n'), "abc");
    expect(html).toBe(
      '<!DOCTYPE html><p>page</p><script nonce="abc">window.__remixContext.streamController.enqueue("[{\\"title\\":\\"Exit plan\\"}]\\n");</script>' +
        '<script nonce="abc">window.__remixContext.streamController.close();</script>',
    );
  });

  it("never lets loader data end its script: a title holding </script> stays inside the string", async () => {
    const html = await renderWhole(createElement("p", null, "page"), streamOf('["</script><script>alert(1)</script>\u2028"]'), "n");
    const data = html.slice(html.indexOf("enqueue("));
    expect(data).not.toContain("</script><script>alert");
    expect(data).toContain("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u2028");
    expect(html.match(/<script/g)).toHaveLength(2);
  });
});
