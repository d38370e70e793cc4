/**
 * A comparison of partnerships the member chose (issue 16): which ones the URL names, and the
 * savings table in words, one row per savings figure. The page shows exactly these rows and the
 * CSV is made of them, so the download is what was shown. Pure: tested without a database.
 */
import type { BenchmarkSaving } from "./benchmark";
import type { KpiRating, PartnershipStatus } from "./fixed-lists";
import { formatMoney } from "./money";
import { formatPartialDate } from "./partial-date";
import { EVIDENCE_LABELS, KPI_RATING_LABELS, periodText, SAVINGS_KIND_LABELS, STATUS_LABELS } from "./partnership-labels";
import { savingAmountText } from "./savings";

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** The chosen slugs (`?p=a&p=b`), in the order given, each once; anything that is not a slug is dropped. */
export function chosenSlugs(url: URL): string[] {
  return [...new Set(url.searchParams.getAll("p").map((p) => p.trim()).filter((p) => SLUG.test(p)))].slice(0, 50);
}

/** `?p=a&p=b`, for links that keep (or extend) the choice. */
export function chosenSearch(slugs: readonly string[], extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const s of slugs) params.append("p", s);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const q = params.toString();
  return q ? `?${q}` : "";
}

export type LatestRating = { kpi: string; rating: KpiRating; periodStart: string | null; periodEnd: string; source: string };

export type ComparedPartnership = {
  slug: string;
  name: string;
  status: PartnershipStatus | null;
  procurementLaunched: string | null;
  contractSigned: string | null;
  serviceStart: string | null;
  serviceEnd: string | null;
  contractValuePence: number | null;
  termYears: number | null;
  annualValuePence: number | null;
  savings: BenchmarkSaving[];
  latestRatings: LatestRating[];
};

export const NOT_KNOWN = "Not known";
const date = (d: string | null) => (d ? formatPartialDate(d) : NOT_KNOWN);
const money = (p: number | null) => (p === null ? NOT_KNOWN : formatMoney(p));

export const termText = (years: number | null) => (years === null ? NOT_KNOWN : years === 1 ? "1 year" : `${years} years`);
export const ratingText = (r: LatestRating) => `${r.kpi}: ${KPI_RATING_LABELS[r.rating]} (${periodText(r)})`;
export const latestRatingsText = (ratings: LatestRating[]) => (ratings.length ? ratings.map(ratingText).join("; ") : "None recorded");

export const COMPARISON_HEADER = [
  "Partnership",
  "Status",
  "Contract signed",
  "Service start",
  "Service end",
  "Contract value",
  "Term",
  "Annual value",
  "Saving",
  "Amount",
  "Period",
  "Share of value",
  "Reported by",
  "Evidence grade",
  "Latest performance rating",
];

/** One row per savings figure, in words; a partnership without any gets one row saying so. */
export function comparisonRows(partnerships: ComparedPartnership[]): string[][] {
  return partnerships.flatMap((p) => {
    const facts = [p.name, p.status ? STATUS_LABELS[p.status] : NOT_KNOWN, date(p.contractSigned), date(p.serviceStart), date(p.serviceEnd), money(p.contractValuePence), termText(p.termYears), money(p.annualValuePence)];
    const rating = latestRatingsText(p.latestRatings);
    if (p.savings.length === 0) return [[...facts, "None recorded", "", "", "", "", "", rating]];
    return p.savings.map((s) => [
      ...facts,
      SAVINGS_KIND_LABELS[s.kind],
      savingAmountText(s),
      s.period ?? "",
      s.share ? `${s.share} of ${s.shareOf}` : s.amountPence === null ? "Given as a percentage" : NOT_KNOWN,
      s.reportedBy,
      EVIDENCE_LABELS[s.evidence],
      rating,
    ]);
  });
}
