import { formatDateTime } from "./dates";
import type { AppLoadContext } from "@remix-run/node";
import { htmlPart } from "./held-html";
import { html, trusted, type SafeHtml } from "./html.server";

export type PostProps = {
  id: number;
  number: number;
  bodyHtml: string;
  createdAt: string | Date;
  editedAt: string | Date | null;
  deletedAt: string | Date | null;
  hiddenAt: string | Date | null;
  hiddenReason: string | null;
  helpfulCount: number;
  markedHelpful?: boolean;
  /** The reader has reported it already: the link becomes "Reported" (issue 14). */
  reportedByMe?: boolean;
  interest: string | null;
  author: { id: number; name: string; handle: string; jobTitle: string; organisationName: string; organisationSlug: string };
  /** From the model: only the author and moderators get a link to the earlier versions. */
  mayReadRevisions?: boolean;
  /** What the reader may do with this post, decided by the policy in the model; shown, never recomputed here. */
  may: { edit: boolean; delete: boolean; quote: boolean; markHelpful: boolean; flag: boolean; moderate: boolean; accept: boolean };
};

export type PostPermissions = {
  isAccepted: boolean;
  /** The last page's address with a `?…&` ready for `quote=`. */
  replyTo: string;
};

const INTEREST_LABELS: Record<string, string> = { bidding: "Declared: bidding", may_bid: "Declared: may bid", not_bidding: "Declared: not bidding" };

function actions(post: PostProps, permissions: PostPermissions, hidden: boolean) {
  const n = post.number;
  const helpful = !post.may.markHelpful
    ? null
    : post.markedHelpful
      ? html`<form method="post"><span>You marked this helpful </span><input type="hidden" name="intent" value="unhelpful"/><input type="hidden" name="postId" value="${post.id}"/><button type="submit" class="app-button-link">Undo<span class="govuk-visually-hidden"> your helpful mark (post ${n})</span></button></form>`
      : html`<form method="post"><input type="hidden" name="intent" value="helpful"/><input type="hidden" name="postId" value="${post.id}"/><button type="submit" class="app-button-link">Helpful<span class="govuk-visually-hidden"> (post ${n})</span></button></form>`;
  const flag = !post.may.flag
    ? null
    : post.reportedByMe
      ? html`<span>Reported<span class="govuk-visually-hidden"> by you: the moderators will look at it</span></span>`
      : html`<a data-app-link class="govuk-link" href="/posts/${post.id}/flag">Report<span class="govuk-visually-hidden"> post ${n}</span></a>`;
  return html`<div class="app-post__actions"><span>${post.helpfulCount === 1 ? "1 member found this helpful" : `${post.helpfulCount} members found this helpful`}</span>${helpful}${
    post.may.quote && html`<a class="govuk-link" href="${permissions.replyTo}quote=${post.id}#reply" data-quote-post="${post.id}">Quote<span class="govuk-visually-hidden"> post ${n}</span></a>`
  }${
    post.may.accept && !permissions.isAccepted && html`<form method="post"><input type="hidden" name="intent" value="accept"/><input type="hidden" name="postId" value="${post.id}"/><button type="submit" class="app-button-link">Accept this answer</button></form>`
  }${post.may.edit && html`<a data-app-link class="govuk-link" href="/posts/${post.id}/edit">Edit<span class="govuk-visually-hidden"> post ${n}</span></a>`}${flag}${
    post.may.moderate && html`<a data-app-link class="govuk-link" href="/posts/${post.id}/moderate">${hidden ? "Restore" : "Hide"}<span class="govuk-visually-hidden"> post ${n}</span></a>`
  }</div>`;
}

/**
 * One post as HTML: who wrote it, when, its body (sanitised when it was written), and what the
 * reader may do. Written as a string rather than rendered by React: a page of 25 posts was a
 * third of the thread page's CPU in React's render and the loader data's encoding (issue 13). The
 * browser never renders it either: it takes the HTML from the page, or after a navigation from the
 * loader data (`htmlPart`). Plain links and forms, so they work the same without JavaScript; with
 * it, links to pages carry AppLink's mark (`data-app-link`) and are followed in the browser, and
 * the forms make a full page load.
 */
export function postHtml(post: PostProps, permissions: PostPermissions, variant?: "question" | "accepted"): SafeHtml {
  const removed = Boolean(post.deletedAt);
  const hidden = Boolean(post.hiddenAt);
  const n = post.number;
  const body = trusted(post.bodyHtml);
  const content = removed
    ? html`<p class="app-post__removed">This post was removed by its author.</p>`
    : hidden
      ? html`<p class="app-post__removed">Hidden by a moderator${post.hiddenReason ? `: ${post.hiddenReason}` : "."}</p>${post.bodyHtml && html`<div class="app-post-body">${body}</div>`}`
      : html`<div class="app-post-body">${body}</div>`;
  const accepted = variant === "accepted" || (permissions.isAccepted && variant !== "question");
  return html`<article id="post-${n}" class="app-post${variant ? ` app-post--${variant}` : ""}" aria-labelledby="post-${n}-heading"><h3 class="govuk-visually-hidden" id="post-${n}-heading">${variant === "accepted" ? "Accepted answer" : `Post ${n}`} by ${post.author.name}</h3><p class="app-post__meta"><a data-app-link class="govuk-link app-post__author" href="/members/${post.author.handle}">${post.author.name}</a>${post.author.jobTitle ? `, ${post.author.jobTitle}` : ""}, <a data-app-link class="govuk-link" href="/organisations/${post.author.organisationSlug}">${post.author.organisationName}</a> · <a class="govuk-link" href="#post-${n}"><time datetime="${new Date(post.createdAt).toISOString()}">${formatDateTime(post.createdAt)}</time></a>${
    post.editedAt && html` · ${post.mayReadRevisions ? html`<a data-app-link class="govuk-link" href="/posts/${post.id}/revisions">edited</a>` : "edited"}`
  }${post.interest && html` · <strong class="govuk-tag govuk-tag--orange app-tag--nowrap">${INTEREST_LABELS[post.interest]}</strong>`}${
    accepted && html` · <strong class="govuk-tag govuk-tag--green">Accepted answer</strong>`
  }</p>${content}${!removed && variant !== "accepted" && actions(post, permissions, hidden)}</article>`;
}

/** Posts as HTML, in order, the accepted answer marked. */
export function postsHtml(posts: PostProps[], permissions: Omit<PostPermissions, "isAccepted">, acceptedPostId?: number | null) {
  return html`${posts.map((p) => postHtml(p, { ...permissions, isAccepted: p.id === acceptedPostId }))}`.text;
}

/**
 * A discussion page as its loader sends it: the posts as HTML (`htmlPart`) in place of their data.
 * `base` is the page's own address; `skipFirst` leaves out a thread's question on page 1, which
 * the thread page shows above the replies.
 */
export function withPostsHtml<V extends { posts: PostProps[]; page: number; pages: number }>(context: Pick<AppLoadContext, "heldHtml">, view: V, base: string, options: { acceptedPostId?: number | null; skipFirst?: boolean } = {}) {
  const { posts, ...rest } = view;
  const shown = options.skipFirst && view.page === 1 ? posts.slice(1) : posts;
  return { ...rest, posts: htmlPart(context, postsHtml(shown, { replyTo: replyTo(base, view.pages) }, options.acceptedPostId)) };
}

/**
 * A thread page's posts as its loader sends them: on page 1 the question, and the accepted answer
 * shown again below it, apart from the replies.
 */
export function threadPostsHtml<V extends { posts: PostProps[]; page: number; pages: number }>(context: Pick<AppLoadContext, "heldHtml">, view: V, accepted: PostProps | null, acceptedPostId: number | null, base: string) {
  const quoteTo = replyTo(base, view.pages);
  const first = view.page === 1 ? view.posts[0] : undefined;
  return {
    question: first ? htmlPart(context, postHtml(first, { replyTo: quoteTo, isAccepted: false }, "question").text) : null,
    accepted: accepted && view.page === 1 ? htmlPart(context, postHtml(accepted, { replyTo: quoteTo, isAccepted: true }, "accepted").text) : null,
    discussion: withPostsHtml(context, view, base, { acceptedPostId, skipFirst: true }),
  };
}

/** Where a post's Quote link goes: the last page, where the reply form is. */
function replyTo(base: string, pages: number) {
  return `${base}?page=${pages}&`;
}
