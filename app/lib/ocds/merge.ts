/**
 * OCDS merging (https://standard.open-contracting.org/1.1/en/schema/merging/): the releases of one
 * contracting process, oldest first, fold into one compiled release. A later value replaces an
 * earlier one; null removes a field; objects merge field by field; an array of objects that all
 * have an `id` merges item by item on that id; any other array (and the two the 1.1.5 schema
 * marks wholeListMerge) is replaced whole. id, date and tag are omitted when merged.
 */
import type { OcdsRelease } from "./read";

/** The fields the release schema marks `wholeListMerge`. */
const WHOLE_LIST_KEYS = new Set(["additionalIdentifiers", "additionalClassifications"]);
const OMIT_WHEN_MERGED = new Set(["id", "date", "tag"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const hasIds = (list: Json[]) => list.length > 0 && list.every((item) => isObject(item) && (typeof item.id === "string" || typeof item.id === "number"));

function mergeValue(key: string, before: Json | undefined, after: Json): Json {
  if (isObject(after)) return mergeObject(isObject(before) ? before : {}, after);
  if (Array.isArray(after) && !WHOLE_LIST_KEYS.has(key) && hasIds(after)) {
    const earlier = Array.isArray(before) && hasIds(before) ? (before as Record<string, Json>[]) : [];
    const merged = earlier.map((item) => ({ ...item }));
    // Positions by id, so a release listing many items merges in linear time, not quadratic.
    const positions = new Map<string, number>();
    merged.forEach((item, i) => positions.set(String(item.id), i));
    for (const item of after as Record<string, Json>[]) {
      const at = positions.get(String(item.id));
      if (at === undefined) {
        positions.set(String(item.id), merged.length);
        merged.push(mergeObject({}, item));
      } else merged[at] = mergeObject(merged[at]!, item);
    }
    return merged;
  }
  return structuredClone(after);
}

function mergeObject(before: Record<string, Json>, after: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...before };
  for (const [key, value] of Object.entries(after)) {
    if (value === null) delete out[key];
    else out[key] = mergeValue(key, before[key], value);
  }
  return out;
}

/** Oldest first; releases with the same date keep the order they came in. */
export function inDateOrder<T extends { date: string }>(releases: readonly T[]): T[] {
  return releases
    .map((r, i) => ({ r, i, t: Date.parse(r.date) }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? 0 : a.t - b.t) || a.i - b.i)
    .map((x) => x.r);
}

/** The compiled release of one contracting process; every release must share its ocid. */
export function compileReleases(releases: readonly OcdsRelease[]): Record<string, Json> {
  let compiled: Record<string, Json> = {};
  for (const release of inDateOrder(releases)) {
    const body = Object.fromEntries(Object.entries(release).filter(([k]) => !OMIT_WHEN_MERGED.has(k))) as Record<string, Json>;
    compiled = mergeObject(compiled, body);
  }
  const latest = inDateOrder(releases).at(-1);
  return { ...compiled, id: `${latest?.ocid ?? ""}-compiled`, date: latest?.date ?? "", tag: ["compiled"] };
}

/** Releases grouped by ocid, in the order each ocid first appears. */
export function groupByOcid(releases: readonly OcdsRelease[]): Map<string, OcdsRelease[]> {
  const groups = new Map<string, OcdsRelease[]>();
  for (const r of releases) groups.set(r.ocid, [...(groups.get(r.ocid) ?? []), r]);
  return groups;
}
