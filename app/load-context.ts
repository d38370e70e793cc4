declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The Content-Security-Policy nonce for this response's inline scripts. */
    nonce: string;
    ip: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
