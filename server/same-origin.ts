import type { NextFunction, Request, Response } from "express";
import type { Config } from "../app/lib/env.server";

type Headers = Record<string, string | string[] | undefined>;

function originOf(value: string) {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Refuses cross-site form posts (OWASP ASVS 4.2.2). The site's origin is BASE_URL, never the Host
 * header, which the sender chooses. An Origin header must name BASE_URL exactly; without one,
 * Sec-Fetch-Site must say same-origin, or (older browsers) the Referer must be on BASE_URL.
 */
export function isSameSiteRequest(headers: Headers, baseUrl: string) {
  const site = new URL(baseUrl).origin;
  const fetchSite = headers["sec-fetch-site"];
  if (typeof fetchSite === "string" && fetchSite !== "same-origin") return false;
  if (typeof headers.origin === "string") return originOf(headers.origin) === site;
  if (fetchSite === "same-origin") return true;
  return typeof headers.referer === "string" && originOf(headers.referer) === site;
}

/**
 * Every method but GET and HEAD runs a Remix action, so every other method is checked; Remix's
 * own Origin check then always agrees (the handler gives it BASE_URL's host), and a refusal is a
 * 403 here instead of an error inside Remix.
 */
export function refuseCrossSite(cfg: Config) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    // RFC 8058 one-click unsubscribe: mail clients POST to the List-Unsubscribe URL from their
    // own servers, with no Origin or Sec-Fetch-Site. The signed u/s pair, not a session,
    // authenticates that request, so a cross-site POST there can do no more than the link can.
    // The handler keeps Remix's Origin check from refusing it in turn.
    if (req.path === "/unsubscribe") {
      res.locals.crossSiteAllowed = true;
      return next();
    }
    if (isSameSiteRequest(req.headers, cfg.baseUrl)) return next();
    res.status(403).type("text/plain").send("This request came from another site and has been refused.");
  };
}
