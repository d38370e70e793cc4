/** The k-th largest of `numbers` (1 ≤ k ≤ their length), found by Hoare's selection; `numbers` is reordered. */
export function kthLargest(numbers: Float64Array, k: number) {
  const at = numbers.length - k;
  let lo = 0;
  let hi = numbers.length - 1;
  while (lo < hi) {
    const pivot = numbers[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    // Equal numbers are swapped too, so many ties still split the range in two.
    while (i <= j) {
      while (numbers[i]! < pivot) i++;
      while (numbers[j]! > pivot) j--;
      if (i <= j) {
        const swap = numbers[i]!;
        numbers[i++] = numbers[j]!;
        numbers[j--] = swap;
      }
    }
    if (at <= j) hi = j;
    else if (at >= i) lo = i;
    else break;
  }
  return numbers[at]!;
}
