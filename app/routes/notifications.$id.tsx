import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { parseId } from "~/lib/params";
import { openNotification } from "~/models/notifications.server";

/**
 * Following a notification marks it read, then goes to its post. Someone else's notification, or
 * one whose discussion the member may no longer read, is "not found".
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const opened = openNotification(member, parseId(params.id));
  if (!opened) throw new Response("Not found", { status: 404 });
  return redirect(`/posts/${opened.postId}`);
}

/** A UI route (not a resource route), so a 404 renders the site's "Page not found" page. */
export default function OpenNotification() {
  return null;
}
