import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { DiscussionPosts, ReplyForm, WatchForm } from "~/components/discussion";
import { ServerHtml } from "~/components/held-html";
import { formatDateTime } from "~/lib/dates";
import { handleDiscussionIntent } from "~/forms/discussion-actions.server";
import { pageFrom } from "~/lib/paging";
import { threadPostsHtml } from "~/lib/post-html.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { requestMeta } from "~/lib/request.server";
import { acceptAnswer, getThread, setThreadFlag, threadPage } from "~/models/forum.server";
import { redirectWithFlash } from "~/models/flash.server";

export const handle = titled<{ thread: { title: string } }>((d) => d.thread.title);

function threadUrl(thread: { id: number; slug: string }, page = 1, anchor?: number) {
  return `/threads/${thread.id}/${thread.slug}${page > 1 ? `?page=${page}` : ""}${anchor ? `#post-${anchor}` : ""}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const view = threadPage(member, parseId(params.id), { page: pageFrom(url), quoteId: Number(url.searchParams.get("quote")), unread: Boolean(url.searchParams.get("unread")) });
  if (!view) throw new Response("Not found", { status: 404 });
  if (view.redirectTo) throw redirect(threadUrl(view.redirectTo, view.redirectTo.page, view.redirectTo.anchor));
  return {
    thread: { id: view.thread.id, slug: view.thread.slug, title: view.thread.title, kind: view.thread.kind, isPinned: view.thread.isPinned, isDemo: view.thread.isDemo, acceptedPostId: view.thread.acceptedPostId, createdAt: view.thread.createdAt },
    space: view.space,
    postCount: view.postCount,
    ...threadPostsHtml(context, view.discussion, view.accepted, view.thread.acceptedPostId, threadUrl(view.thread)),
    serviceAreas: view.serviceAreas,
    partnerships: view.partnerships,
    firstUnreadPage: view.firstUnreadPage,
    hasHistory: view.hasHistory,
    may: view.may,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const id = parseId(params.id);
  const found = getThread(member, id);
  if (!found) throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  const shared = await handleDiscussionIntent(member, found.discussion, form, (page, anchor) => threadUrl(found.thread, page, anchor));
  if (shared) return shared;
  const ip = requestMeta(request, context).ip;
  const intent = String(form.get("intent") ?? "");
  if (intent === "accept") {
    const postId = Number(form.get("postId"));
    const result = acceptAnswer(member, id, postId, ip, form.get("confirm") === "yes");
    if (!result.ok && result.reason === "confirm_change") return redirect(`/threads/${id}/accept/${postId}`);
    if (!result.ok) throw new Response(result.reason === "forbidden" ? "Only the person who asked, or a moderator, can accept an answer." : "Not found", { status: result.reason === "forbidden" ? 403 : 404 });
    return redirectWithFlash(member, threadUrl(found.thread), "The answer is accepted. It is shown below the question, and its author is told.");
  }
  if (intent === "lock" || intent === "unlock" || intent === "pin" || intent === "unpin") {
    if (!setThreadFlag(member, id, intent, ip).ok) throw new Response("Not found", { status: 404 });
    return redirect(threadUrl(found.thread));
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function ThreadPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const view = d.discussion;
  const base = `/threads/${d.thread.id}/${d.thread.slug}`;
  return (
    <>
      <Breadcrumbs items={[{ to: "/spaces", label: "Forum" }, { to: `/spaces/${d.space.slug}`, label: d.space.name }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-m">{d.thread.kind === "question" ? "Question" : "Discussion"} in {d.space.name}</span>
          <h1 className="govuk-heading-l">{d.thread.title}</h1>
          {d.may.editDetails || d.hasHistory ? (
            <p className="govuk-body-s">
              {d.may.editDetails ? <AppLink className="govuk-link" to={`/threads/${d.thread.id}/details`}>Edit thread details</AppLink> : null}
              {d.may.editDetails && d.hasHistory ? " · " : null}
              {d.hasHistory ? <AppLink className="govuk-link" to={`/threads/${d.thread.id}/history`}>Thread history</AppLink> : null}
            </p>
          ) : null}
          <p className="app-tags govuk-!-margin-bottom-4">
            {d.space.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : null}
            {d.thread.acceptedPostId ? <strong className="govuk-tag govuk-tag--green">Answered</strong> : null}
            {d.thread.isPinned ? <strong className="govuk-tag govuk-tag--purple">Pinned</strong> : null}
            {view.isLocked ? <strong className="govuk-tag govuk-tag--grey">Locked</strong> : null}
            {d.serviceAreas.map((a) => <strong key={a.slug} className="govuk-tag govuk-tag--grey">{a.name}</strong>)}
          </p>
          {view.mayReply ? (
            <p className="govuk-body-s">
              <a className="govuk-link" href="#reply">Skip to reply</a>
            </p>
          ) : null}
          {d.thread.isDemo ? <div className="govuk-inset-text">This is a demo thread. The people, organisations' words and events in it are fictional.</div> : null}
          {d.partnerships.length > 0 ? (
            <p className="govuk-body">About: {d.partnerships.map((p, i) => <span key={p.slug}>{i > 0 ? ", " : ""}<AppLink className="govuk-link" to={`/partnerships/${p.slug}`}>{p.name}</AppLink></span>)}</p>
          ) : null}
          {view.mustDeclare ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text"><span className="govuk-visually-hidden">Warning</span>This thread is linked to a partnership in procurement. Suppliers declare their interest before posting, and every supplier-visible post is kept in the procurement's market engagement record.</strong>
            </div>
          ) : null}
          {d.firstUnreadPage && view.page !== d.firstUnreadPage ? (
            <p className="govuk-body"><AppLink className="govuk-link" to={`${base}?unread=1`}>Jump to the first unread post</AppLink></p>
          ) : null}

          {d.question ? <ServerHtml part={d.question} id="question" /> : null}
          {d.accepted ? (
            <section aria-labelledby="accepted-heading">
              <h2 className="govuk-heading-m" id="accepted-heading">Accepted answer</h2>
              <ServerHtml part={d.accepted} id="accepted" />
            </section>
          ) : null}
          <h2 className="govuk-heading-m">{d.postCount - 1 === 1 ? "1 reply" : `${d.postCount - 1} replies`}</h2>
          {d.postCount === 1 ? <p className="govuk-body">No replies yet.</p> : null}
          <DiscussionPosts view={view} />
          <ReplyForm view={view} base={base} actionData={actionData as never} />
        </div>
        <div className="govuk-grid-column-one-third">
          <aside aria-labelledby="thread-tools">
            <h2 className="govuk-heading-s" id="thread-tools">This thread</h2>
            <p className="app-meta">Started {formatDateTime(d.thread.createdAt)}</p>
            <WatchForm isWatching={d.discussion.isWatching} />
            {d.serviceAreas.length > 0 ? (
              <p className="govuk-body-s">
                Service areas (watch one to hear of new threads): {d.serviceAreas.map((a, i) => <span key={a.slug}>{i > 0 ? ", " : ""}<AppLink className="govuk-link" to={`/service-areas/${a.slug}`}>{a.name}</AppLink></span>)}
              </p>
            ) : null}
            {view.mayModerate ? (
              <>
                <h2 className="govuk-heading-s">Moderation</h2>
                <div className="govuk-button-group">
                  <Form method="post"><input type="hidden" name="intent" value={view.isLocked ? "unlock" : "lock"} /><button type="submit" className="govuk-button govuk-button--secondary">{view.isLocked ? "Unlock" : "Lock"}</button></Form>
                  <Form method="post"><input type="hidden" name="intent" value={d.thread.isPinned ? "unpin" : "pin"} /><button type="submit" className="govuk-button govuk-button--secondary">{d.thread.isPinned ? "Unpin" : "Pin"}</button></Form>
                </div>
                <p className="govuk-body"><AppLink className="govuk-link" to={`/moderation/threads/${d.thread.id}/move`}>Move to another space</AppLink></p>
              </>
            ) : null}
          </aside>
        </div>
      </div>
    </>
  );
}
