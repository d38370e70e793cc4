/**
 * Dates known only as precisely as the source gives them: a year "2009", a month "2010-06" or a
 * day "2010-10-01" (README, Decisions: partial dates are text). The stored form sorts as text.
 */

export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

export type PartialDate = { year: number; month: number | null; day: number | null };
export type PartialDateParse = { ok: true; value: string | null } | { ok: false; error: string };

export const PARTIAL_DATE_HINT = "A year, a month or a day, for example 2010, 2010-06, June 2010 or 1 October 2010";

function daysIn(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthNumber(name: string) {
  const lower = name.toLowerCase();
  if (lower.length < 3) return null;
  const i = MONTHS.findIndex((m) => m.toLowerCase().startsWith(lower) && (lower.length === 3 || m.toLowerCase() === lower || (lower === "sept" && m === "September")));
  return i < 0 ? null : i + 1;
}

const pad = (n: number) => String(n).padStart(2, "0");

function build(year: number, month: number | null, day: number | null, label: string): PartialDateParse {
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, error: `Enter ${label} with a year between ${MIN_YEAR} and ${MAX_YEAR}` };
  if (month !== null && (month < 1 || month > 12)) return { ok: false, error: `Enter ${label} with a month from 1 to 12` };
  if (day !== null && (day < 1 || day > daysIn(year, month!))) return { ok: false, error: `Enter ${label} as a real date: ${MONTHS[month! - 1]} ${year} has ${daysIn(year, month!)} days` };
  return { ok: true, value: day !== null ? `${year}-${pad(month!)}-${pad(day)}` : month !== null ? `${year}-${pad(month)}` : String(year) };
}

/**
 * "2009", "2010-06", "2010-10-01" (also "2010-6", "June 2010", "1 October 2010", "1/10/2010")
 * to the stored form; empty input is `null` (not known). Impossible dates are refused.
 */
export function parsePartialDate(input: string | null | undefined, label = "the date"): PartialDateParse {
  const text = (input ?? "").trim().replace(/\s+/g, " ").replace(/,/g, "");
  if (text === "") return { ok: true, value: null };
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(text))) return build(Number(m[1]), null, null, label);
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(text))) return build(Number(m[1]), Number(m[2]), null, label);
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) return build(Number(m[1]), Number(m[2]), Number(m[3]), label);
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text))) return build(Number(m[3]), Number(m[2]), Number(m[1]), label);
  if ((m = /^(\d{1,2})\/(\d{4})$/.exec(text))) return build(Number(m[2]), Number(m[1]), null, label);
  if ((m = /^([a-z]+)\.? (\d{4})$/i.exec(text))) {
    const month = monthNumber(m[1]!);
    if (month) return build(Number(m[2]), month, null, label);
  }
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.? (\d{4})$/i.exec(text))) {
    const month = monthNumber(m[2]!);
    if (month) return build(Number(m[3]), month, Number(m[1]), label);
  }
  return { ok: false, error: `Enter ${label} as a year (2010), a month (2010-06 or June 2010) or a day (2010-10-01 or 1 October 2010)` };
}

/** The parts of a stored partial date, or null when it is not one. */
export function partsOf(value: string): PartialDate | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return null;
  return { year: Number(m[1]), month: m[2] ? Number(m[2]) : null, day: m[3] ? Number(m[3]) : null };
}

/** "2009", "June 2010", "1 October 2010". Anything not a stored partial date is shown as it is. */
export function formatPartialDate(value: string) {
  const p = partsOf(value);
  if (!p) return value;
  if (p.month === null) return String(p.year);
  if (p.day === null) return `${MONTHS[p.month - 1]} ${p.year}`;
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** The first and last day a partial date may mean, as "YYYY-MM-DD" (so they compare as text). */
export function dateRange(value: string): [string, string] | null {
  const p = partsOf(value);
  if (!p) return null;
  if (p.month === null) return [`${p.year}-01-01`, `${p.year}-12-31`];
  if (p.day === null) return [`${p.year}-${pad(p.month)}-01`, `${p.year}-${pad(p.month)}-${pad(daysIn(p.year, p.month))}`];
  return [value, value];
}

/**
 * Orders partial dates by their first possible day, the less precise first on a tie
 * ("2010" before "2010-01" before "2010-01-01"). Negative, zero or positive like any comparator.
 */
export function comparePartialDates(a: string, b: string) {
  const ra = dateRange(a)?.[0] ?? a;
  const rb = dateRange(b)?.[0] ?? b;
  if (ra !== rb) return ra < rb ? -1 : 1;
  return a.length - b.length;
}

/**
 * True only when `a` is certainly before `b`: its last possible day is before `b`'s first. So
 * "2020" is not before "2020-06" (they overlap), but "2019-12" is.
 */
export function isDefinitelyBefore(a: string, b: string) {
  const ra = dateRange(a);
  const rb = dateRange(b);
  if (!ra || !rb) return false;
  return ra[1] < rb[0];
}
