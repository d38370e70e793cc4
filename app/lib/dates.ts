const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });

/**
 * The text for each minute formatted lately: a thread page formats 25 times and more, and Intl's
 * formatting was 3 % of its CPU (issue 13). UK offsets are whole hours, so a minute has one text.
 */
const minuteTexts = new Map<number, string>();

/** UK time, GOV.UK style: "23 November 2026 at 14:05". Accepts a Date, epoch seconds or an ISO string. */
export function formatDateTime(value: Date | number | string) {
  const minute = Math.floor(toDate(value).getTime() / 60_000);
  let text = minuteTexts.get(minute);
  if (text === undefined) {
    text = DATE_TIME.format(minute * 60_000);
    if (minuteTexts.size >= 10_000) minuteTexts.clear();
    minuteTexts.set(minute, text);
  }
  return text;
}

export function formatDate(value: Date | number | string) {
  return DATE.format(toDate(value));
}

function toDate(value: Date | number | string) {
  return typeof value === "number" ? new Date(value * 1000) : new Date(value);
}
