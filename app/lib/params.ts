import { z } from "zod";

export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A route id, or a thrown 404: a malformed id is a missing page, never an error. */
export function parseId(value: string | undefined) {
  const parsed = Id.safeParse(value);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data;
}
