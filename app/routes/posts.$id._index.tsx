import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { parseId } from "~/lib/params";
import { locatePost } from "~/models/discussions.server";

/** A stable link to one post: it redirects to the page of its thread, lesson or template where the post is. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = locatePost(member, parseId(params.id));
  if (!url) throw new Response("Not found", { status: 404 });
  return redirect(url);
}

/** Never rendered (the loader always redirects); its presence makes a missing post the HTML 404 page. */
export default function PostLink() {
  return null;
}
