const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });

/**
 * The text of each hour formatted lately, up to its minutes ("23 November 2026 at 14:"): a thread
 * page formats 25 times and more, and Intl's formatting was 3 % of its CPU (issue 13). UK offsets
 * have been whole hours since railway time (1 December 1847; before it, local mean time was 75 s
 * behind), so the minutes of an hour in UTC are those of one hour in the UK and only they need
 * writing; a thread page's posts mostly fall in a few hours. Only the service's own timestamps
 * are formatted with a time.
 */
const hourTexts = new Map<number, string>();

/** UK time, GOV.UK style: "23 November 2026 at 14:05". Accepts a Date, epoch seconds or an ISO string. */
export function formatDateTime(value: Date | number | string) {
  const minute = Math.floor(toDate(value).getTime() / 60_000);
  const hour = Math.floor(minute / 60);
  let text = hourTexts.get(hour);
  if (text === undefined) {
    text = DATE_TIME.format(hour * 3_600_000).slice(0, -2);
    if (hourTexts.size >= 10_000) hourTexts.clear();
    hourTexts.set(hour, text);
  }
  const minutes = minute - hour * 60;
  return minutes < 10 ? `${text}0${minutes}` : text + minutes;
}

export function formatDate(value: Date | number | string) {
  return DATE.format(toDate(value));
}

function toDate(value: Date | number | string) {
  return typeof value === "number" ? new Date(value * 1000) : new Date(value);
}
