import { expect, test } from "vitest";
import { toMatchExpression } from "~/models/search.server";

test("any query becomes a safe FTS5 expression: quoted words, the last also a prefix", () => {
  expect(toMatchExpression("custody exit")).toBe('"custody" "exit"*');
  expect(toMatchExpression('" OR NEAR( -x* AND ^')).toBe('"OR" "NEAR" "x" "AND"*');
  expect(toMatchExpression("   ")).toBeNull();
  expect(toMatchExpression("***")).toBeNull();
  expect(toMatchExpression("Café über")).toBe('"Café" "über"*');
});

test("snippets mark every word of the query, including prefixes, in plain text around the first match", async () => {
  const { makeSnippet } = await import("~/models/search.server");
  const { MARK_START: S, MARK_END: E } = await import("~/lib/search-kinds");
  const text = `${"filler ".repeat(40)}The **custody** contract covered custodial healthcare. ${"more ".repeat(40)}`;
  const snippet = makeSnippet(text, "custod");
  expect(snippet.startsWith("…")).toBe(true);
  expect(snippet).toContain(`${S}custody${E}`);
  expect(snippet).toContain(`${S}custodial${E}`);
  expect(snippet).not.toContain("**");
});
