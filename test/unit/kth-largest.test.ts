import { expect, test } from "vitest";
import { kthLargest } from "~/lib/kth-largest";

test("the k-th largest number is what sorting them would put k-th from the top, with ties, runs and either end", () => {
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) - 1) / 2147483646;
  // Search scores repeat a great deal (one recency boost per hour, a few title weights).
  const lists = [
    [5],
    [2, 2, 2, 2, 2],
    [1, 2, 3, 4, 5, 6, 7, 8],
    [8, 7, 6, 5, 4, 3, 2, 1],
    ...Array.from({ length: 200 }, (_, i) => Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * (1 + (i % 20))) / 4)),
  ];
  for (const list of lists) {
    const sorted = [...list].sort((a, b) => b - a);
    for (const k of new Set([1, 2, Math.ceil(list.length / 2), list.length - 1, list.length].filter((k) => k >= 1 && k <= list.length)))
      expect(kthLargest(Float64Array.from(list), k), `${k} of ${list.length}`).toBe(sorted[k - 1]);
  }
});
