/** Expected failures are values, not exceptions: routes map each reason to a status and message. */
export type Result<T, E extends string> = { ok: true; value: T } | { ok: false; reason: E };
export const ok = <T>(value: T) => ({ ok: true, value }) as const;
export const err = <E extends string>(reason: E) => ({ ok: false, reason }) as const;
