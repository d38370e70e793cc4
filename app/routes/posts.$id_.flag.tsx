// `$id_` keeps this page out of the /posts/:id route's layout: that route redirects to the post in its thread.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { redirectWithFlash } from "~/models/flash.server";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { requireMember } from "~/auth/member.server";
import { ErrorSummary, Radios, TextArea } from "~/components/form";
import { SummaryRow } from "~/components/summary-list";
import { formatDateTime } from "~/lib/dates";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { FLAG_DETAILS_MAX, FLAG_REASON_VALUES, FLAG_REASONS } from "~/lib/moderation";
import { flagPost, getPostToFlag } from "~/models/moderation.server";
import { parseId } from "~/lib/params";

export const handle = titled("Report a post");

const FIELDS = ["reason", "details"] as const;
const MESSAGES = {
  own: "You cannot report your own post. You can edit or remove it instead.",
  already: "You have already reported this post. A moderator will look at it.",
  hidden: "A moderator has already hidden this post.",
} as const;

const Report = z
  .object({
    reason: z.enum(FLAG_REASON_VALUES, { errorMap: () => ({ message: "Select why you are reporting this post" }) }),
    details: z.string().trim().max(FLAG_DETAILS_MAX, `Tell the moderators more in ${FLAG_DETAILS_MAX} characters or fewer`),
  })
  .refine((r) => r.reason !== "other" || r.details.length > 0, { path: ["details"], message: "Tell the moderators what is wrong with this post" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const post = getPostToFlag(member, parseId(params.id));
  if (!post) throw new Response("Not found", { status: 404 });
  return { post };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const id = parseId(params.id);
  const values = pickStrings(await request.formData(), FIELDS);
  const parsed = Report.safeParse(values);
  if (!parsed.success) {
    if (!getPostToFlag(member, id)) throw new Response("Not found", { status: 404 });
    return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const result = flagPost(member, id, parsed.data);
  if (result.ok) return redirectWithFlash(member, result.value.location, "Thank you. Your report is with the moderators, and you will be told what they decide.");
  switch (result.reason) {
    case "not_found":
      throw new Response("Not found", { status: 404 });
    case "invalid":
      return data({ errors: { details: "Tell the moderators what is wrong with this post" } as Record<string, string>, values }, { status: 400 });
    case "own":
      return data({ errors: { form: MESSAGES.own } as Record<string, string>, values }, { status: 403 });
    case "already":
    case "hidden":
      return data({ errors: { form: MESSAGES[result.reason] } as Record<string, string>, values }, { status: 409 });
  }
}

export default function FlagPost() {
  const { post } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const blocked = post.isOwn ? MESSAGES.own : post.alreadyFlagged ? MESSAGES.already : post.hiddenAt ? MESSAGES.hidden : null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <AppLink className="govuk-back-link" to={`/posts/${post.id}`}>Back to the post</AppLink>
        <ErrorSummary errors={errors} order={[...FIELDS]} />
        <span className="govuk-caption-l">{post.thread ? post.thread.title : "Post"}</span>
        <h1 className="govuk-heading-l">Report a post</h1>
        <dl className="govuk-summary-list">
          <SummaryRow label="Written by">
            {post.author.name}
            <span className="app-meta"> ({post.author.organisationName})</span>
          </SummaryRow>
          <SummaryRow label="Posted">{formatDateTime(post.createdAt)}</SummaryRow>
        </dl>
        {post.excerpt && !post.hiddenAt ? <div className="govuk-inset-text">{post.excerpt}</div> : null}
        {blocked ? (
          <>
            <p className="govuk-body govuk-!-font-weight-bold">{blocked}</p>
            <p className="govuk-body">
              <AppLink className="govuk-link" to={`/posts/${post.id}`}>Go back to the post</AppLink>
            </p>
          </>
        ) : (
          <>
            <p className="govuk-body">
              Moderators read every report. They can hide a post that breaks the terms of use. The author is not told who reported it.
            </p>
            <Form method="post" noValidate>
              <Radios
                name="reason"
                legend="Why are you reporting this post?"
                errors={errors}
                defaultValue={values.reason}
                options={FLAG_REASONS.map((r) => ({ value: r.value, label: r.label }))}
              />
              <TextArea
                name="details"
                label="Tell the moderators more"
                hint={`Required if you chose "Something else". At most ${FLAG_DETAILS_MAX} characters.`}
                errors={errors}
                defaultValue={values.details}
                rows={4}
              />
              <button type="submit" className="govuk-button" data-module="govuk-button">
                Report post
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
