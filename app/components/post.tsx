import { Form, Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/dates";

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
  interest: string | null;
  author: { id: number; name: string; handle: string; jobTitle: string; organisationName: string; organisationSlug: string };
};

export type PostPermissions = {
  memberId: number;
  mayReply: boolean;
  mayAccept: boolean;
  mayModerate: boolean;
  isAccepted: boolean;
  replyTo: string;
};

const INTEREST_LABELS: Record<string, string> = { bidding: "Declared: bidding", may_bid: "Declared: may bid", not_bidding: "Declared: not bidding" };

/** One post: who wrote it, when, its safe HTML (rendered at write time), and what the reader may do. */
export function Post({ post, permissions, variant }: { post: PostProps; permissions: PostPermissions; variant?: "question" | "accepted" }) {
  const isOwn = post.author.id === permissions.memberId;
  const removed = Boolean(post.deletedAt);
  const hidden = Boolean(post.hiddenAt);
  const headingId = `post-${post.number}-heading`;
  return (
    <article id={`post-${post.number}`} className={`app-post${variant ? ` app-post--${variant}` : ""}`} aria-labelledby={headingId}>
      <h3 className="govuk-visually-hidden" id={headingId}>
        {variant === "accepted" ? "Accepted answer" : `Post ${post.number}`} by {post.author.name}
      </h3>
      <p className="app-post__meta">
        <Link className="govuk-link app-post__author" to={`/members/${post.author.handle}`}>{post.author.name}</Link>
        {post.author.jobTitle ? `, ${post.author.jobTitle}` : ""}, <Link className="govuk-link" to={`/organisations/${post.author.organisationSlug}`}>{post.author.organisationName}</Link>
        {" · "}
        <a className="govuk-link" href={`#post-${post.number}`}><time dateTime={new Date(post.createdAt).toISOString()}>{formatDateTime(post.createdAt)}</time></a>
        {post.editedAt ? <> · <Link className="govuk-link" to={`/posts/${post.id}/revisions`}>edited</Link></> : null}
        {post.interest ? <> · <strong className="govuk-tag govuk-tag--orange">{INTEREST_LABELS[post.interest]}</strong></> : null}
        {variant === "accepted" || (permissions.isAccepted && variant !== "question") ? <> · <strong className="govuk-tag govuk-tag--green">Accepted answer</strong></> : null}
      </p>
      {removed ? (
        <p className="app-post__removed">This post was removed by its author.</p>
      ) : hidden ? (
        <>
          <p className="app-post__removed">Hidden by a moderator{post.hiddenReason ? `: ${post.hiddenReason}` : "."}</p>
          {post.bodyHtml ? <div className="app-post-body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} /> : null}
        </>
      ) : (
        /* Safe: sanitised by the Markdown pipeline when the post was written. */
        <div className="app-post-body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
      )}
      {!removed && variant !== "accepted" ? (
        <div className="app-post__actions">
          <span>{post.helpfulCount === 1 ? "1 member found this helpful" : `${post.helpfulCount} members found this helpful`}</span>
          {!isOwn && !hidden ? (
            post.markedHelpful ? <span>You marked this helpful</span> : (
              <Form method="post">
                <input type="hidden" name="intent" value="helpful" />
                <input type="hidden" name="postId" value={post.id} />
                <button type="submit" className="app-button-link">Helpful<span className="govuk-visually-hidden"> (post {post.number})</span></button>
              </Form>
            )
          ) : null}
          {permissions.mayReply && !hidden ? <Link className="govuk-link" to={`${permissions.replyTo}quote=${post.id}#reply`}>Quote<span className="govuk-visually-hidden"> post {post.number}</span></Link> : null}
          {permissions.mayAccept && post.number > 1 && !permissions.isAccepted && !hidden ? (
            <Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="postId" value={post.id} />
              <button type="submit" className="app-button-link">Accept this answer</button>
            </Form>
          ) : null}
          {isOwn && !hidden ? <Link className="govuk-link" to={`/posts/${post.id}/edit`}>Edit<span className="govuk-visually-hidden"> your post {post.number}</span></Link> : null}
          {!isOwn ? <Link className="govuk-link" to={`/posts/${post.id}/flag`}>Report<span className="govuk-visually-hidden"> post {post.number}</span></Link> : null}
          {permissions.mayModerate ? <Link className="govuk-link" to={`/posts/${post.id}/moderate`}>{hidden ? "Restore" : "Hide"}<span className="govuk-visually-hidden"> post {post.number}</span></Link> : null}
        </div>
      ) : null}
    </article>
  );
}
