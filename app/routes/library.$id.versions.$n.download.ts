import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { contentDisposition } from "~/lib/filename";
import { parseId } from "~/lib/params";
import { versionDownload } from "~/models/templates.server";

/** True when an If-None-Match header names this entity tag (weak comparison, RFC 9110 13.1.2). */
function matchesEtag(header: string | null, etag: string) {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * A version's file, to members who may read its template: the same 404 for a missing template,
 * a hidden one and a version number that does not exist. The content of a version never changes,
 * so its SHA-256 is its entity tag; a matching conditional request gets 304 (and is not counted).
 * `no-transform` keeps the compression middleware away, so Content-Length and the tag stay true.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const templateId = parseId(params.id);
  const number = parseId(params.n);
  const ifNoneMatch = request.headers.get("if-none-match");
  const download = versionDownload(member, templateId, number, { isCurrent: (etag) => matchesEtag(ifNoneMatch, etag), count: request.method === "GET" });
  if (!download) throw new Response("Not found", { status: 404 });
  const { file, etag, stored } = download;
  // X-Content-Type-Options: nosniff comes with every response (server.ts).
  const common = { ETag: etag, "Cache-Control": "private, no-cache, no-transform" };
  if (download.notModified) return new Response(null, { status: 304, headers: common });
  if (!stored) {
    console.error(`library: stored file ${file.sha256} of template ${templateId} version ${number} is missing`);
    throw new Response("Sorry, the file is missing from storage.", { status: 500 });
  }
  return new Response(createReadableStreamFromReadable(stored.stream), {
    status: 200,
    headers: {
      ...common,
      "Content-Type": file.contentType,
      "Content-Length": String(stored.size),
      "Content-Disposition": contentDisposition(file.filename),
    },
  });
}
