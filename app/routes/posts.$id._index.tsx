import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { parseId } from "~/lib/params";
import { pageOfNumber } from "~/models/discussions.server";
import { threadLocationOfPost } from "~/models/forum.server";

/** A stable link to one post: it redirects to the page of its thread where the post is. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const found = threadLocationOfPost(member, parseId(params.id));
  if (!found) throw new Response("Not found", { status: 404 });
  const page = pageOfNumber(found.number);
  return redirect(`/threads/${found.threadId}/${found.slug}${page > 1 ? `?page=${page}` : ""}#post-${found.number}`);
}

/** Never rendered (the loader always redirects); its presence makes a missing post the HTML 404 page. */
export default function PostLink() {
  return null;
}
