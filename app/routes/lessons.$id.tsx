import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { DiscussionPosts, ReplyForm, WatchForm } from "~/components/discussion";
import { OutcomeTag } from "~/components/lesson-list";
import { formatDate } from "~/lib/dates";
import { sentenceCase } from "~/lib/labels";
import { handleDiscussionIntent } from "~/forms/discussion-actions.server";
import { pageFrom } from "~/lib/paging";
import { withPostsHtml } from "~/lib/post-html.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { getLesson, lessonPage, markLessonUseful } from "~/models/lessons.server";

export const handle = titled<{ lesson: { title: string } }>((d) => d.lesson.title);

function lessonUrl(id: number, page = 1, anchor?: number) {
  return `/lessons/${id}${page > 1 ? `?page=${page}` : ""}${anchor ? `#post-${anchor}` : ""}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const page = lessonPage(member, parseId(params.id), { page: pageFrom(url), quoteId: Number(url.searchParams.get("quote")) });
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, discussion: withPostsHtml(context, page.discussion, lessonUrl(parseId(params.id))) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const id = parseId(params.id);
  const found = getLesson(member, id);
  if (!found) throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  const shared = await handleDiscussionIntent(member, found.discussion, form, (page, anchor) => lessonUrl(id, page, anchor));
  if (shared) return shared;
  if (form.get("intent") === "useful") {
    const result = markLessonUseful(member, id);
    if (!result.ok && result.reason === "not_found") throw new Response("Not found", { status: 404 });
    if (!result.ok && result.reason === "own") throw new Response("You cannot mark your own lesson as useful.", { status: 403 });
    return redirect(`${lessonUrl(id)}#useful`);
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function LessonPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const view = d.discussion;
  const base = `/lessons/${d.lesson.id}`;
  const replies = d.postCount;
  return (
    <>
      <Breadcrumbs items={[{ to: "/lessons", label: "Lessons learned" }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-m">Lesson learned</span>
          <h1 className="govuk-heading-l">{d.lesson.title}</h1>
          {d.lesson.isDemo ? <div className="govuk-inset-text">This is a demo lesson: fictional, not a real force's experience.</div> : null}
          <p className="govuk-body-l">{d.lesson.summary}</p>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Outcome</dt>
              <dd className="govuk-summary-list__value"><OutcomeTag outcome={d.lesson.outcome} /></dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Phase</dt>
              <dd className="govuk-summary-list__value">{sentenceCase(d.phase)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">{d.partnerships.length === 1 ? "Partnership" : "Partnerships"}</dt>
              <dd className="govuk-summary-list__value">
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  {d.partnerships.map((p) => (
                    <li key={p.slug}>
                      <AppLink className="govuk-link" to={`/partnerships/${p.slug}`}>{p.name}</AppLink>
                      {p.status === "in-procurement" ? <> <strong className="govuk-tag govuk-tag--orange">In procurement</strong></> : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
            {d.serviceAreas.length > 0 ? (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Service areas</dt>
                <dd className="govuk-summary-list__value">{d.serviceAreas.map((a) => sentenceCase(a.name)).join(", ")}</dd>
              </div>
            ) : null}
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Who can read it</dt>
              <dd className="govuk-summary-list__value">{d.lesson.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : "All members, suppliers included"}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Written by</dt>
              <dd className="govuk-summary-list__value">
                <AppLink className="govuk-link" to={`/members/${d.author.handle}`}>{d.author.name}</AppLink>
                {d.author.jobTitle ? `, ${d.author.jobTitle}` : ""}, <AppLink className="govuk-link" to={`/organisations/${d.organisation.slug}`}>{d.organisation.name}</AppLink>
                <br />
                <span className="app-meta">
                  <time dateTime={new Date(d.lesson.createdAt).toISOString()}>{formatDate(d.lesson.createdAt)}</time>
                  {new Date(d.lesson.updatedAt).getTime() - new Date(d.lesson.createdAt).getTime() > 60_000 ? `, updated ${formatDate(d.lesson.updatedAt)}` : ""}
                </span>
              </dd>
            </div>
          </dl>
          {d.lesson.sections.map((s) => (
            <section key={s.id} aria-labelledby={`${s.id}-heading`}>
              <h2 className="govuk-heading-m" id={`${s.id}-heading`}>{s.heading}</h2>
              {/* Safe: rendered and sanitised by the Markdown pipeline when the lesson was written. */}
              <div className="app-post-body" dangerouslySetInnerHTML={{ __html: s.html }} />
            </section>
          ))}
          <div id="useful" className="govuk-!-margin-bottom-6">
            <p className="govuk-body govuk-!-margin-bottom-2">{d.lesson.usefulCount === 1 ? "1 member found this useful." : `${d.lesson.usefulCount} members found this useful.`}</p>
            {!d.may.markUseful ? null : d.markedUseful ? (
              <p className="app-meta">You marked this lesson as useful.</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="useful" />
                <button type="submit" className="govuk-button govuk-button--secondary">Mark as useful</button>
              </Form>
            )}
          </div>

          <h2 className="govuk-heading-m" id="discussion">{`Discussion: ${replies === 1 ? "1 reply" : `${replies} replies`}`}</h2>
          {view.mustDeclare ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text"><span className="govuk-visually-hidden">Warning</span>This lesson is linked to a partnership in procurement. Suppliers declare their interest before posting, and every supplier-visible post is kept in the procurement's market engagement record.</strong>
            </div>
          ) : null}
          {replies === 0 ? <p className="govuk-body">No replies yet. Ask the author a question or add what happened in your force.</p> : null}
          <DiscussionPosts view={view} />
          <ReplyForm view={view} base={base} actionData={actionData as never} />
        </div>
        <div className="govuk-grid-column-one-third">
          <aside aria-labelledby="lesson-tools">
            <h2 className="govuk-heading-s" id="lesson-tools">This lesson</h2>
            {d.may.edit ? <p className="govuk-body"><AppLink className="govuk-link" to={`/lessons/${d.lesson.id}/edit`}>Edit this lesson</AppLink></p> : null}
            <WatchForm isWatching={view.isWatching} />
            <p className="govuk-body"><AppLink className="govuk-link" to="/lessons/new">Write a lesson</AppLink></p>
          </aside>
        </div>
      </div>
    </>
  );
}
