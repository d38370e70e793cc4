import { describe, expect, test } from "vitest";
import { formatMoney, formatMoneyExact, formatMoneyInput, formatShare, parseMoney, poundsForExport } from "~/lib/money";

const pounds = (n: number) => Math.round(n * 100);

describe("formatting pence as money", () => {
  test.each([
    [pounds(175_000_000), "£175m"],
    [pounds(1_700_000), "£1.7m"],
    [pounds(800_000), "£800,000"],
    [pounds(2_800_000), "£2.8m"],
    [pounds(1_500_000_000), "£1.5bn"],
    [pounds(185_000_000), "£185m"],
    [pounds(1_000_000), "£1m"],
    [pounds(1_250_000), "£1.25m"],
    [pounds(999_999.99), "£999,999.99"],
    [pounds(1_234.5), "£1,234.50"],
    [0, "£0"],
  ])("%i pence is %s", (pence, text) => {
    expect(formatMoney(pence)).toBe(text);
  });

  test("exact amounts keep every pound", () => {
    expect(formatMoneyExact(pounds(175_000_000))).toBe("£175,000,000");
    expect(formatMoneyExact(pounds(1_234_567.89))).toBe("£1,234,567.89");
  });

  test("a form shows the short form only when it is exact", () => {
    expect(formatMoneyInput(pounds(175_000_000))).toBe("£175m");
    expect(formatMoneyInput(pounds(1_234_567))).toBe("£1,234,567");
  });

  test("exports give plain pounds", () => {
    expect(poundsForExport(pounds(175_000_000))).toBe("175000000");
    expect(poundsForExport(pounds(12.5))).toBe("12.50");
  });

  test("shares are whole percentages, or one decimal under 1%", () => {
    expect(formatShare(pounds(50_000_000), pounds(175_000_000))).toBe("29%");
    expect(formatShare(pounds(1_700_000), pounds(185_000_000))).toBe("0.9%");
  });
});

describe("parsing typed money", () => {
  test.each([
    ["175000000", 175_000_000],
    ["£175m", 175_000_000],
    ["£175M", 175_000_000],
    ["175 million", 175_000_000],
    ["1.5bn", 1_500_000_000],
    ["£1.5 billion", 1_500_000_000],
    ["2,800,000", 2_800_000],
    ["£2.8m", 2_800_000],
    ["£800k", 800_000],
    [" £ 800,000.50 ", 800_000.5],
    ["1.7m", 1_700_000],
    ["0", 0],
    [".5m", 500_000],
  ])("%s is £%d", (text, expected) => {
    expect(parseMoney(text)).toEqual({ ok: true, pence: pounds(expected) });
  });

  test("nothing typed is not known, not zero", () => {
    expect(parseMoney("")).toEqual({ ok: true, pence: null });
    expect(parseMoney("   ")).toEqual({ ok: true, pence: null });
    expect(parseMoney(undefined)).toEqual({ ok: true, pence: null });
  });

  test.each(["-5", "-£5", "£-5", "−5m", "(500)"])("negative %s is refused with a message", (text) => {
    const result = parseMoney(text, "the contract value");
    expect(result).toEqual({ ok: false, error: "Enter the contract value as zero or more: it cannot be negative" });
  });

  test.each(["abc", "£", "12 apples", "1,00,000", "1.2.3", "5e6", "ten million", "£5m£"])("non-numeric %s is refused with a message", (text) => {
    const result = parseMoney(text, "the contract value");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Enter the contract value as a number of pounds/);
  });

  test("more precision than a penny is refused", () => {
    expect(parseMoney("12.345")).toEqual({ ok: false, error: "Enter the amount with no more than 2 decimal places" });
    expect(parseMoney("1.234567891m")).toEqual({ ok: false, error: "Enter the amount to the nearest penny" });
    expect(parseMoney("1.23456789m")).toEqual({ ok: true, pence: 123_456_789 });
  });

  test("absurd amounts are refused", () => {
    expect(parseMoney("£100bn").ok).toBe(true);
    expect(parseMoney("£100.01bn")).toEqual({ ok: false, error: "Enter the amount under £100bn" });
    expect(parseMoney("9".repeat(30))).toEqual({ ok: false, error: "Enter the amount under £100bn" });
  });

  test("whatever is formatted parses back to the same pence", () => {
    for (const pence of [0, 1, 99, 12_345, pounds(800_000), pounds(1_700_000), pounds(175_000_000), pounds(1_500_000_000)]) {
      expect(parseMoney(formatMoneyExact(pence))).toEqual({ ok: true, pence });
      expect(parseMoney(formatMoneyInput(pence))).toEqual({ ok: true, pence });
    }
  });
});
