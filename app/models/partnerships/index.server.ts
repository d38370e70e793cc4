/**
 * The partnership registry, one file per job: the list, facets, CSV and benchmark figures
 * (registry), one partnership and its history (partnership), creating and editing (editing),
 * suggested corrections (corrections) and contract performance (performance). The benchmark arithmetic is in app/lib/benchmark.ts.
 */
export * from "./registry.server";
export * from "./partnership.server";
export * from "./editing.server";
export * from "./corrections.server";
export * from "./performance.server";
export * from "./export.server";
export type { BenchmarkGroup, BenchmarkGrouping, BenchmarkPartnership, BenchmarkSaving } from "~/lib/benchmark";
