import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { config } from "~/lib/env.server";
import { partnershipOcds } from "~/models/partnerships/index.server";

/** One partnership as an OCDS record package, with the savings and performance extension (issue 16). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const slug = params.slug ?? "";
  const body = partnershipOcds(member, slug, { baseUrl: config().baseUrl, path: `/partnerships/${slug}/ocds.json` });
  if (!body) throw new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(body, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${slug}.ocds.json"`, "Cache-Control": "private, no-store" },
  });
}
