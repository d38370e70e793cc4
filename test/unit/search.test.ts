import { expect, test } from "vitest";
import { MARK_END as E, MARK_START as S } from "~/lib/search-kinds";
import { packAll, unpackWith } from "~/models/search-kept.server";
import { integersOf, makeSnippet, toMatchExpression } from "~/models/search.server";

test("any query becomes a safe FTS5 expression: quoted words, the last also a prefix", () => {
  expect(toMatchExpression("custody exit")).toBe('"custody" "exit"*');
  expect(toMatchExpression("OR NEAR( -x* AND ^")).toBe('"OR" "NEAR" "x" "AND"*');
  expect(toMatchExpression("   ")).toBeNull();
  expect(toMatchExpression("***")).toBeNull();
  expect(toMatchExpression("Café über")).toBe('"Café" "über"*');
});

test("words in quotes are a phrase, with no prefix after a closing quote; an unclosed quote runs to the end", () => {
  expect(toMatchExpression('"exit plan" custody')).toBe('"exit plan" "custody"*');
  expect(toMatchExpression('custody "exit plan"')).toBe('"custody" "exit plan"');
  expect(toMatchExpression('"exit plan')).toBe('"exit plan"');
  expect(toMatchExpression('" OR NEAR( "')).toBe('"OR NEAR"');
});

test("snippets mark every word of the query, with its stem and prefixes, around the first match", () => {
  const text = `${"filler ".repeat(40)}The custody contract covered custodial healthcare and benchmarks. ${"more ".repeat(40)}`;
  const snippet = makeSnippet(text, "custody benchmarking");
  expect(snippet.startsWith("…")).toBe(true);
  expect(snippet).toContain(`${S}custody${E}`);
  expect(snippet).toContain(`${S}custodial${E}`);
  expect(snippet).toContain(`${S}benchmarks${E}`);
});

test("marks in the text itself are removed, so a member cannot write a highlight", () => {
  expect(makeSnippet(`plain ${S}fake${E} words`, "words")).toBe(`plain fake ${S}words${E}`);
});

test("a snippet marks a query's word only where a word starts, in any case, İ folded as the index folds it", () => {
  expect(makeSnippet("Custody, x-custody, 9custody, 𝒳custody and İstanbul custodians", "custody istanbul")).toBe(
    `${S}Custody${E}, x-${S}custody${E}, 9custody, 𝒳custody and ${S}İstanbul${E} ${S}custodians${E}`,
  );
  expect(makeSnippet("İstanbul and istanbul", "İstanbul")).toBe(`${S}İstanbul${E} and ${S}istanbul${E}`);
  // A final sigma is a sigma: "ΟΔΟΣ" typed in capitals lowercases to a final ς.
  expect(makeSnippet("ΟΔΟΣΤΡΩΜΑ και οδος", "ΟΔΟΣ")).toBe(`${S}ΟΔΟΣΤΡΩΜΑ${E} και ${S}οδος${E}`);
});

test("the matches' keys are read whole from SQLite's list, in any order and of any length", () => {
  const read = (list: string | null) => [...integersOf(list === null ? null : Buffer.from(list))];
  expect(read(null)).toEqual([]);
  expect(read("7")).toEqual([7]);
  expect(read("3,5,100000")).toEqual([3, 5, 100000]);
  // Room is made for keys no shorter than the first; shorter ones after it still all arrive.
  expect(read("100000,1,2,3,4,5,6,7,8,9")).toEqual([100000, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(read(`${2 ** 52 + 1},${2 ** 53 - 1}`)).toEqual([2 ** 52 + 1, 2 ** 53 - 1]);
  expect(read("1,22,333")).toEqual([1, 22, 333]);
});

test("row keys kept between rankings come back as they were, across hours and at the ends of the low bits, with keys added since merged in", () => {
  const keys = Float64Array.from([0, 5, 2 ** 30 - 1, 2 ** 30, 2 ** 30 + 7, 3 * 2 ** 30, 3 * 2 ** 30, 1_048_575 * 2 ** 30 + 2 ** 30 - 1]);
  const title = Float64Array.from([2 ** 30 + 7]);
  const kept = packAll({ keys, titleKeys: [title, new Float64Array(0)] });
  const none = new Float64Array(0);
  expect([...unpackWith(kept.keys, none)]).toEqual([...keys]);
  expect(kept.titleKeys.map((k) => [...unpackWith(k, none)])).toEqual([[2 ** 30 + 7], []]);
  // Keys added since are merged in order: before, between and after the kept ones.
  expect([...unpackWith(kept.titleKeys[0]!, Float64Array.from([3, 2 ** 30 + 7, 5 * 2 ** 30]))]).toEqual([3, 2 ** 30 + 7, 2 ** 30 + 7, 5 * 2 ** 30]);
  expect([...unpackWith(kept.titleKeys[1]!, Float64Array.from([9]))]).toEqual([9]);
  // 4 bytes a key and 8 an hour.
  expect(kept.bytes).toBe(4 * 9 + 8 * 5);
});
