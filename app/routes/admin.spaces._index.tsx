import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireAdministrator } from "~/auth/member.server";
import { SuccessNotice } from "~/components/form";
import { titled } from "~/lib/meta";
import { listAllSpaces } from "~/models/spaces.server";

export const handle = titled("Spaces");

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  return { spaces: listAllSpaces(admin) };
}

type Space = ReturnType<typeof useLoaderData<typeof loader>>["spaces"][number];

function SpacesTable({ id, caption, spaces }: { id: string; caption: string; spaces: Space[] }) {
  return (
    <table className="govuk-table" id={id}>
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Space</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Threads</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {spaces.map((s) => (
          <tr className="govuk-table__row" key={s.id}>
            <td className="govuk-table__cell">
              <AppLink className="govuk-link govuk-!-font-weight-bold" to={`/admin/spaces/${s.id}`}>
                {s.name}
              </AppLink>{" "}
              {s.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : null}{" "}
              {s.isArchived ? <strong className="govuk-tag govuk-tag--grey">Archived</strong> : null}
              <p className="app-meta govuk-!-margin-bottom-0">
                /spaces/{s.slug}, position {s.position}
                {s.audience === "members" ? ", all members" : ""}
              </p>
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{s.threadCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function AdminSpaces() {
  const { spaces } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const active = spaces.filter((s) => !s.isArchived);
  const archived = spaces.filter((s) => s.isArchived);
  return (
    <>
      {params.get("done") === "created" ? (
        <SuccessNotice>
          <p className="govuk-notification-banner__heading">The space is created. The change is in the audit log.</p>
        </SuccessNotice>
      ) : null}
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Spaces</h1>
      <p className="govuk-body">Spaces hold the forum&apos;s threads. Each thread can be seen by whoever its space lets see it.</p>
      <AppLink className="govuk-button" data-module="govuk-button" to="/admin/spaces/new">
        Create a space
      </AppLink>
      {active.length ? <SpacesTable id="active-spaces" caption="Active spaces" spaces={active} /> : <p className="govuk-body" id="active-spaces">No active spaces.</p>}
      {archived.length ? <SpacesTable id="archived-spaces" caption="Archived spaces" spaces={archived} /> : null}
    </>
  );
}
