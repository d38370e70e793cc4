/**
 * The benchmark view's arithmetic: a saving's share of a partnership's contract value (or of its
 * annual value for a yearly saving). Pure, so it is tested without a database.
 */
import { formatShare } from "./money";
import type { SavingFigure } from "./savings";

export type BenchmarkGrouping = "area" | "type";

export type BenchmarkSaving = SavingFigure & {
  id: number;
  /** "29%" of the contract value (or of the annual value for a yearly saving); null when not known. */
  share: string | null;
  shareOf: "contract value" | "annual value" | null;
};

export type BenchmarkPartnership = {
  id: number;
  slug: string;
  name: string;
  contractValuePence: number | null;
  termYears: number | null;
  /** Contract value ÷ term, when both are known. */
  annualValuePence: number | null;
  savings: BenchmarkSaving[];
};

export type BenchmarkGroup = { slug: string; name: string; partnerships: BenchmarkPartnership[] };

const YEARLY = /\b(a|per|each) year\b|\bannual|\byearly\b/i;

/** A saving's share of the contract value, or of the annual value when the saving is per year. */
export function shareOf(s: { amountPence: number | null; period: string | null }, value: number | null, annual: number | null): Pick<BenchmarkSaving, "share" | "shareOf"> {
  if (s.amountPence === null) return { share: null, shareOf: null };
  if (YEARLY.test(s.period ?? "")) return annual ? { share: formatShare(s.amountPence, annual), shareOf: "annual value" } : { share: null, shareOf: null };
  return value ? { share: formatShare(s.amountPence, value), shareOf: "contract value" } : { share: null, shareOf: null };
}

