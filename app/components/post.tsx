
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
  replyTo: string;
};

const INTEREST_LABELS: Record<string, string> = { bidding: "Declared: bidding", may_bid: "Declared: may bid", not_bidding: "Declared: not bidding" };

/**
 * One post: who wrote it, when, its safe HTML (rendered at write time), and what the reader may do.
 * Plain links and forms, not the router's: a page of 25 posts has hundreds of them, and the
 * router-aware ones cost several milliseconds per page to render; these work the same without
 * JavaScript and make a full page load with it.
 */
export function Post({ post, permissions, variant }: { post: PostProps; permissions: PostPermissions; variant?: "question" | "accepted" }) {
  const removed = Boolean(post.deletedAt);
  const hidden = Boolean(post.hiddenAt);
  const headingId = `post-${post.number}-heading`;
  return (
    <article id={`post-${post.number}`} className={`app-post${variant ? ` app-post--${variant}` : ""}`} aria-labelledby={headingId}>
      <h3 className="govuk-visually-hidden" id={headingId}>
        {variant === "accepted" ? "Accepted answer" : `Post ${post.number}`} by {post.author.name}
      </h3>
      <p className="app-post__meta">
        <a className="govuk-link app-post__author" href={`/members/${post.author.handle}`}>{post.author.name}</a>
        {post.author.jobTitle ? `, ${post.author.jobTitle}` : ""}, <a className="govuk-link" href={`/organisations/${post.author.organisationSlug}`}>{post.author.organisationName}</a>
        {" · "}
        <a className="govuk-link" href={`#post-${post.number}`}><time dateTime={new Date(post.createdAt).toISOString()}>{formatDateTime(post.createdAt)}</time></a>
        {post.editedAt ? <> · {post.mayReadRevisions ? <a className="govuk-link" href={`/posts/${post.id}/revisions`}>edited</a> : "edited"}</> : null}
        {post.interest ? <> · <strong className="govuk-tag govuk-tag--orange app-tag--nowrap">{INTEREST_LABELS[post.interest]}</strong></> : null}
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
          {post.may.markHelpful ? (
            post.markedHelpful ? (
              <form method="post">
                <span>You marked this helpful </span>
                <input type="hidden" name="intent" value="unhelpful" />
                <input type="hidden" name="postId" value={post.id} />
                <button type="submit" className="app-button-link">Undo<span className="govuk-visually-hidden"> your helpful mark (post {post.number})</span></button>
              </form>
            ) : (
              <form method="post">
                <input type="hidden" name="intent" value="helpful" />
                <input type="hidden" name="postId" value={post.id} />
                <button type="submit" className="app-button-link">Helpful<span className="govuk-visually-hidden"> (post {post.number})</span></button>
              </form>
            )
          ) : null}
          {post.may.quote ? <a className="govuk-link" href={`${permissions.replyTo}quote=${post.id}#reply`} data-quote-post={post.id}>Quote<span className="govuk-visually-hidden"> post {post.number}</span></a> : null}
          {post.may.accept && !permissions.isAccepted ? (
            <form method="post">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="postId" value={post.id} />
              <button type="submit" className="app-button-link">Accept this answer</button>
            </form>
          ) : null}
          {post.may.edit ? <a className="govuk-link" href={`/posts/${post.id}/edit`}>Edit<span className="govuk-visually-hidden"> post {post.number}</span></a> : null}
          {post.may.flag ? (
            post.reportedByMe ? <span>Reported<span className="govuk-visually-hidden"> by you: the moderators will look at it</span></span> : <a className="govuk-link" href={`/posts/${post.id}/flag`}>Report<span className="govuk-visually-hidden"> post {post.number}</span></a>
          ) : null}
          {post.may.moderate ? <a className="govuk-link" href={`/posts/${post.id}/moderate`}>{hidden ? "Restore" : "Hide"}<span className="govuk-visually-hidden"> post {post.number}</span></a> : null}
        </div>
      ) : null}
    </article>
  );
}
