import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clearSessionCookie, endSession, sessionIdFrom } from "~/auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const id = sessionIdFrom(request);
  if (id) await endSession(id);
  return redirect("/login?done=signed-out", { headers: { "Set-Cookie": clearSessionCookie() } });
}

/** Signing out changes state, so it is a POST; a GET (an old link) just goes home. */
export function loader() {
  return redirect("/");
}
