/**
 * The row keys a search ranking read, kept in this process so that its next ranking takes in only
 * the rows added since (search.server.ts). Kept in about half the memory of the keys themselves
 * (4 bytes a key and 8 an hour), and within KEPT_BYTES in all (search.server.ts lets go of what the
 * less used rankings kept to make room): a word in a quarter of 1,000,000 posts has 234,000 keys.
 */

/** A row key is its hour × LOW + 30 low bits (search.server.ts, migration 0016). */
export const LOW = 2 ** 30;
// Under the bench's varied queries while members post, with 12 MB most reads could not be kept,
// and a tenth of the searches read every match again when a post matched them; 24 MB cut that
// time by about a third (32 MB by half), for up to 12 MB more per worker.
const KEPT_BYTES = 24 * 1024 * 1024;
let keptBytes = 0;

/** Ascending row keys: each key's low 30 bits, and each hour with the index of its first key. */
export type PackedKeys = { lows: Int32Array; hours: Int32Array; starts: Int32Array };

function pack(keys: Float64Array): PackedKeys {
  const lows = new Int32Array(keys.length);
  const hours: number[] = [];
  const starts: number[] = [];
  // Keys ascend, so an hour is worked out only where one starts, not by a division for every key.
  for (let i = 0, hourStart = 0, hourEnd = -Infinity; i < keys.length; i++) {
    const key = keys[i]!;
    if (key >= hourEnd) {
      const hour = Math.floor(key / LOW);
      hourStart = hour * LOW;
      hourEnd = hourStart + LOW;
      hours.push(hour);
      starts.push(i);
    }
    lows[i] = key - hourStart;
  }
  return { lows, hours: Int32Array.from(hours), starts: Int32Array.from(starts) };
}

/** The keys `pack` was given, with the ascending keys `added` merged in, in one new array. */
export function unpackWith(packed: PackedKeys, added: Float64Array): Float64Array {
  const keys = new Float64Array(packed.lows.length + added.length);
  let k = 0;
  let j = 0;
  packed.hours.forEach((hour, run) => {
    const end = packed.starts[run + 1] ?? packed.lows.length;
    for (let i = packed.starts[run]!; i < end; i++) {
      const key = hour * LOW + packed.lows[i]!;
      while (j < added.length && added[j]! < key) keys[k++] = added[j++]!;
      keys[k++] = key;
    }
  });
  while (j < added.length) keys[k++] = added[j++]!;
  return keys;
}

/** The keys whose low 30 bits `wanted` accepts, ascending. */
export function keysWithLows({ lows, hours, starts }: PackedKeys, wanted: (low: number) => boolean) {
  const found: number[] = [];
  for (let run = 0; run < hours.length; run++) {
    const end = starts[run + 1] ?? lows.length;
    for (let i = starts[run]!; i < end; i++) if (wanted(lows[i]!)) found.push(hours[run]! * LOW + lows[i]!);
  }
  return found;
}

/** Key lists packed, and the bytes they take. */
export type KeptKeys = { keys: PackedKeys; titleKeys: PackedKeys[]; bytes: number };

export function packAll(lists: { keys: Float64Array; titleKeys: Float64Array[] }): KeptKeys {
  const keys = pack(lists.keys);
  const titleKeys = lists.titleKeys.map(pack);
  const bytes = [keys, ...titleKeys].reduce((n, p) => n + p.lows.byteLength + p.hours.byteLength + p.starts.byteLength, 0);
  return { keys, titleKeys, bytes };
}

/** Whether `bytes` more fit in KEPT_BYTES. */
export const hasRoom = (bytes: number) => keptBytes + bytes <= KEPT_BYTES;

/** Counts packed lists as kept; `release` gives them back when their ranking goes. */
export function keep(kept: KeptKeys) {
  keptBytes += kept.bytes;
}

export function release(kept: KeptKeys) {
  keptBytes -= kept.bytes;
}

/** The lengths of packed lists' parts (lows, hours), the keys' first: what `fromInts` needs besides the integers. */
export type KeptShape = [number, number][];

/** Packed lists as one run of integers, for another process (search-rankings.server.ts): each list's lows, hours, then starts. */
export function toInts(kept: KeptKeys): { shape: KeptShape; ints: Int32Array } {
  const lists = [kept.keys, ...kept.titleKeys];
  const ints = new Int32Array(lists.reduce((n, p) => n + p.lows.length + 2 * p.hours.length, 0));
  let at = 0;
  for (const part of lists.flatMap((p) => [p.lows, p.hours, p.starts])) {
    ints.set(part, at);
    at += part.length;
  }
  return { shape: lists.map((p) => [p.lows.length, p.hours.length]), ints };
}

/**
 * The lists `toInts` wrote, as views of `ints`; undefined unless the shape fits them and each is
 * a list `pack` could have made, so that what another process wrote can never be misread.
 */
export function fromInts(shape: KeptShape, ints: Int32Array): KeptKeys | undefined {
  if (shape.length === 0 || shape.reduce((n, [lows, hours]) => n + lows + 2 * hours, 0) !== ints.length) return undefined;
  let at = 0;
  const take = (length: number) => ints.subarray(at, (at += length));
  const [keys, ...titleKeys] = shape.map(([lows, hours]) => ({ lows: take(lows), hours: take(hours), starts: take(hours) }));
  if (![keys!, ...titleKeys].every(isPacked)) return undefined;
  return { keys: keys!, titleKeys, bytes: ints.byteLength };
}

/** Whether lists are as `pack` makes them: hours ascending, each starting a run of ascending low bits, the first at 0. */
function isPacked({ lows, hours, starts }: PackedKeys) {
  if ((lows.length === 0) !== (hours.length === 0) || (starts.length > 0 && starts[0] !== 0)) return false;
  for (let run = 0; run < hours.length; run++) {
    const end = run + 1 < hours.length ? starts[run + 1]! : lows.length;
    if (hours[run]! < 0 || (run > 0 && hours[run]! <= hours[run - 1]!) || end <= starts[run]! || end > lows.length) return false;
    for (let i = starts[run]!; i < end; i++) if (lows[i]! < 0 || lows[i]! >= LOW || (i > starts[run]! && lows[i]! < lows[i - 1]!)) return false;
  }
  return true;
}
