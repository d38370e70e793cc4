/**
 * Per-IP limits for sign-in, request access, reset and file uploads, and per-member limits. Counted
 * in the database (table rate_limits), so the allowance is one across all WEB_CONCURRENCY worker
 * processes and survives a restart.
 */
import { countAttempt } from "~/models/rate-limits.server";
import { config } from "./env.server";

export const LIMITS = {
  signIn: { max: 30, windowMs: 15 * 60_000 },
  join: { max: 10, windowMs: 60 * 60_000 },
  reset: { max: 10, windowMs: 60 * 60_000 },
  twoFactor: { max: 30, windowMs: 15 * 60_000 },
  upload: { max: 60, windowMs: 60 * 60_000 },
} as const;

/**
 * Per-member allowances (issue 11, item 12). Not scaled by RATE_LIMIT_SCALE, which is for networks
 * shared by many people: these count one person's attempts, wherever they come from.
 */
export const MEMBER_LIMITS = {
  twoFactorOff: { max: 5, windowMs: 15 * 60_000 },
} as const;

/** Per-address allowances: confirmation links sent again or to a changed address (issue 14, item 13), so nobody can flood an inbox. */
export const ADDRESS_LIMITS = {
  confirmationMail: { max: 3, windowMs: 60 * 60_000 },
} as const;

/** Counts one attempt against a key; the milliseconds until the window ends when over the limit, else 0. */
function consume(key: string, max: number, windowMs: number, at: number) {
  const { count, expiresAt } = countAttempt(key, at, windowMs);
  // The first attempt of a window always passes, however small a scaled allowance is.
  return count === 1 || count <= max ? 0 : expiresAt - at;
}

const minutes = (ms: number) => Math.ceil(ms / 60_000);

/** Counts one attempt; false when this IP has used up its allowance for the window. */
export function takeToken(kind: keyof typeof LIMITS, ip: string, at = Date.now(), scale = config().rateLimitScale) {
  return takeTokenWait(kind, ip, at, scale) === 0;
}

/** Counts one attempt from this IP; the whole minutes to wait when over the limit, else 0. */
export function takeTokenWait(kind: keyof typeof LIMITS, ip: string, at = Date.now(), scale = config().rateLimitScale) {
  return minutes(consume(`${kind}:${ip}`, LIMITS[kind].max * scale, LIMITS[kind].windowMs, at));
}

/** Counts one attempt by this member; the whole minutes to wait when over the limit, else 0. */
export function takeMemberToken(kind: keyof typeof MEMBER_LIMITS, memberId: number, at = Date.now()) {
  return minutes(consume(`member:${kind}:${memberId}`, MEMBER_LIMITS[kind].max, MEMBER_LIMITS[kind].windowMs, at));
}

/** Counts one mail to this (normalised) address; the whole minutes to wait when over the limit, else 0. */
export function takeAddressToken(kind: keyof typeof ADDRESS_LIMITS, email: string, at = Date.now()) {
  return minutes(consume(`address:${kind}:${email}`, ADDRESS_LIMITS[kind].max, ADDRESS_LIMITS[kind].windowMs, at));
}
