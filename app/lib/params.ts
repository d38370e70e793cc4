import { z } from "zod";

/**
 * A database id written as digits only: Number() and z.coerce would also read "1e3", "0x10" and
 * " 12", so one record would answer to many addresses. Fifteen digits stay below 2^53.
 */
export const Id = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number)
  .pipe(z.number().int().positive());

/** A route id, or a thrown 404: a malformed id is a missing page, never an error. */
export function parseId(value: string | undefined) {
  const parsed = Id.safeParse(value);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data;
}
