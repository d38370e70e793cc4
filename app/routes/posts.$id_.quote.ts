// `$id_` keeps this resource out of the /posts/:id route, which redirects to the post's page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { parseId } from "~/lib/params";
import { quoteFor } from "~/models/discussions.server";

/** The Markdown quoting a post (or the words selected in it), for the reply box's Quote links with JavaScript. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const selection = new URL(request.url).searchParams.get("selection") ?? undefined;
  const markdown = quoteFor(member, parseId(params.id), { selection });
  if (!markdown) throw new Response("Not found", { status: 404 });
  return Response.json({ markdown });
}
