import { describe, expect, test } from "vitest";
import { comparePartialDates, formatPartialDate, isDefinitelyBefore, parsePartialDate } from "~/lib/partial-date";

describe("parsing partial dates", () => {
  test.each([
    ["2009", "2009"],
    ["2010-06", "2010-06"],
    ["2010-6", "2010-06"],
    ["2010-10-01", "2010-10-01"],
    ["2010-10-1", "2010-10-01"],
    ["June 2010", "2010-06"],
    ["jun 2010", "2010-06"],
    ["Sept 2012", "2012-09"],
    ["1 October 2010", "2010-10-01"],
    ["1st October, 2010", "2010-10-01"],
    ["01/10/2010", "2010-10-01"],
    ["06/2010", "2010-06"],
    ["2012-02-29", "2012-02-29"],
  ])("%s is stored as %s", (text, stored) => {
    expect(parsePartialDate(text)).toEqual({ ok: true, value: stored });
  });

  test("nothing typed is not known", () => {
    expect(parsePartialDate("")).toEqual({ ok: true, value: null });
    expect(parsePartialDate(null)).toEqual({ ok: true, value: null });
  });

  test.each([
    ["2010-13", "Enter the service start with a month from 1 to 12"],
    ["2010-00", "Enter the service start with a month from 1 to 12"],
    ["2011-02-29", "Enter the service start as a real date: February 2011 has 28 days"],
    ["2010-04-31", "Enter the service start as a real date: April 2010 has 30 days"],
    ["1066", "Enter the service start with a year between 1900 and 2100"],
  ])("impossible %s is refused: %s", (text, error) => {
    expect(parsePartialDate(text, "the service start")).toEqual({ ok: false, error });
  });

  test.each(["soon", "10", "2010/06/01", "Smarch 2010", "2010-06-01T00:00", "32 May 2010"])("%s is not a date", (text) => {
    const result = parsePartialDate(text, "the service start");
    expect(result.ok).toBe(false);
  });
});

describe("showing partial dates", () => {
  test.each([
    ["2009", "2009"],
    ["2010-06", "June 2010"],
    ["2010-10-01", "1 October 2010"],
    ["2022-03-31", "31 March 2022"],
  ])("%s reads as %s", (stored, text) => {
    expect(formatPartialDate(stored)).toBe(text);
  });

  test("whatever is shown parses back to the same stored date", () => {
    for (const stored of ["2009", "2010-06", "2010-10-01"]) expect(parsePartialDate(formatPartialDate(stored))).toEqual({ ok: true, value: stored });
  });
});

describe("comparing partial dates", () => {
  test("sorts by the first possible day, less precise first on a tie", () => {
    const dates = ["2012-04-01", "2010-06", "2009", "2010", "2010-06-01", "2008-12-31"];
    expect([...dates].sort(comparePartialDates)).toEqual(["2008-12-31", "2009", "2010", "2010-06", "2010-06-01", "2012-04-01"]);
  });

  test("an end is before a start only when it certainly is", () => {
    expect(isDefinitelyBefore("2019-12", "2020")).toBe(true);
    expect(isDefinitelyBefore("2020", "2020-06")).toBe(false);
    expect(isDefinitelyBefore("2020-06", "2020")).toBe(false);
    expect(isDefinitelyBefore("2020-05-31", "2020-06")).toBe(true);
    expect(isDefinitelyBefore("2020-06-01", "2020-06")).toBe(false);
    expect(isDefinitelyBefore("2021", "2020")).toBe(false);
  });
});
