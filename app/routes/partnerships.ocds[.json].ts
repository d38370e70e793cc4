import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { config } from "~/lib/env.server";
import { registryQueryFrom, registrySearch } from "~/lib/registry-query";
import { registryOcds } from "~/models/partnerships/index.server";

/** The registry (under the registry page's filters) as one OCDS record package (issue 16). */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const query = registryQueryFrom(new URL(request.url));
  const body = registryOcds(member, query, { baseUrl: config().baseUrl, path: `/partnerships/ocds.json${registrySearch(query)}` });
  if (!body) throw new Response("Not found", { status: 404 });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(body, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="partnerships-${day}.ocds.json"`, "Cache-Control": "private, no-store" },
  });
}
