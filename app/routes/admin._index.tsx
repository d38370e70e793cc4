import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdministrator } from "~/auth/member.server";
import { titled } from "~/lib/meta";
import { adminIndexPage } from "~/models/accounts.server";

export const handle = titled("Administration");

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const page = adminIndexPage(admin);
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function AdminIndex() {
  const { pending, unconfirmed, flagged } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Administration</h1>
        <p className="govuk-body">Every change you make here is recorded in the audit log with your name.</p>
        <ul className="govuk-list govuk-list--spaced">
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to="/admin/approvals">Approvals</Link>
            </h2>
            <p className="govuk-body">
              {pending === 0 ? "No accounts are waiting for approval." : <strong>{`${plural(pending, "account is", "accounts are")} waiting for approval.`}</strong>}
            </p>
          </li>
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to="/admin/flags">Reported posts</Link>
            </h2>
            <p className="govuk-body">
              {flagged === 0 ? "No reported posts are waiting." : <strong>{`${plural(flagged, "reported post is", "reported posts are")} waiting for a moderator.`}</strong>}
            </p>
          </li>
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to="/admin/spaces">Spaces</Link>
            </h2>
            <p className="govuk-body">Create spaces, change who can see them, order and archive them.</p>
          </li>
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to="/admin/members">Members</Link>
            </h2>
            <p className="govuk-body">Find an account, change its site role, suspend or reinstate it.</p>
          </li>
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to="/admin/organisations">Organisations</Link>
            </h2>
            <p className="govuk-body">
              Names, kinds and verified e-mail domains.
              {unconfirmed > 0 ? ` ${plural(unconfirmed, "organisation named by a joiner is", "organisations named by joiners are")} not yet confirmed.` : null}
            </p>
          </li>
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to="/admin/audit">Audit log</Link>
            </h2>
            <p className="govuk-body">Every sign-in, moderation and administration action, newest first.</p>
          </li>
        </ul>
      </div>
    </div>
  );
}
