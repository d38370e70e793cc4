import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { Pager } from "~/components/pager";
import { ORGANISATION_KIND_LABELS } from "~/lib/labels";
import { titled } from "~/lib/meta";
import { pageFrom } from "~/lib/paging";
import { organisationPage } from "~/models/organisations.server";

export const handle = titled<{ organisation: { name: string } } | undefined>((d) => d?.organisation.name ?? "Organisation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const slug = params.slug ?? "";
  const found = /^[a-z0-9-]{1,100}$/.test(slug) ? organisationPage(member, slug, pageFrom(request.url)) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  return found;
}

export default function OrganisationProfile() {
  const { organisation: o, members, total, page, totalPages } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{ORGANISATION_KIND_LABELS[o.kind]}</span>
      <h1 className="govuk-heading-l">{o.name}</h1>
      <h2 className="govuk-heading-m">Members</h2>
      {members.length === 0 ? (
        <p className="govuk-body">{total === 0 ? "Nobody from this organisation has joined yet." : "There are no more members."}</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {total} {total === 1 ? "member" : "members"}
            {totalPages > 1 ? `, page ${page} of ${totalPages}` : ""}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Job title</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {members.map((m) => (
              <tr className="govuk-table__row" key={m.handle}>
                <td className="govuk-table__cell">
                  <AppLink className="govuk-link" to={`/members/${m.handle}`}>{m.name}</AppLink>
                </td>
                <td className="govuk-table__cell">{m.jobTitle}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} totalPages={totalPages} />
    </>
  );
}
