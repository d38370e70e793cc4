// `revisions_` keeps this page out of the revisions page's layout: it is a page of its own.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { Checkbox, ErrorSummary } from "~/components/form";
import { formatDateTime } from "~/lib/dates";
import { pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { requestMeta } from "~/lib/request.server";
import { getRevisionToPurge, purgeRevision } from "~/models/discussions.server";

export const handle = titled("Purge an earlier version");

/** Moderators only: anyone else, or a version already purged, gets 404 like a missing page. */
async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const member = await requireMember(request);
  const postId = parseId(params.id);
  const revisionId = parseId(params.revisionId);
  const found = getRevisionToPurge(member, postId, revisionId);
  if (!found) throw new Response("Not found", { status: 404 });
  return { member, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found } = await load(request, params);
  return found;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { member, found } = await load(request, params);
  const { confirm } = pickStrings(await request.formData(), ["confirm"]);
  if (confirm !== "yes") return data({ errors: { confirm: "Confirm that you want to delete the text of this version" } }, { status: 400 });
  const result = purgeRevision(member, found.postId, found.revision.id, requestMeta(request, context).ip);
  if (!result.ok) throw new Response("Not found", { status: 404 });
  return redirect(`/posts/${found.postId}/revisions`);
}

export default function PurgeRevision() {
  const { postId, revision } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <AppLink className="govuk-back-link" to={`/posts/${postId}/revisions`}>Back to the earlier versions</AppLink>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">Moderation</span>
        <h1 className="govuk-heading-l">Are you sure you want to purge this version?</h1>
        <p className="govuk-body">Version replaced {formatDateTime(revision.replacedAt)} by {revision.editorName}:</p>
        <div className="app-post-body" dangerouslySetInnerHTML={{ __html: revision.bodyHtml }} />
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            The text of this version will be deleted and cannot be recovered. The history will say it was purged by a moderator, and the audit log will record that you did it.
          </strong>
        </div>
        <Form method="post" noValidate>
          <Checkbox name="confirm" label="Yes, delete the text of this version" errors={errors} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button govuk-button--warning">Purge this version</button>
            <AppLink className="govuk-link" to={`/posts/${postId}/revisions`}>Cancel</AppLink>
          </div>
        </Form>
      </div>
    </div>
  );
}
