import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { PrevNextPager } from "~/components/pager";
import { formatDateTime } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { engagementRecordPage } from "~/models/partnerships/index.server";

export const handle = titled<{ partnership: { name: string } }>((d) => `Market engagement record: ${d.partnership.name}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const after = Number(new URL(request.url).searchParams.get("after") ?? 0);
  const first = !(Number.isSafeInteger(after) && after > 0);
  const page = engagementRecordPage(member, params.slug ?? "", first ? 0 : after);
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, isFirstPage: first };
}

export default function EngagementRecord() {
  const { partnership, entries, next, isFirstPage } = useLoaderData<typeof loader>();
  const base = `/partnerships/${partnership.slug}/engagement`;
  return (
    <>
      <span className="govuk-caption-l">{partnership.name}</span>
      <h1 className="govuk-heading-l">Market engagement record</h1>
      <div className="govuk-inset-text">
        While a partnership is in procurement, every exchange suppliers can read that is linked to it is recorded here as it
        was written, with each later edit, removal or moderation as a new entry, dates, organisations and each supplier's
        declared interest, so the procurement file shows that all suppliers were treated equally. Entries are never changed
        or removed. Only the policing side can see this record.
        {partnership.status === "in-procurement" ? <strong> This partnership is in procurement now.</strong> : null}
      </div>
      <p className="govuk-body">
        <a className="govuk-link" href={`${base}.csv`} download>Download the whole record as CSV</a> ·{" "}
        <AppLink className="govuk-link" to={`/partnerships/${partnership.slug}`}>Back to the partnership</AppLink>
      </p>
      {entries.length === 0 ? (
        <p className="govuk-body">Nothing is recorded for this partnership yet.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Entries, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Date</th>
              <th scope="col" className="govuk-table__header">Change</th>
              <th scope="col" className="govuk-table__header">Where</th>
              <th scope="col" className="govuk-table__header">Author and organisation</th>
              <th scope="col" className="govuk-table__header">Declaration</th>
              <th scope="col" className="govuk-table__header">Text as written</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {entries.map((e) => (
              <tr className="govuk-table__row" key={e.id}>
                <td className="govuk-table__cell">{formatDateTime(e.at)}</td>
                <td className="govuk-table__cell">{e.changeText}{e.actorName ? ` (${e.actorName})` : null}</td>
                <td className="govuk-table__cell"><AppLink className="govuk-link" to={`/posts/${e.postId}`}>{e.ownerTitle}</AppLink> ({e.ownerKind})</td>
                <td className="govuk-table__cell">{e.authorName}, {e.organisationName}</td>
                <td className="govuk-table__cell">{e.declaration}</td>
                <td className="govuk-table__cell app-pre-wrap">{e.bodyMd}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PrevNextPager newer={isFirstPage ? undefined : { to: base, label: "First entries" }} older={next ? { to: `${base}?after=${next}`, label: "Later entries" } : undefined} />
    </>
  );
}
