/**
 * The request a browser has just made (issue 14, item 13): "Check your e-mail" shows the address
 * and can send the link again or to a corrected address. Signed with the session secret, so
 * nobody can point it at another account; it holds nothing the browser did not send us.
 */
import { createCookie, type Cookie } from "@remix-run/node";
import { config } from "~/lib/env.server";
import type { PendingRequest } from "~/models/accounts.server";

/** As long as the confirmation link lives. */
const MAX_AGE_SECONDS = 24 * 60 * 60;

let cookie: Cookie | undefined;
function joinCookie() {
  const { isHttps, sessionSecret } = config();
  cookie ??= createCookie(isHttps ? "__Host-exchange_join" : "exchange_join", {
    httpOnly: true,
    secure: isHttps,
    sameSite: "lax",
    path: "/",
    maxAge: MAX_AGE_SECONDS,
    secrets: [sessionSecret],
  });
  return cookie;
}

/** The pending request, or null when there is none or the cookie is forged or malformed. */
export async function readPendingRequest(request: Request): Promise<PendingRequest | null> {
  try {
    const value: unknown = await joinCookie().parse(request.headers.get("cookie"));
    if (typeof value !== "object" || value === null) return null;
    const { u, e } = value as { u?: unknown; e?: unknown };
    if (typeof e !== "string" || !(u === null || (typeof u === "number" && Number.isInteger(u)))) return null;
    return { userId: u, email: e };
  } catch {
    return null;
  }
}

export function pendingRequestCookie(pending: PendingRequest) {
  return joinCookie().serialize({ u: pending.userId, e: pending.email });
}

export function clearPendingRequestCookie() {
  return joinCookie().serialize("", { maxAge: 0 });
}
