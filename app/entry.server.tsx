import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { HeldHtmlProvider } from "./components/held-html";
import { NonceProvider } from "./components/nonce";
import { renderWhole } from "./lib/render-whole.server";
import "./load-context";

/**
 * Asks the server runtime for the page's loader data as text when none of it is deferred
 * (patches/@remix-run+server-runtime+*.patch): renderWhole needs it whole before it writes it.
 */
export const handoffAsText = true;
type HandoffContext = EntryContext & { serverHandoffText?: string };

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce ?? "";
  // renderWhole writes the loader data after the page itself, so RemixServer must not.
  const handoff = (remixContext as HandoffContext).serverHandoffText ?? remixContext.serverHandoffStream;
  remixContext.serverHandoffStream = undefined;
  const body = await renderWhole(
    <NonceProvider value={nonce}>
      <HeldHtmlProvider value={loadContext.heldHtml ?? null}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </HeldHtmlProvider>
    </NonceProvider>,
    handoff,
    nonce,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  const rendered = loadContext.renderedPage;
  if (!rendered) {
    // Bytes, not a string: a string body is first made well-formed (toUSVString), a copy of the page.
    return new Response(Buffer.from(body), { headers: responseHeaders, status: responseStatusCode });
  }
  rendered.response = new Response(null, { headers: responseHeaders, status: responseStatusCode });
  rendered.html = body;
  return rendered.response;
}

/** Unexpected errors reach the operator's log; the person sees the service error page, never a stack trace. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(`Error handling ${request.method} ${new URL(request.url).pathname}:`, error);
}
