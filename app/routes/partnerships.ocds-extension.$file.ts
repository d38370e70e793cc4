import type { LoaderFunctionArgs } from "@remix-run/node";
import extension from "~/lib/ocds/extension/savings/extension.json";
import releaseSchema from "~/lib/ocds/extension/savings/release-schema.json";

const FILES: Record<string, unknown> = { "extension.json": extension, "release-schema.json": releaseSchema };

/**
 * The OCDS extension the exports declare (app/lib/ocds/extension/savings/). A schema, with no
 * registry data in it, so served without signing in: OCDS tools fetch it by its URL.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const file = FILES[params.file ?? ""];
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(file, null, 2), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" } });
}
