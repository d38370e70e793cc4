import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { config } from "~/lib/env.server";
import { engagementRecordCsv } from "~/models/partnerships/index.server";

/** The whole record for the procurement file; bounded by one partnership's linked content. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const record = engagementRecordCsv(member, params.slug ?? "", config().baseUrl);
  if (!record) throw new Response("Not found", { status: 404 });
  return new Response(record.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="market-engagement-${record.slug}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
