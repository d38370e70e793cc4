import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireAdministrator } from "~/auth/member.server";
import { PrevNextPager } from "~/components/pager";
import { titled } from "~/lib/meta";
import { listAudit } from "~/models/audit.server";

export const handle = titled("Audit log");

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const raw = new URL(request.url).searchParams.get("before") ?? "";
  const before = /^\d{1,15}$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
  const page = listAudit(admin, { before });
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, isFirstPage: before === undefined };
}

/** UTC to the minute, sortable and unambiguous: "2026-11-23 14:05". */
function utcMinute(value: Date | string | number) {
  return new Date(value).toISOString().slice(0, 16).replace("T", " ");
}

/** "role_changed" → "Role changed". */
function actionLabel(action: string) {
  const words = action.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["entries"][number];

function Target({ e }: { e: Entry }) {
  if (!e.targetType) return <span className="app-meta">None</span>;
  if (e.targetType === "user" && e.targetId)
    return <AppLink className="govuk-link" to={`/admin/members/${e.targetId}`}>{e.targetUserName ?? `Account ${e.targetId}`}</AppLink>;
  if (e.targetType === "organisation" && e.targetId)
    return <AppLink className="govuk-link" to={`/admin/organisations/${e.targetId}`}>{e.targetOrganisationName ?? `Organisation ${e.targetId}`}</AppLink>;
  if (e.targetType === "space" && e.targetId) return <AppLink className="govuk-link" to={`/admin/spaces/${e.targetId}`}>{`Space ${e.targetId}`}</AppLink>;
  if (e.targetType === "post" && e.targetId) return <AppLink className="govuk-link" to={`/posts/${e.targetId}`}>{`Post ${e.targetId}`}</AppLink>;
  return <>{e.targetId ? `${e.targetType} ${e.targetId}` : e.targetType}</>;
}

export default function AuditLog() {
  const { entries, olderBefore, isFirstPage } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">Sign-ins, account decisions, moderation and administration, newest first. Times are UTC.</p>
      {entries.length === 0 ? (
        <p className="govuk-body">{isFirstPage ? "Nothing has been recorded yet." : "There are no older entries."}</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Audit log entries, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Time (UTC)</th>
              <th scope="col" className="govuk-table__header">Who</th>
              <th scope="col" className="govuk-table__header">Action</th>
              <th scope="col" className="govuk-table__header">Target</th>
              <th scope="col" className="govuk-table__header">IP address</th>
              <th scope="col" className="govuk-table__header">Detail</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {entries.map((e) => (
              <tr className="govuk-table__row" key={e.id}>
                <td className="govuk-table__cell">
                  <time dateTime={new Date(e.at).toISOString()}>{utcMinute(e.at)}</time>
                </td>
                <td className="govuk-table__cell">
                  {e.actorId ? <AppLink className="govuk-link" to={`/admin/members/${e.actorId}`}>{e.actorName ?? `Account ${e.actorId}`}</AppLink> : <span className="app-meta">Nobody signed in</span>}
                </td>
                <td className="govuk-table__cell">{actionLabel(e.action)}</td>
                <td className="govuk-table__cell">
                  <Target e={e} />
                </td>
                <td className="govuk-table__cell">{e.ip || <span className="app-meta">Unknown</span>}</td>
                <td className="govuk-table__cell govuk-!-text-break-word">{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PrevNextPager newer={isFirstPage ? undefined : { to: "/admin/audit", label: "Newest entries" }} older={olderBefore ? { to: `/admin/audit?before=${olderBefore}`, label: "Older entries" } : undefined} />
    </>
  );
}
