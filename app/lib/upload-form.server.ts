/**
 * Reads a multipart form with one file field, streaming the file straight into storage (never
 * whole in memory) and enforcing the size limit as the bytes arrive. Text fields are collected as
 * they come, so even when the upload is cut short the form can be shown again with what was typed.
 */
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { sanitizeFilename } from "./filename";
import { saveUpload, uploadMaxBytes, type SaveResult } from "./storage.server";

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

async function readText(data: AsyncIterable<Uint8Array>, maxBytes: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.length;
    if (size > maxBytes * 4) throw new AbortUpload("malformed");
    if (size <= maxBytes) chunks.push(chunk);
  }
  // Longer than any field allows: keep a cut, so validation reports "too long" with the value.
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks)).slice(0, maxBytes);
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
  let parts = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (++parts > maxParts) throw new AbortUpload("malformed");
    if (filename === undefined) {
      const text = await readText(data, maxFieldBytes);
      values.set(name, [...(values.get(name) ?? []), text]);
      return null;
    }
    if (name !== fileField || file.status !== "missing") {
      await drain(data, maxBytes);
      return null;
    }
    const clientFilename = sanitizeFilename(filename);
    // A file input left empty still sends a part, with no name and no bytes.
    if (filename === "") {
      await drain(data, 1024);
      return null;
    }
    const saved: SaveResult = await saveUpload(data, { maxBytes });
    if (saved.ok) file = { status: "saved", clientFilename, ...saved.value };
    else {
      file = { status: saved.reason, clientFilename };
      if (saved.reason === "too_large") await drain(data, maxBytes * 2);
    }
    return null;
  };
  let failure: UploadForm["failure"] = null;
  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    failure = error instanceof AbortUpload ? error.reason : "malformed";
  }
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
