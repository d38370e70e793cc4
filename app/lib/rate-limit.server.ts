/**
 * Per-IP limits for sign-in, request access, reset and file uploads, and per-member limits. In memory: one server process holds them,
 * and a restart clearing them is acceptable for limits measured in minutes.
 */
import { config } from "./env.server";

type Window = { start: number; count: number };
const windows = new Map<string, Window>();

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

/** Counts one attempt against a key; the milliseconds until the window ends when over the limit, else 0. */
function consume(key: string, max: number, windowMs: number, at: number) {
  const current = windows.get(key);
  if (!current || at - current.start >= windowMs) {
    windows.set(key, { start: at, count: 1 });
    if (windows.size > 50_000) sweep(at);
    return 0;
  }
  current.count += 1;
  return current.count <= max ? 0 : current.start + windowMs - at;
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

function sweep(at: number) {
  for (const [key, w] of windows) if (at - w.start >= 60 * 60_000) windows.delete(key);
}
