// `$id_` keeps this page out of the /posts/:id route's layout: that route redirects to the post in its thread.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { requireMember } from "~/auth/member.server";
import { ErrorSummary, TextArea } from "~/components/form";
import { SummaryRow } from "~/components/summary-list";
import { formatDateTime } from "~/lib/dates";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { HIDE_REASON_MAX } from "~/lib/moderation";
import { requestMeta } from "~/lib/request.server";
import { getPostToModerate, hidePost, restorePost } from "~/models/moderation.server";
import { parseId } from "~/lib/params";

export const handle = titled<{ post: { hiddenAt: unknown } } | undefined>((d) => (d?.post.hiddenAt ? "Restore a post" : "Hide a post"));

const Decision = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("hide"),
    reason: z.string().trim().min(1, "Enter the reason readers will see in place of the post").max(HIDE_REASON_MAX, `The reason must be ${HIDE_REASON_MAX} characters or fewer`),
  }),
  z.object({ intent: z.literal("restore") }),
]);

const CONFLICT = {
  already_hidden: "Another moderator has already hidden this post.",
  not_hidden: "This post is not hidden: another moderator may have restored it already.",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const post = getPostToModerate(member, parseId(params.id));
  if (!post) throw new Response("Not found", { status: 404 });
  return { post };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const id = parseId(params.id);
  if (!getPostToModerate(member, id)) throw new Response("Not found", { status: 404 });
  const values = pickStrings(await request.formData(), ["intent", "reason"]);
  if (values.intent !== "hide" && values.intent !== "restore")
    return data({ errors: { form: "Choose whether to hide or restore the post" } as Record<string, string>, values }, { status: 400 });
  const parsed = Decision.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const { ip } = requestMeta(request, context);
  const result = parsed.data.intent === "hide" ? hidePost(member, id, parsed.data.reason, ip) : restorePost(member, id, ip);
  if (result.ok) return redirect(`/posts/${id}`);
  switch (result.reason) {
    case "already_hidden":
    case "not_hidden":
      return data({ errors: { form: CONFLICT[result.reason] } as Record<string, string>, values }, { status: 409 });
    case "invalid":
      return data({ errors: { reason: "Enter the reason readers will see in place of the post" } as Record<string, string>, values }, { status: 400 });
    default:
      throw new Response("Not found", { status: 404 });
  }
}

export default function ModeratePost() {
  const { post } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const hidden = Boolean(post.hiddenAt);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <AppLink className="govuk-back-link" to={`/posts/${post.id}`}>Back to the post</AppLink>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">Moderation</span>
        <h1 className="govuk-heading-l">{hidden ? "Restore a post" : "Hide a post"}</h1>
        <dl className="govuk-summary-list">
          {post.thread ? (
            <SummaryRow label="Thread">
              <AppLink className="govuk-link" to={`/posts/${post.id}`}>{post.thread.title}</AppLink>
            </SummaryRow>
          ) : null}
          <SummaryRow label="Written by">
            {post.author.name}
            <span className="app-meta"> ({post.author.organisationName})</span>
          </SummaryRow>
          <SummaryRow label="Posted">{formatDateTime(post.createdAt)}</SummaryRow>
          <SummaryRow label="Seen by">{post.audience === "policing" ? "The policing side only" : "All members, suppliers included"}</SummaryRow>
          <SummaryRow label="Status">
            {post.isDeleted ? "Removed by its author. " : null}
            {hidden ? `Hidden by a moderator on ${formatDateTime(post.hiddenAt!)}. Readers see: "${post.hiddenReason ?? ""}"` : "Visible"}
          </SummaryRow>
          <SummaryRow label="Open reports">{post.openFlagCount === 0 ? "None" : post.openFlagCount}</SummaryRow>
        </dl>
        {post.bodyHtml ? (
          <>
            <h2 className="govuk-heading-m">What the post says</h2>
            {/* Sanitised when the post was written (app/lib/markdown.server.ts). */}
            <div className="app-post-body govuk-!-margin-bottom-6" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
          </>
        ) : null}
        {hidden ? (
          <Form method="post">
            <input type="hidden" name="intent" value="restore" />
            <p className="govuk-body">Restoring shows the post to its readers again{post.openFlagCount > 0 ? " and closes its open reports" : ""}. The audit log records it with your name.</p>
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Restore post
            </button>
          </Form>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="hide" />
            <TextArea
              name="reason"
              label="Reason for hiding it"
              hint={`Readers see this in place of the post, so do not repeat what it said. At most ${HIDE_REASON_MAX} characters.`}
              errors={errors}
              defaultValue={values.reason}
              rows={3}
            />
            <p className="govuk-body">
              Moderators can still read a hidden post, and can restore it.{post.openFlagCount > 0 ? " Hiding it closes its open reports." : ""} The audit log records it with your name.
            </p>
            <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
              Hide post
            </button>
          </Form>
        )}
      </div>
    </div>
  );
}
