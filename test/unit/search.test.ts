import { expect, test } from "vitest";
import { toMatchExpression } from "~/models/search.server";

test("any query becomes a safe FTS5 expression: quoted words, the last also a prefix", () => {
  expect(toMatchExpression("custody exit")).toBe('"custody" "exit"*');
  expect(toMatchExpression('" OR NEAR( -x* AND ^')).toBe('"OR" "NEAR" "x" "AND"*');
  expect(toMatchExpression("   ")).toBeNull();
  expect(toMatchExpression("***")).toBeNull();
  expect(toMatchExpression("Café über")).toBe('"Café" "über"*');
});
