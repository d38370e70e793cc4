import { z } from "zod";
import { markdownProblem } from "~/lib/markdown.server";

export const BODY_MAX_CHARS = 50_000;

export const postBody = z
  .string()
  .trim()
  .min(1, "Enter your post")
  .max(BODY_MAX_CHARS, `Your post must be ${BODY_MAX_CHARS.toLocaleString("en-GB")} characters or fewer`)
  .superRefine(refuseComplexMarkdown(BODY_MAX_CHARS));

/**
 * A zod check that Markdown is within the renderer's limits; `field` names it in the message.
 * Text over `maxChars` is left to the length check, so it is never parsed.
 */
export function refuseComplexMarkdown(maxChars: number, field?: string) {
  return (text: string, ctx: z.RefinementCtx) => {
    if (text.length > maxChars) return;
    const problem = markdownProblem(text);
    if (problem !== null) ctx.addIssue({ code: "custom", message: field ? `${field}: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}` : problem });
  };
}

/** A form's hidden submission key: random, so two different posts never share one. */
export const submissionKey = z.string().regex(/^[A-Za-z0-9-]{8,64}$/).nullable().catch(null);
