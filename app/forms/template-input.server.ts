/**
 * The library's forms, parsed with zod: template details (new and edit), the changelog of a
 * version, and a withdrawal reason. Each returns field errors keyed by the field's id, and the
 * values to show again.
 */
import { z } from "zod";
import { fieldErrors, type FieldErrors } from "~/lib/form.server";
import { AUDIENCES } from "~/lib/fixed-lists";
import { CHANGELOG_MAX, LICENCES, SUMMARY_MAX, TITLE_MAX, TITLE_MIN, WITHDRAW_REASON_MAX, type TemplateDetails } from "~/models/templates.server";

const Details = z.object({
  title: z.string().trim().min(1, "Enter a title").min(TITLE_MIN, `Title must be ${TITLE_MIN} characters or more`).max(TITLE_MAX, `Title must be ${TITLE_MAX} characters or fewer`),
  summary: z.string().trim().min(1, "Enter a summary of what the template is for").max(SUMMARY_MAX, `Summary must be ${SUMMARY_MAX} characters or fewer`),
  category: z.coerce.number({ message: "Choose a category" }).int("Choose a category").positive("Choose a category"),
  audience: z.enum(AUDIENCES, { errorMap: () => ({ message: "Choose who can see this template" }) }),
  licence: z.enum(Object.keys(LICENCES) as [keyof typeof LICENCES], { errorMap: () => ({ message: "Choose a licence" }) }).transform((key) => LICENCES[key]),
});

export const Changelog = z.string().trim().min(1, "Enter what changed in this version").max(CHANGELOG_MAX, `What changed must be ${CHANGELOG_MAX} characters or fewer`);

export const WithdrawReason = z.string().trim().min(1, "Enter why the template is being withdrawn").max(WITHDRAW_REASON_MAX, `The reason must be ${WITHDRAW_REASON_MAX} characters or fewer`);

/** What the form sends back so the page can show it again (the file input cannot be refilled). */
export type DetailValues = { title: string; summary: string; category: string; audience: string; licence: string; serviceAreas: string[]; partnerships: string[]; changelog?: string };

const ids = (raw: string[]) => [...new Set(raw.map(Number).filter((n) => Number.isInteger(n) && n > 0))];

/** Parses the detail fields from any form-like source of text values. */
export function parseDetails(get: (name: string) => string, getAll: (name: string) => string[]): { values: DetailValues; details: TemplateDetails | null; errors: FieldErrors } {
  const values: DetailValues = {
    title: get("title"),
    summary: get("summary"),
    category: get("category"),
    audience: get("audience"),
    licence: get("licence"),
    serviceAreas: getAll("serviceAreas"),
    partnerships: getAll("partnerships"),
  };
  const parsed = Details.safeParse(values);
  if (!parsed.success) return { values, details: null, errors: fieldErrors(parsed.error) };
  const d = parsed.data;
  return {
    values,
    details: { title: d.title, summary: d.summary, categoryId: d.category, audience: d.audience, licence: d.licence, serviceAreaIds: ids(values.serviceAreas), partnershipIds: ids(values.partnerships) },
    errors: {},
  };
}

/** The message for each way the model can refuse details, on the field it belongs to. */
export const DETAIL_PROBLEMS: Record<string, [field: string, message: string]> = {
  audience: ["audience", "Suppliers can only add templates that every member can see"],
  procurement: ["audience", "This template is linked to a partnership in procurement, so it cannot be opened to all members until the procurement ends"],
  widen: ["audience", "Only a moderator, or the uploader's organisation, can open a policing-only template to all members"],
  supplier_live_procurement: ["partnerships", "A partnership you chose is in procurement. To keep the competition fair, suppliers cannot link templates to it; ask about it in a discussion instead"],
  unknown_category: ["category", "Choose a category from the list"],
  unknown_service_area: ["serviceAreas", "Choose service areas from the list"],
  unknown_partnership: ["partnerships", "Choose partnerships from the list"],
};
