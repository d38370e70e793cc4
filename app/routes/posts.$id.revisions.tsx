import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { formatDate, formatDateTime } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { listRevisions } from "~/models/discussions.server";

export const handle = titled("Earlier versions of a post");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const found = listRevisions(member, parseId(params.id));
  if (!found) throw new Response("Not found", { status: 404 });
  return {
    postId: found.post.id,
    current: { bodyHtml: found.post.deletedAt ? "" : found.post.bodyHtml, editedAt: found.post.editedAt },
    revisions: found.revisions,
    mayPurge: found.may.purge,
  };
}

export default function Revisions() {
  const { postId, current, revisions, mayPurge } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Earlier versions of this post</h1>
        <p className="govuk-body"><AppLink className="govuk-link" to={`/posts/${postId}`}>Back to the post</AppLink></p>
        <p className="govuk-body">Only the author and moderators can see earlier versions.</p>
        <h2 className="govuk-heading-m">Current version{current.editedAt ? `, edited ${formatDateTime(current.editedAt)}` : ""}</h2>
        <div className="app-post-body" dangerouslySetInnerHTML={{ __html: current.bodyHtml }} />
        {revisions.length === 0 ? <p className="govuk-body">This post has not been edited.</p> : null}
        {[...revisions].reverse().map((r, i) => (
          <section key={r.id} className="app-post" aria-labelledby={`revision-${r.id}`}>
            <h2 className="govuk-heading-s" id={`revision-${r.id}`}>Version {revisions.length - i}, replaced {formatDateTime(r.replacedAt)} by {r.editorName}</h2>
            {r.purgedAt ? (
              <p className="app-post__removed">{`Purged by a moderator on ${formatDate(r.purgedAt)}: the text of this version was deleted.`}</p>
            ) : (
              <>
                <div className="app-post-body" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
                {mayPurge ? (
                  <p className="govuk-body">
                    <AppLink className="govuk-link" to={`/posts/${postId}/revisions/${r.id}/purge`}>Purge this version<span className="govuk-visually-hidden"> (version {revisions.length - i})</span></AppLink>
                  </p>
                ) : null}
              </>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
