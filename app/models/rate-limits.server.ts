import { lte, sql } from "drizzle-orm";
import { db } from "../../db/client.server";
import { rateLimits } from "../../db/schema";

let lastSweep = 0;

/**
 * Counts one attempt against `key` in a fixed window of `windowMs` starting at its first attempt,
 * with one UPSERT, so attempts through every worker process count against one allowance.
 * Returns the attempts so far in the window and when it ends (epoch ms).
 */
export function countAttempt(key: string, at: number, windowMs: number) {
  const ended = sql`${at} >= ${rateLimits.expiresAt}`;
  const row = db()
    .insert(rateLimits)
    .values({ key, windowStart: at, count: 1, expiresAt: at + windowMs })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${ended} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        windowStart: sql`CASE WHEN ${ended} THEN ${at} ELSE ${rateLimits.windowStart} END`,
        expiresAt: sql`CASE WHEN ${ended} THEN ${at + windowMs} ELSE ${rateLimits.expiresAt} END`,
      },
    })
    .returning({ count: rateLimits.count, expiresAt: rateLimits.expiresAt })
    .get();
  // Ended windows are only noise: at most one sweep a minute per process.
  if (at - lastSweep >= 60_000 || at < lastSweep) {
    lastSweep = at;
    db().delete(rateLimits).where(lte(rateLimits.expiresAt, at)).run();
  }
  return row;
}
