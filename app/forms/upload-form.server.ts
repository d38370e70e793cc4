/**
 * Reads a multipart form with one file field, streaming the file straight into storage (never
 * whole in memory) and enforcing the size limit as the bytes arrive. Text fields are collected as
 * they come, so even when the upload is cut short the form can be shown again with what was typed.
 *
 * Parsed by busboy: Remix's multipart parser split part headers on every ";" and "=", so a file
 * called "a=b.docx" made the whole form unreadable (issue 11). Names are sanitised, never refused.
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy, { type Busboy } from "busboy";
import { sanitizeFilename } from "~/lib/filename";
import { saveUpload, uploadMaxBytes, type SaveResult } from "~/lib/storage.server";

export type UploadedFile =
  | { status: "saved"; clientFilename: string; sha256: string; size: number }
  | { status: "missing" }
  | { status: "empty"; clientFilename: string }
  | { status: "too_large"; clientFilename: string };

export type UploadForm = {
  /** Every text field by name, in the order sent (checkbox groups have several). */
  values: Map<string, string[]>;
  file: UploadedFile;
  /** Set when the request could not be read to its end: malformed, or far over the limit. */
  failure: "malformed" | "too_large" | null;
};

class AbortUpload extends Error {
  constructor(readonly reason: "too_large" | "malformed") {
    super(reason);
  }
}

/** Reads and discards the rest of a part, giving up (and ending the request) past `limit` bytes. */
async function drain(data: AsyncIterable<Uint8Array>, limit: number) {
  let seen = 0;
  for await (const chunk of data) {
    seen += chunk.length;
    if (seen > limit) throw new AbortUpload("too_large");
  }
}

/**
 * Parses the request. The file part named `fileField` goes to saveUpload; over the limit its
 * partial file is deleted and the rest of the part is read and discarded (up to twice the limit
 * more, beyond which the request is abandoned), so the other fields still arrive. A caller that
 * gets `status: "saved"` must call releaseUpload when done with it, whatever happens.
 */
export async function parseUploadForm(request: Request, options: { fileField?: string; maxBytes?: number; maxFieldBytes?: number; maxParts?: number } = {}): Promise<UploadForm> {
  const fileField = options.fileField ?? "file";
  const maxBytes = options.maxBytes ?? uploadMaxBytes();
  const maxFieldBytes = options.maxFieldBytes ?? 16 * 1024;
  const maxParts = options.maxParts ?? 200;
  const values = new Map<string, string[]>();
  let file: UploadedFile = { status: "missing" };
  let failure: UploadForm["failure"] = null;
  let parser: Busboy;
  try {
    // A field far over its limit is refused as malformed; one a little over keeps a cut, so validation reports "too long" with the value.
    parser = busboy({ headers: Object.fromEntries(request.headers), defParamCharset: "utf8", limits: { parts: maxParts, fieldSize: maxFieldBytes * 4, headerPairs: 100 } });
  } catch {
    return { values, file, failure: "malformed" };
  }
  if (!request.body) return { values, file, failure: "malformed" };
  const input = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  const handlers: Promise<void>[] = [];

  const onFile = async (name: string, stream: Readable, filename: string | undefined) => {
    // One iterator for the part, shared by saveUpload and drain: a second iterator over a Node stream would not see the rest.
    const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    const data: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => iterator };
    if (name !== fileField || file.status !== "missing") return drain(data, maxBytes);
    // A file input left empty still sends a part, with no name and no bytes.
    if (!filename) return drain(data, 1024);
    const clientFilename = sanitizeFilename(filename);
    const saved: SaveResult = await saveUpload(data, { maxBytes });
    if (saved.ok) file = { status: "saved", clientFilename, ...saved.value };
    else {
      file = { status: saved.reason, clientFilename };
      if (saved.reason === "too_large") await drain(data, maxBytes * 2);
    }
  };

  await new Promise<void>((resolve) => {
    const fail = (reason: "malformed" | "too_large") => {
      failure ??= reason;
      input.unpipe(parser);
      input.destroy();
      parser.destroy();
      resolve();
    };
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return fail("malformed");
      values.set(name, [...(values.get(name) ?? []), value.slice(0, maxFieldBytes)]);
    });
    parser.on("file", (name, data, info) => {
      handlers.push(onFile(name, data, info.filename).catch((error: unknown) => fail(error instanceof AbortUpload ? error.reason : "malformed")));
    });
    parser.on("partsLimit", () => fail("malformed"));
    parser.on("error", () => fail("malformed"));
    parser.on("close", () => resolve());
    input.on("error", () => fail("malformed"));
    input.pipe(parser);
  });
  await Promise.all(handlers);
  // A file saved before the form turned out unreadable is still the caller's to release.
  return { values, file, failure };
}

/** The first value of a text field, or "". */
export function firstValue(form: UploadForm, name: string) {
  return form.values.get(name)?.[0] ?? "";
}

/**
 * The file field's error for an upload that did not give a usable stored file, or null. Shared
 * wording with "Add a new version" (GOV.UK file upload error messages).
 */
export function uploadProblem(upload: UploadForm): { message: string; status: number } | null {
  const limit = formatLimit(uploadMaxBytes());
  if (upload.file.status === "too_large" || upload.failure === "too_large") return { message: `The selected file must be smaller than ${limit}`, status: 413 };
  if (upload.failure === "malformed") return { message: "The form could not be read to the end. Choose the file again and send the form again", status: 400 };
  if (upload.file.status === "missing") return { message: "Select a file to upload", status: 400 };
  if (upload.file.status === "empty") return { message: "The selected file is empty. Choose a file with something in it", status: 400 };
  return null;
}

function formatLimit(bytes: number) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
