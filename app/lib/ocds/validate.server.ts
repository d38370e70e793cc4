/**
 * Checks releases against the shipped OCDS 1.1.5 release schema (JSON Schema draft 4, hence
 * ajv-draft-04). Formats are not checked, as the schema's own tools do not by default; the
 * mapping reads only dates it can parse (map.ts). Compiled once, on first use.
 */
import Ajv from "ajv-draft-04";
import type { ValidateFunction } from "ajv";
import releaseSchema from "./release-schema.json";
import recordPackageSchema from "./record-package-schema.json";
import extensionPatch from "./extension/savings/release-schema.json";
import { readOcdsBytes, type OcdsRelease, type ReadProblem, type ReadResult } from "./read";

/** A person reads the first few; a file with a thousand problems is wrong in one way. */
export const PROBLEMS_SHOWN = 5;

let compiled: ValidateFunction | null = null;

function validator() {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    compiled = ajv.compile(releaseSchema);
  }
  return compiled;
}

/** The first problems across the releases, each with its path in the file; none when all are valid. */
export function releaseProblems(releases: readonly unknown[], pathOf: (index: number) => string): ReadProblem[] {
  const validate = validator();
  const problems: ReadProblem[] = [];
  for (const [i, release] of releases.entries()) {
    if (validate(release)) continue;
    for (const e of validate.errors ?? []) {
      const extra = e.keyword === "enum" && Array.isArray(e.params.allowedValues) ? `: ${e.params.allowedValues.filter((v: unknown) => v !== null).join(", ")}` : "";
      problems.push({ path: `${pathOf(i)}${e.instancePath}` || "/", message: `${e.message ?? "is not valid"}${extra}` });
      if (problems.length >= PROBLEMS_SHOWN) return problems;
    }
  }
  return problems;
}

export function isValidRelease(release: unknown): release is OcdsRelease {
  return validator()(release) === true;
}

/** The whole check of an uploaded file: bounds, JSON, shape, then the schema for every release. */
export function readOcdsFile(bytes: Uint8Array): ReadResult {
  const read = readOcdsBytes(bytes);
  if (!read.ok) return read;
  const problems = releaseProblems(read.value.releases, (i) => read.value.paths[i] ?? "");
  if (problems.length) return { ok: false, summary: "The selected file is not valid OCDS. Nothing has been imported. The first problems are", problems };
  return read;
}

// ---------------------------------------------------------------------------------------------
// What the registry publishes (export.ts): the record package, and every release in it against
// the release schema with our extension applied, as OCDS's own tools apply extensions.

/** JSON Merge Patch (RFC 7386): how an OCDS extension's release-schema.json changes the schema. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

let exportValidators: { pkg: ValidateFunction; release: ValidateFunction } | null = null;

function exportValidator() {
  if (!exportValidators) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const { id: _id, ...schema } = mergePatch(releaseSchema, extensionPatch) as Record<string, unknown>;
    exportValidators = { pkg: ajv.compile(recordPackageSchema), release: ajv.compile(schema) };
  }
  return exportValidators;
}

/** Problems with an exported record package (path and message); none when it is valid OCDS with its extension. */
export function recordPackageProblems(pkg: unknown): ReadProblem[] {
  const { pkg: validatePackage, release } = exportValidator();
  const problems: ReadProblem[] = [];
  if (!validatePackage(pkg)) for (const e of validatePackage.errors ?? []) problems.push({ path: e.instancePath || "/", message: e.message ?? "is not valid" });
  const records = (pkg as { records?: { releases?: unknown[]; compiledRelease?: unknown }[] }).records ?? [];
  records.forEach((r, i) => {
    const releases = [...(r.releases ?? []).map((x, j) => [x, `/records/${i}/releases/${j}`] as const), ...(r.compiledRelease ? [[r.compiledRelease, `/records/${i}/compiledRelease`] as const] : [])];
    for (const [x, path] of releases) if (!release(x)) for (const e of release.errors ?? []) problems.push({ path: `${path}${e.instancePath}`, message: e.message ?? "is not valid" });
  });
  return problems;
}
