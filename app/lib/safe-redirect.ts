/** Browsers drop tabs and newlines from URLs and read "\" as "/": "/\t/evil.example" is "//evil.example" to them. */
const BROWSER_REWRITTEN = /[\u0000-\u001f\u007f\\]/;

/**
 * A redirect target from a link or form, reduced to a path on this site, or the fallback. The
 * target is parsed as a browser would parse it, against the site's own origin, and followed only
 * if it stays there; a path or a full address on this site are the only forms accepted.
 */
export function sameOriginPath(target: string | null | undefined, baseUrl: string, fallback = "/") {
  if (!target || BROWSER_REWRITTEN.test(target)) return fallback;
  const base = new URL(baseUrl);
  if (!target.startsWith("/") && !target.startsWith(`${base.origin}/`)) return fallback;
  let url: URL;
  try {
    url = new URL(target, base);
  } catch {
    return fallback;
  }
  return url.origin === base.origin ? url.pathname + url.search + url.hash : fallback;
}
