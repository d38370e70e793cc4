import { describe, expect, test } from "vitest";
import { formatDate, formatDateTime } from "~/lib/dates";

describe("formatDateTime", () => {
  test("UK time to the minute, either side of the clocks changing, however the time is given", () => {
    expect(formatDateTime(new Date("2026-03-29T00:59:59Z"))).toBe("29 March 2026 at 00:59");
    expect(formatDateTime(new Date("2026-03-29T01:00:00Z"))).toBe("29 March 2026 at 02:00");
    expect(formatDateTime(Date.parse("2026-10-25T00:30:00Z") / 1000)).toBe("25 October 2026 at 01:30");
    expect(formatDateTime("2026-10-25T01:30:00Z")).toBe("25 October 2026 at 01:30");
    // The same minute read again, and a second later in it, give the same text; the next minute its own.
    expect(formatDateTime(new Date("2026-03-29T00:59:00Z"))).toBe("29 March 2026 at 00:59");
    expect(formatDateTime(new Date("2026-03-29T01:00:59.999Z"))).toBe("29 March 2026 at 02:00");
    expect(formatDateTime(new Date("2026-03-29T01:01:00Z"))).toBe("29 March 2026 at 02:01");
    expect(formatDate(new Date("2026-10-25T23:30:00Z"))).toBe("25 October 2026");
  });

  test("every minute around both clock changes reads as Intl writes it", () => {
    const intl = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
    for (const start of ["2026-03-28T22:00:00Z", "2026-10-24T22:00:00Z"])
      for (let minute = 0; minute < 6 * 60; minute++) {
        const at = new Date(Date.parse(start) + minute * 60_000 + 17_000);
        expect(formatDateTime(at)).toBe(intl.format(at));
      }
  });

  test("before 1970 too, where a minute's number is negative", () => {
    expect(formatDateTime(new Date("1969-12-31T23:59:30Z"))).toBe("1 January 1970 at 00:59");
    expect(formatDateTime(new Date("1969-12-31T23:05:30Z"))).toBe("1 January 1970 at 00:05");
  });
});
