import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import type { HtmlPart } from "~/lib/held-html";
import { useDraftAutosave, useQuoteAtCursor } from "./composer";
import { ErrorSummary, Radios } from "./form";
import { ServerHtml } from "./held-html";
import { MarkdownField } from "./markdown-field";
import { Pager } from "./pager";

export type DiscussionView = {
  /** The page's posts, as HTML built by `withPostsHtml` (app/lib/post-html.server.ts). */
  posts: HtmlPart;
  page: number;
  pages: number;
  mayModerate: boolean;
  mayReply: boolean;
  isLocked: boolean;
  mustDeclare: boolean;
  /** The member's remembered declaration for this procurement, so they are not asked again. */
  declared: string | null;
  quote: string;
  draft: string;
  discussionId: number;
  submissionKey: string;
};

type ActionData = { errors?: Record<string, string>; body?: string; interest?: string; preview?: string | null; unreachable?: string[]; draftSaved?: boolean } | undefined;

/**
 * Members the text mentions who may not read where it is posted: they will not be told. Shown
 * with the preview, and instead of posting the first time; the hidden field lets the next
 * press post it (issue 14).
 */
export function MentionWarning({ names }: { names?: string[] }) {
  if (!names || names.length === 0) return null;
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return (
    <>
      <div className="govuk-warning-text" id="mention-warning">
        <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          {who} will not be notified: this is policing only. Post anyway, or remove the mention.
        </strong>
      </div>
      <input type="hidden" name="mentionsChecked" value="yes" />
    </>
  );
}

const DECLARED_LABELS: Record<string, string> = { bidding: "bidding", may_bid: "may bid", not_bidding: "not bidding" };

/** The posts of a discussion page, then its pages. */
export function DiscussionPosts({ view }: { view: DiscussionView }) {
  return (
    <>
      <ServerHtml part={view.posts} id="posts" />
      <Pager page={view.page} totalPages={view.pages} />
    </>
  );
}

const INTEREST_OPTIONS = [
  { value: "bidding", label: "We are bidding" },
  { value: "may_bid", label: "We may bid" },
  { value: "not_bidding", label: "We are not bidding" },
];

/**
 * The interest declaration a live procurement needs from suppliers before they post, edit or
 * remove a post; `name` lets a page with two forms keep their fields apart.
 */
export function InterestField({ name = "interest", errors, defaultValue, action = "post" }: { name?: string; errors?: Record<string, string>; defaultValue?: string; action?: "post" | "edit" | "remove" }) {
  const hint = {
    post: "This is linked to a partnership in procurement. To keep the competition fair, suppliers declare whether they are bidding; your declaration is shown beside your post and recorded in the procurement's market engagement record.",
    edit: "This post is linked to a partnership in procurement. Your new text and your declaration are added to the procurement's market engagement record; the earlier text stays in it.",
    remove: "This post is linked to a partnership in procurement. The removal and your declaration are added to the procurement's market engagement record; what the post said stays in it.",
  }[action];
  return <Radios name={name} legend="Declare your organisation's interest" hint={hint} errors={errors} defaultValue={defaultValue} options={INTEREST_OPTIONS} />;
}

/**
 * The reply form: Markdown with preview, the member's draft, and the interest declaration a live
 * procurement needs from suppliers (asked once, then shown with "Change declaration"). Keyed by
 * its submission key, so a posted reply leaves an empty form with a new key; the button is
 * disabled while the reply is sent.
 */
export function ReplyForm(props: { view: DiscussionView; base: string; actionData: ActionData; label?: string }) {
  const { view } = props;
  if (!view.mayReply) return view.isLocked ? <div className="govuk-inset-text">This discussion is locked: no new replies can be added.</div> : null;
  return <ReplyComposer key={view.submissionKey} {...props} />;
}

function ReplyComposer({ view, base, actionData, label = "Your reply" }: { view: DiscussionView; base: string; actionData: ActionData; label?: string }) {
  const errors = actionData?.errors;
  const form = useRef<HTMLFormElement>(null);
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const sending = navigation.state !== "idle" && navigation.formData?.get("intent") === "reply";
  const autosaved = useDraftAutosave(form, { discussionId: String(view.discussionId) }, BODY_FIELDS);
  useQuoteAtCursor("body");
  const changing = params.get("declaration") === "change" || Boolean(errors?.interest);
  const body = actionData?.body ?? (view.quote ? `${view.draft}${view.draft && !view.draft.endsWith("\n") ? "\n\n" : ""}${view.quote}` : view.draft);
  return (
    <section aria-labelledby="reply-heading" id="reply">
      <h2 className="govuk-heading-m" id="reply-heading">{label}</h2>
      <ErrorSummary errors={errors} />
      {view.isLocked ? <div className="govuk-inset-text">This discussion is locked. As a moderator you can still reply.</div> : null}
      <Form method="post" action={`${base}?page=${view.pages}`} noValidate ref={form}>
        <input type="hidden" name="submissionKey" value={view.submissionKey} />
        {view.mustDeclare && view.declared && !changing ? (
          <p className="govuk-body">
            {`You declared: ${DECLARED_LABELS[view.declared]}`} <span aria-hidden="true">—</span>{" "}
            <a className="govuk-link" href={`${base}?page=${view.pages}&declaration=change#reply`}>Change declaration</a>
          </p>
        ) : view.mustDeclare ? (
          <InterestField errors={errors} defaultValue={actionData?.interest || view.declared || undefined} />
        ) : null}
        <MarkdownField name="body" label="Reply" errors={errors} defaultValue={body} previewHtml={actionData?.preview} rows={8} />
        <MentionWarning names={actionData?.unreachable} />
        <div className="govuk-button-group">
          <button type="submit" name="intent" value="reply" className="govuk-button" disabled={sending} aria-disabled={sending || undefined}>{sending ? "Posting…" : "Post reply"}</button>
          <button type="submit" name="intent" value="preview" className="govuk-button govuk-button--secondary">Preview</button>
          <button type="submit" name="intent" value="draft" className="govuk-button govuk-button--secondary">Save draft</button>
        </div>
        <p className="govuk-body-s app-draft-status" role="status">
          {actionData?.draftSaved ? <>Your draft is saved. <a className="govuk-link" href="/drafts">Your drafts</a></> : autosaved ? <>{autosaved}. <a className="govuk-link" href="/drafts">Your drafts</a></> : null}
        </p>
      </Form>
    </section>
  );
}

/**
 * Watch / Stop watching a space, a partnership or a service area: a plain form to the page's own
 * action, so it works without JavaScript; `where` says which threads ("in this space").
 */
export function TopicWatchForm({ isWatching, where }: { isWatching: boolean; where: string }) {
  return (
    <>
      <Form method="post">
        <input type="hidden" name="intent" value={isWatching ? "unwatch" : "watch"} />
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-1">
          {isWatching ? "Stop watching" : "Watch"}
          <span className="govuk-visually-hidden"> new threads {where}</span>
        </button>
      </Form>
      <p className="app-meta">{isWatching ? `You are told about each new thread ${where} that you can read.` : `Watch to be told about each new thread ${where}.`}</p>
    </>
  );
}
const BODY_FIELDS = ["body"];

export function WatchForm({ isWatching }: { isWatching: boolean }) {
  return (
    <>
      <Form method="post">
        <input type="hidden" name="intent" value={isWatching ? "unwatch" : "watch"} />
        <button type="submit" className="govuk-button govuk-button--secondary">{isWatching ? "Stop watching" : "Watch"}</button>
      </Form>
      <p className="app-meta">{isWatching ? "You are told about new replies." : "Watch to be told about new replies."}</p>
    </>
  );
}


