import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { InterestField } from "~/components/discussion";
import { ErrorSummary } from "~/components/form";
import { MarkdownField } from "~/components/markdown-field";
import { parseInterest } from "~/forms/discussion-actions.server";
import { pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { BODY_MAX_CHARS, postBody } from "~/forms/post-input";
import { requestMeta } from "~/lib/request.server";
import { deleteOwnPost, editPost, getPostToEdit, previewPost } from "~/models/discussions.server";

export const handle = titled("Edit your post");

async function load(request: Request, idParam: string | undefined) {
  const member = await requireMember(request);
  const found = getPostToEdit(member, parseId(idParam));
  if (!found) throw new Response("Not found", { status: 404 });
  return { member, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found } = await load(request, params.id);
  return { postId: found.post.id, bodyMd: found.post.bodyMd, isOwn: found.isOwn, mayDelete: found.may.delete, mustDeclare: found.mustDeclare };
}

const DECLARE = {
  edit: "Declare your organisation's interest in this procurement before editing your post",
  remove: "Declare your organisation's interest in this procurement before removing your post",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { member, found } = await load(request, params.id);
  const values = pickStrings(await request.formData(), ["intent", "body", "interest", "removeInterest"]);
  const keep = { body: values.body ?? "", interest: values.interest ?? "", removeInterest: values.removeInterest ?? "" };
  if (values.intent === "preview") {
    const shown = previewPost((values.body ?? "").slice(0, BODY_MAX_CHARS));
    if (shown.problem !== null) return data({ errors: { body: shown.problem }, ...keep, preview: null }, { status: 400 });
    return { errors: undefined, ...keep, preview: shown.html };
  }
  if (values.intent === "delete") {
    const result = deleteOwnPost(member, found.post.id, parseInterest(values.removeInterest));
    if (!result.ok && result.reason === "declaration_required") return data({ errors: { removeInterest: DECLARE.remove }, ...keep, preview: null }, { status: 400 });
    if (!result.ok) return data({ errors: { body: "You cannot remove the first post of a thread that has replies." }, ...keep, preview: null }, { status: 403 });
    return redirect(`/posts/${found.post.id}`);
  }
  const parsed = postBody.safeParse(values.body ?? "");
  if (!parsed.success) return data({ errors: { body: parsed.error.issues[0]!.message }, ...keep, preview: null }, { status: 400 });
  const result = editPost(member, found.post.id, parsed.data, requestMeta(request, context).ip, parseInterest(values.interest));
  if (!result.ok) {
    if (result.reason === "declaration_required") return data({ errors: { interest: DECLARE.edit }, ...keep, preview: null }, { status: 400 });
    if (result.reason === "locked") return data({ errors: { body: "This thread is locked: posts in it cannot be edited." }, ...keep, preview: null }, { status: 403 });
    throw new Response("Not found", { status: 404 });
  }
  return redirect(`/posts/${found.post.id}`);
}

export default function EditPost() {
  const { postId, bodyMd, isOwn, mayDelete, mustDeclare } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{isOwn ? "Edit your post" : "Edit this post as a moderator"}</h1>
        <p className="govuk-body">The earlier text is kept, and readers can see that the post was edited.</p>
        <Form method="post" noValidate>
          {mustDeclare ? <InterestField action="edit" errors={errors} defaultValue={actionData?.interest} /> : null}
          <MarkdownField name="body" label="Post" errors={errors} defaultValue={actionData?.body ?? bodyMd} previewHtml={actionData?.preview} rows={12} />
          <div className="govuk-button-group">
            <button type="submit" name="intent" value="save" className="govuk-button">Save changes</button>
            <button type="submit" name="intent" value="preview" className="govuk-button govuk-button--secondary">Preview</button>
            <AppLink className="govuk-link" to={`/posts/${postId}`}>Cancel</AppLink>
          </div>
        </Form>
        {mayDelete ? (
          <Form method="post" noValidate>
            <h2 className="govuk-heading-m">Remove this post</h2>
            <p className="govuk-body">It will show as removed. Moderators can still see what it said.</p>
            {mustDeclare ? <InterestField name="removeInterest" action="remove" errors={errors} defaultValue={actionData?.removeInterest} /> : null}
            <button type="submit" name="intent" value="delete" className="govuk-button govuk-button--warning">Remove post</button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
