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
  }
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
