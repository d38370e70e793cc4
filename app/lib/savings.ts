/** How a savings figure reads wherever it appears: amount or percentage, period, grade. */
import type { EvidenceGrade, SavingsKind } from "~/lib/fixed-lists";
import { formatMoney } from "./money";
import { EVIDENCE_LABELS } from "./partnership-labels";

/** A savings figure as recorded: the form's result, the registry's row, the chart's bar. */
export type SavingFigure = {
  kind: SavingsKind;
  amountPence: number | null;
  percentLow: number | null;
  percentHigh: number | null;
  period: string | null;
  reportedBy: string;
  evidence: EvidenceGrade;
  note: string | null;
};

const trimNumber = (n: number) => String(Math.round(n * 100) / 100);

/** "30–40%" or "25%". */
export function formatPercentRange(low: number, high: number | null) {
  return high === null || high === low ? `${trimNumber(low)}%` : `${trimNumber(low)}–${trimNumber(high)}%`;
}

/** "£50m", "30–40%", or "Not known" when the source gave neither. */
export function savingAmountText(s: Pick<SavingFigure, "amountPence" | "percentLow" | "percentHigh">) {
  if (s.amountPence !== null) return formatMoney(s.amountPence);
  if (s.percentLow !== null) return formatPercentRange(s.percentLow, s.percentHigh);
  return "Not known";
}

/**
 * The period as it reads after an amount: "10 years" → "over 10 years", "contract term" →
 * "over the contract term"; phrases that already read ("to 2011", "a year by year 10") stay.
 */
export function periodPhrase(period: string | null) {
  const p = (period ?? "").trim();
  if (!p) return "";
  if (/^(to|by|a|an|per|each|in|from|over|until|between|during|since)\b/i.test(p)) return p;
  if (/^(the )?(contract|term)\b/i.test(p)) return `over ${p.startsWith("the ") ? p : `the ${p}`}`;
  return `over ${p}`;
}

/** "£50m targeted over 10 years": the figure without its grade (the page shows that as a tag). */
export function savingHeadline(s: SavingFigure) {
  return [savingAmountText(s), s.kind, periodPhrase(s.period)].filter(Boolean).join(" ");
}

/** One figure as plain text, grade and source included, for exports and revision history. */
export function savingSentence(s: SavingFigure) {
  return [s.kind, savingAmountText(s), periodPhrase(s.period), `(${EVIDENCE_LABELS[s.evidence].toLowerCase()}, reported by ${s.reportedBy})`].filter(Boolean).join(" ");
}

export type PercentParse = { ok: true; value: { low: number; high: number } | null } | { ok: false; error: string };

/** "25", "25%", "30-40", "30 to 40%" to a low–high range from 0 to 100; empty is `null`. */
export function parsePercentRange(input: string | null | undefined): PercentParse {
  const text = (input ?? "").trim().replace(/%/g, "").replace(/\s+/g, " ");
  if (!text) return { ok: true, value: null };
  const m = /^(\d{1,3}(?:\.\d{1,2})?)(?: ?(?:-|–|to) ?(\d{1,3}(?:\.\d{1,2})?))?$/i.exec(text);
  if (!m) return { ok: false, error: "Enter the percentage as a number, like 25, or a range, like 30-40" };
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  if (low > 100 || high > 100) return { ok: false, error: "Enter a percentage from 0 to 100" };
  if (high < low) return { ok: false, error: "Enter the lower percentage first, like 30-40" };
  return { ok: true, value: { low, high } };
}
