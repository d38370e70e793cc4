import type { AppLoadContext } from "@remix-run/node";

/** Where a request came from, for sessions, rate limits and the audit log. */
export function requestMeta(request: Request, context: AppLoadContext) {
  return { ip: context.ip ?? "", userAgent: request.headers.get("user-agent") ?? "" };
}
