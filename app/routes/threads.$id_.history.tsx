// `$id_` keeps this page out of the thread page's layout.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/member.server";
import { formatDateTime } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { threadHistoryPage } from "~/models/forum.server";
import { BackToThread } from "~/components/thread-subpage";

export const handle = titled<{ thread: { title: string } }>((d) => `Thread history: ${d.thread.title}`);

/** Every change of a thread's details, for whoever may read the thread (issue 14, item 4). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = threadHistoryPage(member, parseId(params.id));
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

const KIND = { question: "Question", discussion: "Discussion" } as const;
const listed = (names: string[]) => (names.length > 0 ? names.join(", ") : "None");

function Change({ label, from, to }: { label: string; from: string; to: string }) {
  if (from === to) return null;
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">
        <p className="govuk-body govuk-!-margin-bottom-1"><span className="app-meta">Was:</span> {from}</p>
        <p className="govuk-body govuk-!-margin-bottom-0"><span className="app-meta">Now:</span> {to}</p>
      </dd>
    </div>
  );
}

export default function ThreadHistory() {
  const { thread, revisions } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackToThread thread={thread} />
        <span className="govuk-caption-l">{thread.title}</span>
        <h1 className="govuk-heading-l">Thread history</h1>
        <p className="govuk-body">Changes to the thread's title, kind, service areas and partnerships since it was published, newest first. Edits to posts are shown on each post.</p>
        {revisions.length === 0 ? <p className="govuk-body">The thread's details have not been changed.</p> : null}
        {revisions.map((r) => (
          <section key={r.id} aria-labelledby={`change-${r.id}`}>
            <h2 className="govuk-heading-s" id={`change-${r.id}`}>Changed {formatDateTime(r.changedAt)} by {r.editorName}</h2>
            <dl className="govuk-summary-list">
              <Change label="Title" from={r.title.from} to={r.title.to} />
              <Change label="Kind" from={KIND[r.kind.from]} to={`${KIND[r.kind.to]}${r.clearedAnswer ? " (the accepted answer was cleared)" : ""}`} />
              <Change label="Service areas" from={listed(r.serviceAreas.from)} to={listed(r.serviceAreas.to)} />
              <Change label="Partnerships" from={listed(r.partnerships.from)} to={listed(r.partnerships.to)} />
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
