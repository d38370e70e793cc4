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

  test("before 1970 too, where a minute's number is negative", () => {
    expect(formatDateTime(new Date("1969-12-31T23:59:30Z"))).toBe("1 January 1970 at 00:59");
  });
});
