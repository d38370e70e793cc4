/**
 * The two import pages, /partnerships/new/import and /partnerships/:slug/import, share this:
 * step 1 uploads a file (multipart) and answers with the preview; step 2 (a plain form holding
 * the upload's hash and the preview's fingerprint) confirms. Both work without JavaScript.
 */
import { data, redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { takeToken } from "~/lib/rate-limit.server";
import { requestMeta } from "~/lib/request.server";
import { readStored } from "~/lib/storage.server";
import { parseUploadForm } from "~/forms/upload-form.server";
import { applyImport, discardUpload, importPage, planImport, recordUpload, type ImportPlan } from "~/models/ocds-import.server";
import { OCDS_MAX_BYTES, type ReadProblem } from "./read";
import { readOcdsFile } from "./validate.server";

export type ImportActionData =
  | { step: "upload"; error: string; problems: ReadProblem[]; link?: { href: string; text: string } }
  | { step: "preview"; plan: ImportPlan; error?: string };

const HASH = /^[0-9a-f]{64}$/;

export async function importLoader(request: Request, slug: string | null) {
  const member = await requireMember(request);
  const page = importPage(member, slug);
  if (!page.ok) throw page.reason === "not_found" ? new Response("Not found", { status: 404 }) : new Response("Only the policing side of a partnership, and administrators, can update it from published notices.", { status: 403 });
  return { partnership: page.partnership, maxMegabytes: OCDS_MAX_BYTES / 1024 / 1024 };
}

const uploadError = (error: string, status: number, problems: ReadProblem[] = [], link?: { href: string; text: string }) => data<ImportActionData>({ step: "upload", error, problems, link }, { status });

export async function importAction(request: Request, context: AppLoadContext, slug: string | null) {
  const member = await requireMember(request);
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    if (!takeToken("upload", requestMeta(request, context).ip)) throw new Response("Too many uploads from your network. Wait an hour and try again.", { status: 429 });
    const upload = await parseUploadForm(request, { fileField: "file", maxBytes: OCDS_MAX_BYTES });
    if (upload.file.status === "too_large" || upload.failure === "too_large") return uploadError(`The selected file must be smaller than ${OCDS_MAX_BYTES / 1024 / 1024} MB`, 413);
    if (upload.failure === "malformed") return uploadError("The form could not be read to the end. Choose the file again and send the form again", 400);
    if (upload.file.status === "missing") return uploadError("Select an OCDS file to upload", 400);
    if (upload.file.status === "empty") return uploadError("The selected file is empty. Choose an OCDS file (JSON) with something in it", 400);
    const { sha256, clientFilename } = upload.file;
    // Checked before anything is recorded: a file that is not valid OCDS leaves nothing behind.
    const read = readOcdsFile(await readStored(sha256));
    if (!read.ok) {
      discardUpload(member, sha256);
      return uploadError(read.summary, 400, read.problems);
    }
    recordUpload(member, sha256, clientFilename);
    const planned = await planImport(member, { sha256, slug, buyerSlug: null });
    if (!planned.ok) {
      discardUpload(member, sha256);
      if (planned.refusal.reason === "refused") return uploadError(planned.refusal.message, 400, planned.refusal.problems, planned.refusal.link);
      throw new Response("Not found", { status: planned.refusal.reason === "forbidden" ? 403 : 404 });
    }
    return data<ImportActionData>({ step: "preview", plan: planned.plan });
  }
  const form = await request.formData();
  const sha256 = String(form.get("upload") ?? "");
  const buyer = String(form.get("buyer") ?? "") || null;
  if (!HASH.test(sha256)) return uploadError("Select an OCDS file to upload", 400);
  const input = { sha256, slug, buyerSlug: buyer };
  if (form.get("intent") === "confirm") {
    const applied = await applyImport(member, { ...input, fingerprint: String(form.get("fingerprint") ?? "") });
    if (applied.ok) return redirect(`/partnerships/${applied.slug}?imported=${applied.changed}`);
    if (applied.refusal.reason === "forbidden") throw new Response("Forbidden", { status: 403 });
    if (applied.refusal.reason === "not_found") return uploadError("That upload is no longer available. Choose the file again", 400);
    if (applied.refusal.reason === "refused") return uploadError(applied.refusal.message, 400, applied.refusal.problems, applied.refusal.link);
    const again = await planImport(member, input);
    if (!again.ok) return uploadError("That upload is no longer available. Choose the file again", 400);
    const error = applied.refusal.reason === "choose_buyer" ? "Select which force or commissioner's office the buyer is" : "The registry changed since you saw the preview. Check the changes below and confirm again";
    return data<ImportActionData>({ step: "preview", plan: again.plan, error }, { status: 409 });
  }
  const planned = await planImport(member, input);
  if (!planned.ok) return uploadError("That upload is no longer available. Choose the file again", 400);
  return data<ImportActionData>({ step: "preview", plan: planned.plan, error: buyer ? undefined : "Select which force or commissioner's office the buyer is" }, { status: buyer ? 200 : 400 });
}
