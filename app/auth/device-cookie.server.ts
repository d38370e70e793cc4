/**
 * OWASP device cookies (Slow Down Online Guessing Attacks with Device Cookies): a browser that has
 * signed in successfully carries a token binding a random nonce to the address it signed in with,
 * signed with the session secret. Sign-in counts failures from such a browser against its nonce,
 * not against the address, so nobody can lock a member out of the browser they use (issue 11).
 */
import { randomBytes } from "node:crypto";
import { createCookie, type Cookie } from "@remix-run/node";
import { config } from "~/lib/env.server";
import { signLink, verifyLink } from "~/lib/signed-link.server";

const PURPOSE = "device-cookie";
/** Long-lived, so a chief who signs in monthly stays trusted; browsers cap cookies at 400 days. */
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

let cookie: Cookie | undefined;
function deviceCookie() {
  const https = config().isHttps;
  // The __Host- prefix needs Secure, so it is used only over https, as for the session cookie.
  cookie ??= createCookie(https ? "__Host-exchange_device" : "exchange_device", { httpOnly: true, secure: https, sameSite: "lax", path: "/", maxAge: MAX_AGE_SECONDS });
  return cookie;
}

/** The nonce comes first: it is base64url, so the signed text splits unambiguously whatever the address. */
const signed = (nonce: string, email: string) => signLink(PURPOSE, `${nonce}:${email}`);

/** A fresh token for a browser that has just signed in with this (normalised) address. */
export function newDeviceToken(email: string) {
  const nonce = randomBytes(18).toString("base64url");
  return `${nonce}.${signed(nonce, email)}`;
}

/**
 * The nonce of a token issued for this address, or null when there is none, or it is forged,
 * altered or issued for another address: such a browser counts as untrusted.
 */
export function trustedDeviceNonce(token: string | null, email: string): string | null {
  if (!token || token.length > 200) return null;
  const match = /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  return verifyLink(PURPOSE, `${match[1]}:${email}`, match[2]!) ? match[1]! : null;
}

/** The device token the request carries, or null; a malformed cookie counts as none. */
export async function readDeviceToken(request: Request): Promise<string | null> {
  try {
    const value: unknown = await deviceCookie().parse(request.headers.get("cookie"));
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

export function deviceCookieHeader(token: string) {
  return deviceCookie().serialize(token);
}
