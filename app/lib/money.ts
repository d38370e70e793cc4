/**
 * Money is integer pence (README, Decisions). Pages show it the way finance papers do, "£175m",
 * "£1.7m", "£800,000"; people type it as they would write it, "£175m", "1.5bn", "2,800,000".
 */

const THOUSAND = 1_000_00; // £1,000 in pence
const MILLION = 1_000_000_00;
const BILLION = 1_000_000_000_00;
/** Far beyond any police contract, and well inside Number.MAX_SAFE_INTEGER pence. */
export const MAX_PENCE = 100 * BILLION;

const GROUPED = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2, minimumFractionDigits: 0 });
const GROUPED_PENCE = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** Up to two decimals, trailing zeros dropped: 1.70 → "1.7", 175.00 → "175". */
function short(value: number) {
  return String(Math.round(value * 100) / 100);
}

/**
 * "£175m", "£1.7m", "£1.5bn", "£800,000", "£1,234.50". Millions and billions are shown to at most
 * two decimals (a display rounding); below a million the exact amount is shown.
 */
export function formatMoney(pence: number) {
  const sign = pence < 0 ? "-" : "";
  const abs = Math.abs(pence);
  if (abs >= BILLION) return `${sign}£${short(abs / BILLION)}bn`;
  if (abs >= MILLION) return `${sign}£${short(abs / MILLION)}m`;
  const pounds = abs / 100;
  return `${sign}£${abs % 100 === 0 ? GROUPED.format(pounds) : GROUPED_PENCE.format(pounds)}`;
}

/** The exact amount, "£175,000,000" or "£1,234.50", for exports and forms. */
export function formatMoneyExact(pence: number) {
  const sign = pence < 0 ? "-" : "";
  const abs = Math.abs(pence);
  return `${sign}£${abs % 100 === 0 ? GROUPED.format(abs / 100) : GROUPED_PENCE.format(abs / 100)}`;
}

/** What a form shows for a stored amount: the short form when it is exact ("£175m"), else the exact one. */
export function formatMoneyInput(pence: number) {
  const compact = formatMoney(pence);
  const back = parseMoney(compact);
  return back.ok && back.pence === pence ? compact : formatMoneyExact(pence);
}

/** Pounds as a plain number for spreadsheets: "175000000", "1234.5". */
export function poundsForExport(pence: number) {
  return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);
}

export type MoneyParse = { ok: true; pence: number | null } | { ok: false; error: string };

const SUFFIXES: Record<string, number> = {
  "": 0,
  k: 3,
  thousand: 3,
  m: 6,
  mn: 6,
  million: 6,
  b: 9,
  bn: 9,
  billion: 9,
};

export const MONEY_HINT = "In pounds, for example 175000000, £175m, £1.5bn or 2,800,000";

/**
 * Pounds as a person types them, to pence. Empty input is `null` (not known), never 0.
 * Accepts "£", thousands commas, spaces, decimals, and k / m / bn (or the words). Negative,
 * non-numeric, over-precise and absurd amounts are refused with a message for the person.
 * Done in decimal digits, not floating point, so "1.7m" is exactly 170,000,000 pence.
 */
export function parseMoney(input: string | null | undefined, label = "the amount"): MoneyParse {
  const text = (input ?? "").trim().toLowerCase().replace(/\s+/g, " ");
  if (text === "") return { ok: true, pence: null };
  if (/^[-−–(]/.test(text) || /^£\s*[-−–]/.test(text)) return { ok: false, error: `Enter ${label} as zero or more: it cannot be negative` };
  const match = /^£?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(k|thousand|mn|m|million|bn|b|billion)?$/.exec(text);
  if (!match) return { ok: false, error: `Enter ${label} as a number of pounds, for example 175000000, £175m or 2,800,000` };
  const [whole = "", fraction = ""] = match[1]!.replace(/,/g, "").split(".");
  const shift = SUFFIXES[match[2] ?? ""]! + 2; // pounds × 10^suffix × 100 pence
  if (fraction.length > shift && /[1-9]/.test(fraction.slice(shift))) {
    return { ok: false, error: match[2] ? `Enter ${label} to the nearest penny` : `Enter ${label} with no more than 2 decimal places` };
  }
  const digits = (whole + fraction.slice(0, shift).padEnd(shift, "0")).replace(/^0+(?=\d)/, "");
  if (digits.length > 16) return { ok: false, error: `Enter ${label} under £100bn` };
  const pence = Number(digits);
  if (pence > MAX_PENCE) return { ok: false, error: `Enter ${label} under £100bn` };
  return { ok: true, pence };
}

/** A share as a whole-number percentage, "29%", or under 1% to one decimal, "0.9%". */
export function formatShare(part: number, whole: number) {
  const share = (part / whole) * 100;
  return `${share < 1 ? Math.round(share * 10) / 10 : Math.round(share)}%`;
}

export { THOUSAND, MILLION, BILLION };
