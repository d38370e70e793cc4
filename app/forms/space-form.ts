/** The space form's fields and rules, shared by creating and editing a space. */
import { z } from "zod";
import { AUDIENCES } from "~/lib/fixed-lists";

export const SPACE_FIELDS = ["name", "slug", "description", "audience", "position", "archived", "confirmWiden"] as const;
export const SPACE_NAME_MAX = 80;
export const SPACE_SLUG_MAX = 60;
export const SPACE_DESCRIPTION_MAX = 300;
/** Lower-case letters and digits in words joined by single hyphens: "ict-and-digital". */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const SpaceForm = z.object({
  name: z.string().trim().min(3, "Enter a name of 3 characters or more").max(SPACE_NAME_MAX, `The name must be ${SPACE_NAME_MAX} characters or fewer`),
  slug: z
    .string()
    .trim()
    .min(1, "Enter the web address of the space, like ict-and-digital")
    .max(SPACE_SLUG_MAX, `The web address must be ${SPACE_SLUG_MAX} characters or fewer`)
    .regex(SLUG, "The web address can only use lower-case letters, digits and single hyphens between words, like ict-and-digital"),
  description: z.string().trim().max(SPACE_DESCRIPTION_MAX, `The description must be ${SPACE_DESCRIPTION_MAX} characters or fewer`),
  audience: z.enum(AUDIENCES, { errorMap: () => ({ message: "Select who can see the space" }) }),
  position: z
    .string()
    .trim()
    .regex(/^-?\d{1,6}$/, "Enter the position as a whole number, like 10")
    .transform(Number),
  archived: z.string().transform((v) => v === "yes"),
  confirmWiden: z.string().transform((v) => v === "yes"),
});

export type SpaceInput = z.infer<typeof SpaceForm>;

/** What to tell the administrator when the model refuses, keyed to the field to fix. */
export const SPACE_PROBLEM_ERRORS = {
  slug_taken: { slug: "Another space already uses this web address. Choose a different one" },
  confirm_wider: { confirmWiden: "Confirm that you understand every thread in this space becomes visible to suppliers, or keep it policing-only" },
  procurement: {
    audience:
      "Threads in this space are linked to a partnership in procurement. Policing-only content about a live procurement cannot be opened to suppliers, so keep it policing-only or move those threads first",
  },
} as const satisfies Record<string, Record<string, string>>;
