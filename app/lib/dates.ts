const DATE_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });

/** UK time, GOV.UK style: "23 November 2026, 14:05". Accepts a Date, epoch seconds or an ISO string. */
export function formatDateTime(value: Date | number | string) {
  return DATE_TIME.format(toDate(value));
}

export function formatDate(value: Date | number | string) {
  return DATE.format(toDate(value));
}

function toDate(value: Date | number | string) {
  return typeof value === "number" ? new Date(value * 1000) : new Date(value);
}
