import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { registryQueryFrom } from "~/lib/registry-query";
import { registryCsv } from "~/models/partnerships/index.server";

/** `/partnerships.csv?<the registry's filters>`: what the registry page lists, as a spreadsheet. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const body = registryCsv(member, registryQueryFrom(new URL(request.url)));
  if (body === null) throw new Response("Not found", { status: 404 });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="partnerships-${day}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
