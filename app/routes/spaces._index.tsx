import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { formatDateTime } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { listSpaces } from "~/models/forum.server";

export const handle = titled("Forum");

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  return { spaces: listSpaces(member) };
}

export default function Spaces() {
  const { spaces } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Forum</h1>
      <p className="govuk-body-l">Ask questions before and during a partnership, and learn from people who have done it.</p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Spaces</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Space</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Threads</th>
            <th scope="col" className="govuk-table__header">Last activity</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {spaces.map((s) => (
            <tr className="govuk-table__row" key={s.id}>
              <td className="govuk-table__cell">
                <AppLink className="govuk-link govuk-!-font-weight-bold" to={`/spaces/${s.slug}`}>{s.name}</AppLink>{" "}
                {s.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : null}
                <p className="app-meta govuk-!-margin-bottom-0">{s.description}</p>
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{s.threadCount}</td>
              <td className="govuk-table__cell">{s.lastActivityAt ? formatDateTime(s.lastActivityAt) : "No threads yet"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
