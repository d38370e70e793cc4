import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireModerator } from "~/auth/member.server";
import { titled } from "~/lib/meta";
import { administrationOverview } from "~/models/administration.server";

export const handle = titled<{ may: { administer: boolean } } | undefined>((d) => (d?.may.administer ? "Administration" : "Moderation"));

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireModerator(request);
  const overview = administrationOverview(member);
  if (!overview) throw new Response("Not found", { status: 404 });
  return overview;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function AdminIndex() {
  const { pending, unconfirmed, flagged, may } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{may.administer ? "Administration" : "Moderation"}</h1>
        <p className="govuk-body">Every change you make here is recorded in the audit log with your name.</p>
        {may.administer ? null : (
          <p className="govuk-body">
            As a moderator you deal with reported posts, and you can hide, restore, lock, pin and move threads from their own pages.
            Approving accounts, members, organisations, spaces and the audit log are for administrators.
          </p>
        )}
        <ul className="govuk-list govuk-list--spaced">
          {may.approve ? (
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <AppLink className="govuk-link" to="/admin/approvals">Approvals</AppLink>
            </h2>
            <p className="govuk-body">
              {pending === 0 ? "No accounts are waiting for approval." : <strong>{`${plural(pending, "account is", "accounts are")} waiting for approval.`}</strong>}
            </p>
          </li>
          ) : null}
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <AppLink className="govuk-link" to="/admin/flags">Reported posts</AppLink>
            </h2>
            <p className="govuk-body">
              {flagged === 0 ? "No reported posts are waiting." : <strong>{`${plural(flagged, "reported post is", "reported posts are")} waiting for a moderator.`}</strong>}
            </p>
          </li>
          {may.administer ? (
            <>
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <AppLink className="govuk-link" to="/admin/spaces">Spaces</AppLink>
            </h2>
            <p className="govuk-body">Create spaces, change who can see them, order and archive them.</p>
          </li>
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <AppLink className="govuk-link" to="/admin/members">Members</AppLink>
            </h2>
            <p className="govuk-body">Find an account, change its site role, suspend or reinstate it.</p>
          </li>
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <AppLink className="govuk-link" to="/admin/organisations">Organisations</AppLink>
            </h2>
            <p className="govuk-body">
              Names, kinds and verified e-mail domains.
              {unconfirmed > 0 ? ` ${plural(unconfirmed, "organisation named by a joiner is", "organisations named by joiners are")} not yet confirmed.` : null}
            </p>
          </li>
          <li>
            <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
              <AppLink className="govuk-link" to="/admin/audit">Audit log</AppLink>
            </h2>
            <p className="govuk-body">Every sign-in, moderation and administration action, newest first.</p>
          </li>
            </>
          ) : null}
        </ul>
      </div>
    </div>
  );
}
