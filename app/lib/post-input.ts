import { z } from "zod";

export const BODY_MAX_CHARS = 50_000;

export const postBody = z
  .string()
  .trim()
  .min(1, "Enter your post")
  .max(BODY_MAX_CHARS, `Your post must be ${BODY_MAX_CHARS.toLocaleString("en-GB")} characters or fewer`);

/** A form's hidden submission key: random, so two different posts never share one. */
export const submissionKey = z.string().regex(/^[A-Za-z0-9-]{8,64}$/).nullable().catch(null);
