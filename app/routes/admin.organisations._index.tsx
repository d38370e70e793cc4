import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireAdministrator } from "~/auth/member.server";
import { Select } from "~/components/form";
import { Pager } from "~/components/pager";
import { ORGANISATION_KIND_LABELS } from "~/lib/labels";
import { titled } from "~/lib/meta";
import { pageCount, pageFrom } from "~/lib/paging";
import { listOrganisations, ORGANISATIONS_PAGE_SIZE } from "~/models/organisations.server";
import { ORGANISATION_KINDS, type OrganisationKind } from "~/lib/fixed-lists";

export const handle = titled("Organisations");

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const url = new URL(request.url);
  const kindParam = url.searchParams.get("kind") ?? "";
  const kind = (ORGANISATION_KINDS as readonly string[]).includes(kindParam) ? (kindParam as OrganisationKind) : undefined;
  const page = pageFrom(url);
  const found = listOrganisations(admin, { kind, page });
  if (!found) throw new Response("Not found", { status: 404 });
  const { rows, total } = found;
  return { organisations: rows, total, page, totalPages: pageCount(total, ORGANISATIONS_PAGE_SIZE), kind: kind ?? "" };
}

export default function Organisations() {
  const { organisations, total, page, totalPages, kind } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Organisations</h1>
      <p className="govuk-body">
        Organisations named by people requesting access are marked <strong className="govuk-tag govuk-tag--yellow">Not confirmed</strong> and listed first.
        Approving such a request confirms its organisation.
      </p>
      <Form method="get" className="govuk-!-margin-bottom-6">
        <Select
          name="kind"
          label="Kind of organisation"
          defaultValue={kind}
          options={[{ value: "", label: "All kinds" }, ...ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }))]}
        />
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
          Show organisations
        </button>
      </Form>
      {organisations.length === 0 ? (
        <p className="govuk-body">No organisations match.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {total} {total === 1 ? "organisation" : "organisations"}
            {totalPages > 1 ? `, page ${page} of ${totalPages}` : ""}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Kind</th>
              <th scope="col" className="govuk-table__header">Verified domains</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Active members</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {organisations.map((o) => (
              <tr className="govuk-table__row" key={o.id}>
                <td className="govuk-table__cell">
                  <AppLink className="govuk-link" to={`/admin/organisations/${o.id}`}>{o.name}</AppLink>
                  {o.isConfirmed ? null : (
                    <>
                      {" "}
                      <strong className="govuk-tag govuk-tag--yellow">Not confirmed</strong>
                    </>
                  )}
                </td>
                <td className="govuk-table__cell">{ORGANISATION_KIND_LABELS[o.kind]}</td>
                <td className="govuk-table__cell">{o.domains.length ? o.domains.join(", ") : <span className="app-meta">None</span>}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{o.activeMembers}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} totalPages={totalPages} />
    </>
  );
}
