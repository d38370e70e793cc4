/**
 * The registry's forms, parsed with zod into what the model writes. Each message names the
 * field and says how to put it right (GOV.UK error messages). Pure: no database here; the model
 * checks that the chosen type, areas and forces exist.
 */
import { z } from "zod";
import {
  EVIDENCE_GRADES,
  KPI_RATINGS,
  PARTNERSHIP_STATUSES,
  SAVINGS_KINDS,
  type EvidenceGrade,
  type KpiRating,
  type PartnershipStatus,
} from "~/lib/fixed-lists";
import { fieldErrors, type FieldErrors } from "~/lib/form.server";
import { parseMoney } from "~/lib/money";
import type { SavingFigure } from "~/lib/savings";
import { CORRECTION_MAX, CORRECTION_MIN } from "~/lib/partnership-fields";
import { isDefinitelyBefore, parsePartialDate } from "~/lib/partial-date";
import { parsePercentRange } from "~/lib/savings";

export type PartnershipFields = {
  name: string;
  summary: string | null;
  typeSlug: string;
  status: PartnershipStatus | null;
  serviceAreaSlugs: string[];
  forceSlugs: string[];
  supplierNames: string[];
  procurementLaunched: string | null;
  contractSigned: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  termYears: number | null;
  contractValuePence: number | null;
  contractValueNote: string | null;
  staffTransferred: string | null;
  commissionerBodies: string | null;
};

export const PARTNERSHIP_TEXT_FIELDS = [
  "name",
  "summary",
  "type",
  "status",
  "suppliers",
  "procurementLaunched",
  "contractSigned",
  "serviceStart",
  "serviceEnd",
  "termYears",
  "contractValue",
  "contractValueNote",
  "staffTransferred",
  "commissionerBodies",
  "revision",
] as const;

/** What the form sends back when it is shown again: every text as typed, the ticked boxes. */
export type PartnershipFormValues = Partial<Record<(typeof PARTNERSHIP_TEXT_FIELDS)[number], string>> & { serviceAreas?: string[]; forces?: string[] };

export const DATE_LABELS = {
  procurementLaunched: "the date procurement launched",
  contractSigned: "the date the contract was signed",
  serviceStart: "the service start date",
  serviceEnd: "the service end date",
} as const;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .transform((v) => v || null);

const partialDate = (label: string) =>
  z.string().transform((v, ctx) => {
    const r = parsePartialDate(v, label);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.error });
      return z.NEVER;
    }
    return r.value;
  });

const money = (label: string) =>
  z.string().transform((v, ctx) => {
    const r = parseMoney(v, label);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.error });
      return z.NEVER;
    }
    return r.pence;
  });

const slugs = (max: number, message: string) => z.array(z.string().regex(/^[a-z0-9-]{1,100}$/, message)).max(max, message);

const PartnershipSchema = z.object({
  name: z
    .string()
    .transform((v) => v.replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1, "Enter the name of the partnership").max(200, "The name must be 200 characters or fewer")),
  summary: optionalText(2000, "The summary"),
  type: z.string().regex(/^[a-z0-9-]{1,100}$/, "Select the type of partnership"),
  status: z
    .enum([...PARTNERSHIP_STATUSES, "unknown"], { errorMap: () => ({ message: "Select the status, or Not known" }) })
    .transform((s) => (s === "unknown" ? null : s)),
  serviceAreas: slugs(20, "Choose service areas from the list"),
  forces: slugs(60, "Choose forces from the list"),
  suppliers: z
    .string()
    .max(3000, "The suppliers must be 3000 characters or fewer in all")
    .transform((text, ctx) => {
      const names = text.split(/\r?\n/).map((l) => l.trim().replace(/\s+/g, " ")).filter(Boolean);
      if (names.some((n) => n.length > 120)) ctx.addIssue({ code: "custom", message: "Each supplier's name must be 120 characters or fewer" });
      if (names.length > 20) ctx.addIssue({ code: "custom", message: "Enter 20 suppliers or fewer" });
      const seen = new Set<string>();
      return names.filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
    }),
  procurementLaunched: partialDate(DATE_LABELS.procurementLaunched),
  contractSigned: partialDate(DATE_LABELS.contractSigned),
  serviceStart: partialDate(DATE_LABELS.serviceStart),
  serviceEnd: partialDate(DATE_LABELS.serviceEnd),
  termYears: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (!v) return null;
      const n = /^\d{1,3}$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1 && n <= 50)) {
        ctx.addIssue({ code: "custom", message: "Enter the term as a whole number of years from 1 to 50" });
        return z.NEVER;
      }
      return n;
    }),
  contractValue: money("the contract value"),
  contractValueNote: optionalText(500, "The note on the contract value"),
  staffTransferred: optionalText(500, "Staff transferred"),
  commissionerBodies: optionalText(500, "Commissioner bodies"),
});

export type FormParse<T> = { ok: true; fields: T } | { ok: false; errors: FieldErrors };

/** The values to show again and the parsed fields or errors. */
export function parsePartnershipForm(form: FormData): { values: PartnershipFormValues; parsed: FormParse<PartnershipFields> } {
  const text = Object.fromEntries(PARTNERSHIP_TEXT_FIELDS.map((n) => [n, typeof form.get(n) === "string" ? (form.get(n) as string) : ""]));
  const serviceAreas = form.getAll("serviceAreas").filter((v): v is string => typeof v === "string");
  const forces = form.getAll("forces").filter((v): v is string => typeof v === "string");
  const values: PartnershipFormValues = { ...text, serviceAreas, forces };
  const result = PartnershipSchema.safeParse({ ...text, serviceAreas, forces });
  const errors: FieldErrors = result.success ? {} : fieldErrors(result.error);
  // Checked apart from zod so it is said even when another field is wrong too.
  const start = parsePartialDate(text.serviceStart);
  const end = parsePartialDate(text.serviceEnd);
  if (!errors.serviceEnd && start.ok && end.ok && start.value && end.value && isDefinitelyBefore(end.value, start.value)) {
    errors.serviceEnd = "The service end date must be the same as or after the service start date";
  }
  if (!result.success || Object.keys(errors).length > 0) return { values, parsed: { ok: false, errors } };
  const d = result.data;
  return {
    values,
    parsed: {
      ok: true,
      fields: {
        name: d.name,
        summary: d.summary,
        typeSlug: d.type,
        status: d.status,
        serviceAreaSlugs: [...new Set(d.serviceAreas)],
        forceSlugs: [...new Set(d.forces)],
        supplierNames: d.suppliers,
        procurementLaunched: d.procurementLaunched,
        contractSigned: d.contractSigned,
        serviceStart: d.serviceStart,
        serviceEnd: d.serviceEnd,
        termYears: d.termYears,
        contractValuePence: d.contractValue,
        contractValueNote: d.contractValueNote,
        staffTransferred: d.staffTransferred,
        commissionerBodies: d.commissionerBodies,
      },
    },
  };
}

/** What the savings form yields: a whole figure. */
export type SavingFields = SavingFigure;

const SavingSchema = z.object({
  savingKind: z.enum(SAVINGS_KINDS, { errorMap: () => ({ message: "Select whether the saving was targeted or reported" }) }),
  savingAmount: money("the amount saved"),
  savingPercent: z.string().transform((v, ctx) => {
    const r = parsePercentRange(v);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.error });
      return z.NEVER;
    }
    return r.value;
  }),
  savingPeriod: optionalText(100, "The period"),
  savingReportedBy: z.string().trim().min(1, "Enter who reported the figure").max(200, "Who reported it must be 200 characters or fewer"),
  savingEvidence: z.enum(EVIDENCE_GRADES, { errorMap: () => ({ message: "Select the evidence grade" }) }),
  savingNote: optionalText(500, "The note"),
});

export function parseSavingForm(values: Record<string, string>): FormParse<SavingFields> {
  const result = SavingSchema.safeParse(values);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error) };
  const d = result.data;
  if (d.savingAmount === null && d.savingPercent === null) return { ok: false, errors: { savingAmount: "Enter an amount saved or a percentage" } };
  if (d.savingAmount !== null && d.savingPercent !== null) return { ok: false, errors: { savingAmount: "Enter an amount or a percentage, not both" } };
  return {
    ok: true,
    fields: {
      kind: d.savingKind,
      amountPence: d.savingAmount,
      percentLow: d.savingPercent?.low ?? null,
      percentHigh: d.savingPercent?.high ?? null,
      period: d.savingPeriod,
      reportedBy: d.savingReportedBy,
      evidence: d.savingEvidence,
      note: d.savingNote,
    },
  };
}

const EventSchema = z.object({
  eventDate: z.string().transform((v, ctx) => {
    const r = parsePartialDate(v, "the date of the event");
    if (!r.ok || r.value === null) {
      ctx.addIssue({ code: "custom", message: r.ok ? "Enter the date of the event" : r.error });
      return z.NEVER;
    }
    return r.value;
  }),
  eventWhat: z.string().trim().min(1, "Enter what happened").max(500, "What happened must be 500 characters or fewer"),
});

export function parseEventForm(values: Record<string, string>): FormParse<{ date: string; what: string }> {
  const result = EventSchema.safeParse(values);
  return result.success ? { ok: true, fields: { date: result.data.eventDate, what: result.data.eventWhat } } : { ok: false, errors: fieldErrors(result.error) };
}

const SourceSchema = z.object({
  sourceCitation: z.string().trim().min(1, "Enter the source: who published what, and when").max(500, "The source must be 500 characters or fewer"),
  sourceUrl: z
    .string()
    .trim()
    .max(1000, "The web address must be 1000 characters or fewer")
    .transform((v, ctx) => {
      if (!v) return null;
      let url: URL | null = null;
      try {
        url = new URL(v);
      } catch {
        url = null;
      }
      if (!url || url.protocol !== "https:" || !url.hostname.includes(".")) {
        ctx.addIssue({ code: "custom", message: "Enter a web address starting https://, like https://www.gov.uk/…" });
        return z.NEVER;
      }
      return url.toString();
    }),
});

export function parseSourceForm(values: Record<string, string>): FormParse<{ citation: string; url: string | null }> {
  const result = SourceSchema.safeParse(values);
  return result.success ? { ok: true, fields: { citation: result.data.sourceCitation, url: result.data.sourceUrl } } : { ok: false, errors: fieldErrors(result.error) };
}

const httpsUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(1000, `${label} must be 1000 characters or fewer`)
    .transform((v, ctx) => {
      if (!v) return null;
      let url: URL | null = null;
      try {
        url = new URL(v);
      } catch {
        url = null;
      }
      if (!url || url.protocol !== "https:" || !url.hostname.includes(".")) {
        ctx.addIssue({ code: "custom", message: "Enter a web address starting https://, like https://www.gov.uk/…" });
        return z.NEVER;
      }
      return url.toString();
    });

// ---------------------------------------------------------------------------------------------
// Contract performance (Procurement Act 2023 s.52, s.71)

export type KpiFields = { name: string; description: string | null };

const KpiSchema = z.object({
  kpiName: z.string().trim().min(1, "Enter the name of the KPI, as the contract states it").max(200, "The name of the KPI must be 200 characters or fewer"),
  kpiDescription: optionalText(1000, "The description of the KPI"),
});

export function parseKpiForm(values: Record<string, string>): FormParse<KpiFields> {
  const result = KpiSchema.safeParse(values);
  return result.success ? { ok: true, fields: { name: result.data.kpiName, description: result.data.kpiDescription } } : { ok: false, errors: fieldErrors(result.error) };
}

export type KpiRatingFields = {
  periodStart: string | null;
  periodEnd: string;
  rating: KpiRating;
  note: string | null;
  source: string;
  sourceUrl: string | null;
  evidence: EvidenceGrade;
};

const KpiRatingSchema = z.object({
  ratingKpi: z.string().regex(/^\d{1,9}$/, "Select the KPI this rating is for").transform(Number),
  ratingPeriodStart: partialDate("the start of the period"),
  ratingPeriodEnd: partialDate("the end of the period").refine((v) => v !== null, "Enter the end of the period the rating covers"),
  rating: z.enum(KPI_RATINGS, { errorMap: () => ({ message: "Select the rating" }) }),
  ratingNote: optionalText(500, "The note"),
  ratingSource: z.string().trim().min(1, "Enter the source of the rating: who published it, and when").max(500, "The source must be 500 characters or fewer"),
  ratingSourceUrl: httpsUrl("The web address"),
  ratingEvidence: z.enum(EVIDENCE_GRADES, { errorMap: () => ({ message: "Select the evidence grade" }) }),
});

export function parseKpiRatingForm(values: Record<string, string>): FormParse<KpiRatingFields & { kpiId: number }> {
  const result = KpiRatingSchema.safeParse(values);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error) };
  const d = result.data;
  if (d.ratingPeriodEnd === null) return { ok: false, errors: { ratingPeriodEnd: "Enter the end of the period the rating covers" } };
  if (d.ratingPeriodStart !== null && isDefinitelyBefore(d.ratingPeriodEnd, d.ratingPeriodStart)) return { ok: false, errors: { ratingPeriodEnd: "The end of the period must be after its start" } };
  return {
    ok: true,
    fields: { kpiId: d.ratingKpi, periodStart: d.ratingPeriodStart, periodEnd: d.ratingPeriodEnd, rating: d.rating, note: d.ratingNote, source: d.ratingSource, sourceUrl: d.ratingSourceUrl, evidence: d.ratingEvidence },
  };
}

export const CorrectionSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, "Enter the correction you suggest")
    .min(CORRECTION_MIN, `The correction must be ${CORRECTION_MIN} characters or more`)
    .max(CORRECTION_MAX, `The correction must be ${CORRECTION_MAX} characters or fewer`),
});
