// `$id_` keeps this page out of the thread page's layout.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { getAnswerChange } from "~/models/forum.server";
import { BackToThread, threadHref } from "~/components/thread-subpage";

export const handle = titled("Change the accepted answer");

/** Changing an accepted answer un-accepts someone's post, so it is confirmed first (issue 14, item 11); it works without JavaScript. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const change = getAnswerChange(member, parseId(params.id), parseId(params.postId));
  if (!change) throw new Response("Not found", { status: 404 });
  return change;
}

export default function ChangeAcceptedAnswer() {
  const { thread, current, proposed } = useLoaderData<typeof loader>();
  const back = threadHref(thread);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackToThread thread={thread} />
        <span className="govuk-caption-l">{thread.title}</span>
        <h1 className="govuk-heading-l">Change the accepted answer?</h1>
        <h2 className="govuk-heading-s">Accepted now: post {current.number} by {current.author.name}</h2>
        {/* Safe: sanitised by the Markdown pipeline when the post was written. */}
        <div className="app-post-body govuk-inset-text" dangerouslySetInnerHTML={{ __html: current.bodyHtml }} />
        <h2 className="govuk-heading-s">New accepted answer: post {proposed.number} by {proposed.author.name}</h2>
        <div className="app-post-body govuk-inset-text" dangerouslySetInnerHTML={{ __html: proposed.bodyHtml }} />
        <p className="govuk-body">{current.author.name} is no longer shown as having the accepted answer; {proposed.author.name} is told.</p>
        <form method="post" action={back}>
          <input type="hidden" name="intent" value="accept" />
          <input type="hidden" name="postId" value={proposed.id} />
          <input type="hidden" name="confirm" value="yes" />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button">Change the accepted answer</button>
            <AppLink className="govuk-link" to={back}>Keep the current answer</AppLink>
          </div>
        </form>
      </div>
    </div>
  );
}
