import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "./env.server";

/** An HMAC of purpose and subject with the session secret: a link that needs no sign-in but cannot be forged. */
export function signLink(purpose: string, subject: string | number) {
  return createHmac("sha256", config().sessionSecret).update(`${purpose}:${subject}`).digest("base64url");
}

export function verifyLink(purpose: string, subject: string | number, signature: string) {
  const expected = Buffer.from(signLink(purpose, subject));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
