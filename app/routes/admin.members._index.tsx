import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireAdministrator } from "~/auth/member.server";
import { Select, TextInput } from "~/components/form";
import { Pager } from "~/components/pager";
import { ACCOUNT_STATUS_LABELS, ACCOUNT_STATUS_TAG, SITE_ROLE_LABELS } from "~/lib/labels";
import { titled } from "~/lib/meta";
import { pageCount, pageFrom } from "~/lib/paging";
import { listMembers, MEMBERS_PAGE_SIZE } from "~/models/members.server";
import { ACCOUNT_STATUSES, type AccountStatus } from "~/lib/fixed-lists";

export const handle = titled("Members");

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const statusParam = url.searchParams.get("status") ?? "";
  const status = (ACCOUNT_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as AccountStatus) : undefined;
  const page = pageFrom(url);
  const found = listMembers(admin, { q: q || undefined, status, page });
  if (!found) throw new Response("Not found", { status: 404 });
  const { rows, total } = found;
  return { members: rows, total, page, totalPages: pageCount(total, MEMBERS_PAGE_SIZE), q, status: status ?? "" };
}

export default function Members() {
  const { members, total, page, totalPages, q, status } = useLoaderData<typeof loader>();
  const filtered = Boolean(q || status);
  return (
    <>
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Members</h1>
      <Form method="get" role="search" className="govuk-!-margin-bottom-6">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput name="q" type="search" label="Name or e-mail address contains" defaultValue={q} spellCheck={false} autoComplete="off" />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              name="status"
              label="Status"
              defaultValue={status}
              options={[{ value: "", label: "Any status" }, ...ACCOUNT_STATUSES.map((s) => ({ value: s, label: ACCOUNT_STATUS_LABELS[s] }))]}
            />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
          Find members
        </button>
        {filtered ? (
          <p className="govuk-body govuk-!-margin-top-3">
            <AppLink className="govuk-link" to="/admin/members">Clear search</AppLink>
          </p>
        ) : null}
      </Form>
      {members.length === 0 ? (
        <p className="govuk-body">{filtered ? "No accounts match your search." : "There are no accounts yet."}</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {total} {total === 1 ? "account" : "accounts"}
            {totalPages > 1 ? `, page ${page} of ${totalPages}` : ""}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">E-mail address</th>
              <th scope="col" className="govuk-table__header">Organisation</th>
              <th scope="col" className="govuk-table__header">Role</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {members.map((m) => (
              <tr className="govuk-table__row" key={m.id}>
                <td className="govuk-table__cell">
                  <AppLink className="govuk-link" to={`/admin/members/${m.id}`}>{m.name}</AppLink>
                </td>
                <td className="govuk-table__cell govuk-!-text-break-word">{m.email}</td>
                <td className="govuk-table__cell">{m.organisationName}</td>
                <td className="govuk-table__cell">{SITE_ROLE_LABELS[m.role]}</td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${ACCOUNT_STATUS_TAG[m.status]}`}>{ACCOUNT_STATUS_LABELS[m.status]}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} totalPages={totalPages} />
    </>
  );
}
