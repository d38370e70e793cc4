/**
 * The lesson form, shared by /lessons/new and /lessons/:id/edit: reading it, checking it with
 * zod, and the message for each reason the model refuses a lesson.
 */
import { z } from "zod";
import { LESSON_SECTION_MAX, LESSON_SUMMARY_MAX, previewLessonSections, type LessonInput, type LessonProblem } from "~/models/lessons.server";
import { AUDIENCES, LESSON_OUTCOMES } from "~/lib/fixed-lists";
import { fieldErrors, pickStrings, type FieldErrors } from "~/lib/form.server";
import { markdownProblem } from "~/lib/markdown.server";
import { refuseComplexMarkdown } from "~/forms/post-input";

export const LESSON_TEXT_FIELDS = ["title", "summary", "phase", "outcome", "audience", "context", "worked", "didNotWork", "recommendation"] as const;
export type LessonFormValues = Record<(typeof LESSON_TEXT_FIELDS)[number], string> & { partnerships: string[]; serviceAreas: string[] };

/** The order of fields on the page, for the error summary. */
export const LESSON_FIELD_ORDER = ["title", "summary", "partnerships", "phase", "serviceAreas", "outcome", "audience", "context", "worked", "didNotWork", "recommendation"];

const maxSection = `must be ${LESSON_SECTION_MAX.toLocaleString("en-GB")} characters or fewer`;
const ids = (message: string) => z.array(z.string()).transform((values, ctx) => {
  const out = values.map((v) => (/^\d{1,15}$/.test(v) ? Number(v) : NaN));
  if (out.some((n) => !Number.isSafeInteger(n) || n <= 0)) ctx.addIssue({ code: "custom", message });
  return out;
});

const LessonForm = z.object({
  title: z.string().trim().min(1, "Enter a title").min(5, "Title must be 5 characters or more").max(150, "Title must be 150 characters or fewer"),
  summary: z.string().trim().min(1, "Enter a summary").max(LESSON_SUMMARY_MAX, `Summary must be ${LESSON_SUMMARY_MAX} characters or fewer`),
  partnerships: ids("Select partnerships from the list").pipe(z.array(z.number()).min(1, "Select at least one partnership this lesson is about")),
  phase: z.string().regex(/^\d{1,15}$/, "Select the phase this lesson is about").transform(Number),
  serviceAreas: ids("Select service areas from the list"),
  outcome: z.enum(LESSON_OUTCOMES, { errorMap: () => ({ message: "Select whether it worked well, was mixed or did not work" }) }),
  audience: z.enum(AUDIENCES, { errorMap: () => ({ message: "Select who can read this lesson" }) }),
  context: z.string().trim().max(LESSON_SECTION_MAX, `Context ${maxSection}`).superRefine(refuseComplexMarkdown(LESSON_SECTION_MAX, "Context")),
  worked: z.string().trim().max(LESSON_SECTION_MAX, `What worked ${maxSection}`).superRefine(refuseComplexMarkdown(LESSON_SECTION_MAX, "What worked")),
  didNotWork: z.string().trim().max(LESSON_SECTION_MAX, `What did not work ${maxSection}`).superRefine(refuseComplexMarkdown(LESSON_SECTION_MAX, "What did not work")),
  recommendation: z.string().trim().min(1, "Enter your recommendation").max(LESSON_SECTION_MAX, `Recommendation ${maxSection}`).superRefine(refuseComplexMarkdown(LESSON_SECTION_MAX, "Recommendation")),
});

/** The form's values as typed (to send back) and either the checked input or field errors. */
export function readLessonForm(form: FormData) {
  const text = pickStrings(form, [...LESSON_TEXT_FIELDS, "intent"]);
  const list = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string").slice(0, 200);
  const { intent = "", ...rest } = text;
  const values: LessonFormValues = { ...(rest as Record<(typeof LESSON_TEXT_FIELDS)[number], string>), partnerships: list("partnerships"), serviceAreas: list("serviceAreas") };
  const parsed = LessonForm.safeParse(values);
  if (!parsed.success) return { intent, values, errors: fieldErrors(parsed.error), input: null };
  const d = parsed.data;
  const input: LessonInput = {
    title: d.title,
    summary: d.summary,
    partnershipIds: d.partnerships,
    phaseId: d.phase,
    serviceAreaIds: d.serviceAreas,
    outcome: d.outcome,
    audience: d.audience,
    contextMd: d.context,
    workedMd: d.worked,
    didNotWorkMd: d.didNotWork,
    recommendationMd: d.recommendation,
  };
  return { intent, values, errors: null, input };
}

/** The sections of the form as typed, for the Preview button. */
export function previewInput(values: LessonFormValues) {
  return { contextMd: values.context, workedMd: values.worked, didNotWorkMd: values.didNotWork, recommendationMd: values.recommendation };
}

const SECTION_LABELS = { context: "Context", worked: "What worked", didNotWork: "What did not work", recommendation: "Recommendation" } as const;

/** The Preview button: every section rendered, or an error on each section the renderer refuses. */
export function previewLesson(values: LessonFormValues) {
  const errors: FieldErrors = {};
  for (const [field, label] of Object.entries(SECTION_LABELS) as [keyof typeof SECTION_LABELS, string][]) {
    const problem = markdownProblem(values[field].slice(0, LESSON_SECTION_MAX));
    if (problem !== null) errors[field] = `${label}: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`;
  }
  if (Object.keys(errors).length > 0) return { errors, preview: null };
  return { errors: null, preview: previewLessonSections(previewInput(values)) };
}

export const LIVE_PROCUREMENT_SUPPLIER_MESSAGE = "Lessons about a partnership in procurement can be written by the policing side only until the procurement ends";
export const LIVE_PROCUREMENT_WIDEN_MESSAGE = "This lesson is about a partnership in procurement, so it must stay policing only until the procurement ends";

/** The field and message for each reason the model refuses a lesson. */
export function lessonProblemErrors(reason: Exclude<LessonProblem, "not_found">): FieldErrors {
  switch (reason) {
    case "no_partnership":
      return { partnerships: "Select at least one partnership this lesson is about" };
    case "unknown_partnership":
      return { partnerships: "Select partnerships from the list" };
    case "unknown_phase":
      return { phase: "Select the phase this lesson is about" };
    case "unknown_service_area":
      return { serviceAreas: "Select service areas from the list" };
    case "audience":
      return { audience: "Suppliers can share lessons with all members only" };
    case "supplier_live_procurement":
      return { partnerships: LIVE_PROCUREMENT_SUPPLIER_MESSAGE };
    case "procurement":
      return { audience: LIVE_PROCUREMENT_WIDEN_MESSAGE };
    case "forbidden":
      return { audience: "Only the lesson's author or a moderator can open it to all members" };
  }
}
