import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/auth/member.server";
import { config } from "~/lib/env.server";
import { engagementCsv, getPartnershipForRecord, listEngagement, mayViewEngagementRecord } from "~/models/engagement.server";

/** The whole record for the procurement file; bounded by one partnership's linked content. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const partnership = getPartnershipForRecord(params.slug ?? "");
  if (!partnership || !mayViewEngagementRecord(member)) throw new Response("Not found", { status: 404 });
  const csv = engagementCsv(listEngagement(member, partnership.id, { limit: null }), config().baseUrl);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="market-engagement-${partnership.slug}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
