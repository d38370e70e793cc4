declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The Content-Security-Policy nonce for this response's inline scripts. */
    nonce: string;
    ip: string;
    /**
     * Set when the server renders a whole page (not for a browser's data request): HTML that
     * loaders hold back from their data because the page carries it (app/lib/held-html.ts).
     */
    heldHtml?: string[];
    /**
     * Set when the server renders a whole page: entry.server leaves the page's HTML here beside
     * the bodiless Response it returns, and the server writes that text itself
     * (server/remix-handler.ts). Turning the text into a Response body, then reading it back out
     * of the body's stream, copied and re-encoded a page twice per request.
     */
    renderedPage?: RenderedPage;
  }
  interface Future {
    v3_singleFetch: true;
  }
}

/** A page entry.server rendered, and the Response it answered with (to tell it from any other). */
export type RenderedPage = { response?: Response; html?: string };

