/**
 * Reading an uploaded OCDS file (issue 16): a release package, a record package or a single
 * release. Everything cheap is checked before anything expensive: the size before decoding, the
 * nesting depth by one pass over the text before JSON.parse (so no later recursion, ours or the
 * validator's, can run out of stack), then the shape, then the schema (validate.server.ts).
 */

/** A Contracts Finder release is 5–20 KB; a package of a whole procurement's notices stays far below this. */
export const OCDS_MAX_BYTES = 5 * 1024 * 1024;
/** Real OCDS nests about ten levels deep; this leaves room and stops a file of 100,000 brackets. */
export const OCDS_MAX_DEPTH = 64;
/** A partnership is one contracting process: a few dozen notices at most. */
export const OCDS_MAX_RELEASES = 500;

export type OcdsRelease = Record<string, unknown> & { ocid: string; id: string; date: string; tag?: string[] };

export type OcdsPackage = {
  kind: "release package" | "record package" | "release";
  /** The package's publisher name, when it has one (a single release has none). */
  publisher: string | null;
  uri: string | null;
  releases: OcdsRelease[];
  /** Where each release is in the file, for error messages ("/releases/3"). */
  paths: string[];
};

export type ReadProblem = { path: string; message: string };
export type ReadResult = { ok: true; value: OcdsPackage } | { ok: false; summary: string; problems: ReadProblem[] };

const fail = (summary: string, problems: ReadProblem[] = []): ReadResult => ({ ok: false, summary, problems });

/** The deepest nesting of objects and arrays in JSON text, stopping as soon as it passes `limit`. */
export function nestingDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return deepest;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Decodes, bounds and parses the file, and finds its releases; the schema check comes after. */
export function readOcdsBytes(bytes: Uint8Array): ReadResult {
  if (bytes.length === 0) return fail("The selected file is empty. Choose an OCDS file (JSON) with something in it");
  if (bytes.length > OCDS_MAX_BYTES) return fail(`The selected file must be smaller than ${OCDS_MAX_BYTES / 1024 / 1024} MB`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("The selected file is not JSON: it is not UTF-8 text. Choose the OCDS JSON file the publisher gives (for example from Contracts Finder or Find a Tender)");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (nestingDepth(text, OCDS_MAX_DEPTH) > OCDS_MAX_DEPTH) return fail(`The selected file is nested more than ${OCDS_MAX_DEPTH} levels deep, so it is not an OCDS file`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`The selected file is not JSON: ${(error as Error).message}`);
  }
  return findReleases(json);
}

/** Which of the three OCDS forms the document is, and its releases. */
export function findReleases(json: unknown): ReadResult {
  if (!isObject(json)) return fail("The selected file is JSON but not OCDS: it must be an object (a release package, a record package or a release)");
  const publisher = isObject(json.publisher) && typeof json.publisher.name === "string" ? json.publisher.name : null;
  const uri = typeof json.uri === "string" ? json.uri : null;
  let kind: OcdsPackage["kind"];
  let candidates: unknown[];
  let paths: string[];
  if ("releases" in json) {
    if (!Array.isArray(json.releases)) return fail("The selected file is not valid OCDS", [{ path: "/releases", message: "must be an array of releases" }]);
    kind = "release package";
    candidates = json.releases;
    paths = candidates.map((_, i) => `/releases/${i}`);
  } else if ("records" in json) {
    if (!Array.isArray(json.records)) return fail("The selected file is not valid OCDS", [{ path: "/records", message: "must be an array of records" }]);
    kind = "record package";
    candidates = [];
    paths = [];
    for (const [i, record] of json.records.entries()) {
      if (!isObject(record)) return fail("The selected file is not valid OCDS", [{ path: `/records/${i}`, message: "must be an object" }]);
      // A record's releases may be links ({url, date, tag}) rather than whole releases; then only its compiled release says anything.
      const embedded = Array.isArray(record.releases) ? record.releases.filter((r) => isObject(r) && "ocid" in r) : [];
      if (embedded.length) {
        candidates.push(...embedded);
        paths.push(...embedded.map((r) => `/records/${i}/releases/${(record.releases as unknown[]).indexOf(r)}`));
      } else if (isObject(record.compiledRelease)) {
        candidates.push(record.compiledRelease);
        paths.push(`/records/${i}/compiledRelease`);
      }
      else return fail("The selected file is not valid OCDS", [{ path: `/records/${i}`, message: "has neither releases nor a compiledRelease to read" }]);
    }
  } else if ("ocid" in json) {
    kind = "release";
    candidates = [json];
    paths = [""];
  } else {
    return fail("The selected file is JSON but not OCDS: it has no releases, records or ocid. Choose the OCDS file the publisher gives (for example from Contracts Finder or Find a Tender)");
  }
  if (candidates.length === 0) return fail("The selected file has no releases in it");
  if (candidates.length > OCDS_MAX_RELEASES) return fail(`The selected file has ${candidates.length} releases; upload at most ${OCDS_MAX_RELEASES}, the notices of one procurement`);
  return { ok: true, value: { kind, publisher, uri, releases: candidates as OcdsRelease[], paths } };
}
