/**
 * Per-IP limits for sign-in, request access, reset and file uploads. In memory: one server process holds them,
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

/** Counts one attempt; false when this IP has used up its allowance for the window. */
export function takeToken(kind: keyof typeof LIMITS, ip: string, at = Date.now(), scale = config().rateLimitScale) {
  const { windowMs } = LIMITS[kind];
  const max = LIMITS[kind].max * scale;
  const key = `${kind}:${ip}`;
  const current = windows.get(key);
  if (!current || at - current.start >= windowMs) {
    windows.set(key, { start: at, count: 1 });
    if (windows.size > 50_000) sweep(at);
    return true;
  }
  current.count += 1;
  return current.count <= max;
}

function sweep(at: number) {
  for (const [key, w] of windows) if (at - w.start >= 60 * 60_000) windows.delete(key);
}
