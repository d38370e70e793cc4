import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { chosenSlugs } from "~/lib/comparison";
import { comparisonCsv } from "~/models/partnerships/index.server";

/** The chosen comparison's savings table, exactly as /partnerships/compare?p=… shows it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const result = comparisonCsv(member, chosenSlugs(new URL(request.url)));
  if (!result) throw new Response("Not found", { status: 404 });
  if (!result.csv) throw new Response("Choose 2 to 4 partnerships from the registry to compare.", { status: 400 });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(result.csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="partnership-comparison-${day}.csv"`, "Cache-Control": "private, no-store" },
  });
}
