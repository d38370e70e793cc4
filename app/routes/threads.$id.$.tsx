import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import { requireMember } from "~/auth/member.server";
import { can, type Member } from "~/auth/policy.server";
import { ErrorSummary } from "~/components/form";
import { MarkdownField } from "~/components/markdown-field";
import { Pager } from "~/components/pager";
import { Post } from "~/components/post";
import { formatDateTime } from "~/lib/dates";
import { pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { pageFrom } from "~/lib/paging";
import { postBody, submissionKey } from "~/lib/post-input";
import { requestMeta } from "~/lib/request.server";
import { createReply, markHelpful, memberDiscussionState, pageOfNumber, postBySubmission, quoteFor, renderPost, setWatching } from "~/models/discussions.server";
import { acceptAnswer, getThread, getThreadPage, setThreadFlag } from "~/models/forum.server";
import { deliverNotifications } from "~/models/notifications.server";

export const handle = titled<{ thread: { title: string } }>((d) => d.thread.title);

function threadUrl(thread: { id: number; slug: string }, page = 1, anchor?: number) {
  return `/threads/${thread.id}/${thread.slug}${page > 1 ? `?page=${page}` : ""}${anchor ? `#post-${anchor}` : ""}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const id = parseId(params.id);
  const url = new URL(request.url);
  const peek = getThread(member, id);
  if (!peek) throw new Response("Not found", { status: 404 });
  if (url.searchParams.get("unread")) {
    const { lastReadNumber } = memberDiscussionState(member.id, peek.discussion.id);
    const target = Math.min(lastReadNumber + 1, peek.discussion.lastPostNumber);
    throw redirect(threadUrl(peek.thread, pageOfNumber(target), target));
  }
  const view = getThreadPage(member, id, pageFrom(url));
  if (!view || view.outOfRange) throw new Response("Not found", { status: 404 });
  const quoteId = Number(url.searchParams.get("quote"));
  const mayModerate = can(member, { do: "moderate", audience: view.discussion.audience });
  return {
    thread: { id: view.thread.id, slug: view.thread.slug, title: view.thread.title, kind: view.thread.kind, isPinned: view.thread.isPinned, isDemo: view.thread.isDemo, acceptedPostId: view.thread.acceptedPostId, createdAt: view.thread.createdAt },
    space: view.space,
    isLocked: view.discussion.isLocked,
    postCount: view.discussion.postCount,
    page: view.page,
    pages: view.pages,
    posts: view.posts,
    accepted: view.accepted,
    serviceAreas: view.serviceAreas,
    partnerships: view.partnerships,
    isWatching: view.isWatching,
    firstUnread: view.firstUnread,
    memberId: member.id,
    mayReply: can(member, { do: "contribute", audience: view.discussion.audience }) && (!view.discussion.isLocked || mayModerate),
    mayAccept: view.thread.kind === "question" && (view.thread.authorId === member.id || mayModerate),
    mayModerate,
    quote: Number.isInteger(quoteId) && quoteId > 0 ? quoteFor(member, view.discussion.id, quoteId) : "",
    submissionKey: randomUUID(),
  };
}

function loadForAction(member: Member, id: number) {
  const found = getThread(member, id);
  if (!found) throw new Response("Not found", { status: 404 });
  return found;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const id = parseId(params.id);
  const { thread, discussion } = loadForAction(member, id);
  const ip = requestMeta(request, context).ip;
  const form = await request.formData();
  const values = pickStrings(form, ["intent", "body", "postId", "submissionKey"]);
  const postId = Number(values.postId);
  switch (values.intent) {
    case "preview":
      return { errors: undefined, body: values.body ?? "", preview: values.body?.trim() ? renderPost(values.body.slice(0, 50_000)).bodyHtml : "" };
    case "reply": {
      const parsed = postBody.safeParse(values.body ?? "");
      if (!parsed.success) return data({ errors: { body: parsed.error.issues[0]!.message }, body: values.body ?? "", preview: null }, { status: 400 });
      const key = submissionKey.parse(values.submissionKey);
      const result = createReply(member, discussion.id, { bodyMd: parsed.data, submissionKey: key });
      if (!result.ok) {
        if (result.reason === "duplicate" && key) {
          const existing = postBySubmission(member.id, key)!;
          return redirect(threadUrl(thread, pageOfNumber(existing.number), existing.number));
        }
        if (result.reason === "locked") return data({ errors: { body: "This thread is locked: no new replies can be added." }, body: values.body ?? "", preview: null }, { status: 403 });
        throw new Response("Not found", { status: 404 });
      }
      await deliverNotifications(result.value.notificationIds);
      return redirect(threadUrl(thread, pageOfNumber(result.value.number), result.value.number));
    }
    case "accept": {
      const result = acceptAnswer(member, id, postId, ip);
      if (!result.ok) throw new Response(result.reason === "forbidden" ? "Only the person who asked, or a moderator, can accept an answer." : "Not found", { status: result.reason === "forbidden" ? 403 : 404 });
      return redirect(threadUrl(thread));
    }
    case "helpful": {
      const result = markHelpful(member, postId);
      if (!result.ok && result.reason === "not_found") throw new Response("Not found", { status: 404 });
      if (!result.ok && result.reason === "own") throw new Response("You cannot mark your own post as helpful.", { status: 403 });
      const number = result.ok ? result.value.number : 1;
      return redirect(threadUrl(thread, pageOfNumber(number), number));
    }
    case "watch":
    case "unwatch":
      setWatching(member, discussion, values.intent === "watch");
      return redirect(threadUrl(thread));
    case "lock":
    case "unlock":
    case "pin":
    case "unpin": {
      const result = setThreadFlag(member, id, values.intent, ip);
      if (!result.ok) throw new Response("Not found", { status: 404 });
      return redirect(threadUrl(thread));
    }
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

export default function ThreadPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const base = `/threads/${d.thread.id}/${d.thread.slug}`;
  const permissions = { memberId: d.memberId, mayReply: d.mayReply, mayAccept: d.mayAccept, mayModerate: d.mayModerate, replyTo: `${base}?page=${d.pages}&` };
  const [question, ...replies] = d.page === 1 ? d.posts : [null, ...d.posts];
  return (
    <>
      <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
        <ol className="govuk-breadcrumbs__list">
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to="/spaces">Forum</Link></li>
          <li className="govuk-breadcrumbs__list-item"><Link className="govuk-breadcrumbs__link" to={`/spaces/${d.space.slug}`}>{d.space.name}</Link></li>
        </ol>
      </nav>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-m">{d.thread.kind === "question" ? "Question" : "Discussion"} in {d.space.name}</span>
          <h1 className="govuk-heading-l">{d.thread.title}</h1>
          <p className="app-tags govuk-!-margin-bottom-4">
            {d.space.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : null}
            {d.thread.acceptedPostId ? <strong className="govuk-tag govuk-tag--green">Answered</strong> : null}
            {d.thread.isPinned ? <strong className="govuk-tag govuk-tag--purple">Pinned</strong> : null}
            {d.isLocked ? <strong className="govuk-tag govuk-tag--grey">Locked</strong> : null}
            {d.serviceAreas.map((a) => <strong key={a.slug} className="govuk-tag govuk-tag--grey">{a.name}</strong>)}
          </p>
          {d.thread.isDemo ? (
            <div className="govuk-inset-text">This is a demo thread. The people, organisations' words and events in it are fictional.</div>
          ) : null}
          {d.partnerships.length > 0 ? (
            <p className="govuk-body">About: {d.partnerships.map((p, i) => <span key={p.slug}>{i > 0 ? ", " : ""}<Link className="govuk-link" to={`/partnerships/${p.slug}`}>{p.name}</Link></span>)}</p>
          ) : null}
          {d.firstUnread && d.page !== Math.ceil(d.firstUnread / 25) ? (
            <p className="govuk-body"><Link className="govuk-link" to={`${base}?unread=1`}>Jump to the first unread post</Link></p>
          ) : null}

          {question ? <Post post={question} permissions={{ ...permissions, isAccepted: false }} variant="question" /> : null}
          {d.accepted && d.page === 1 ? (
            <section aria-labelledby="accepted-heading">
              <h2 className="govuk-heading-m" id="accepted-heading">Accepted answer</h2>
              <Post post={d.accepted} permissions={{ ...permissions, isAccepted: true }} variant="accepted" />
            </section>
          ) : null}

          <h2 className="govuk-heading-m">{d.postCount - 1 === 1 ? "1 reply" : `${d.postCount - 1} replies`}</h2>
          {replies.length === 0 && d.page === 1 ? <p className="govuk-body">No replies yet.</p> : null}
          {replies.map((p) => p ? <Post key={p.id} post={p} permissions={{ ...permissions, isAccepted: p.id === d.thread.acceptedPostId }} /> : null)}
          <Pager page={d.page} totalPages={d.pages} />

          {d.mayReply ? (
            <section aria-labelledby="reply-heading" id="reply">
              <h2 className="govuk-heading-m" id="reply-heading">Your reply</h2>
              {d.isLocked ? <div className="govuk-inset-text">This thread is locked. As a moderator you can still reply.</div> : null}
              <Form method="post" action={`${base}?page=${d.pages}`} noValidate>
                <input type="hidden" name="submissionKey" value={d.submissionKey} />
                <MarkdownField name="body" label="Reply" errors={errors} defaultValue={actionData?.body ?? d.quote} previewHtml={actionData?.preview} rows={8} />
                <div className="govuk-button-group">
                  <button type="submit" name="intent" value="reply" className="govuk-button">Post reply</button>
                  <button type="submit" name="intent" value="preview" className="govuk-button govuk-button--secondary">Preview</button>
                </div>
              </Form>
            </section>
          ) : d.isLocked ? (
            <div className="govuk-inset-text">This thread is locked: no new replies can be added.</div>
          ) : null}
        </div>
        <div className="govuk-grid-column-one-third">
          <aside aria-labelledby="thread-tools">
            <h2 className="govuk-heading-s" id="thread-tools">This thread</h2>
            <p className="app-meta">Started {formatDateTime(d.thread.createdAt)}</p>
            <Form method="post">
              <input type="hidden" name="intent" value={d.isWatching ? "unwatch" : "watch"} />
              <button type="submit" className="govuk-button govuk-button--secondary">{d.isWatching ? "Stop watching" : "Watch this thread"}</button>
            </Form>
            <p className="app-meta">{d.isWatching ? "You are told about new replies." : "Watch to be told about new replies."}</p>
            {d.mayModerate ? (
              <>
                <h2 className="govuk-heading-s">Moderation</h2>
                <div className="govuk-button-group">
                  <Form method="post"><input type="hidden" name="intent" value={d.isLocked ? "unlock" : "lock"} /><button type="submit" className="govuk-button govuk-button--secondary">{d.isLocked ? "Unlock" : "Lock"}</button></Form>
                  <Form method="post"><input type="hidden" name="intent" value={d.thread.isPinned ? "unpin" : "pin"} /><button type="submit" className="govuk-button govuk-button--secondary">{d.thread.isPinned ? "Unpin" : "Pin"}</button></Form>
                </div>
                <p className="govuk-body"><Link className="govuk-link" to={`/moderation/threads/${d.thread.id}/move`}>Move to another space</Link></p>
              </>
            ) : null}
          </aside>
        </div>
      </div>
    </>
  );
}
