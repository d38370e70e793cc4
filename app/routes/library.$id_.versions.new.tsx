import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { ErrorSummary, TextInput } from "~/components/form";
import { FileField, formatBytes } from "~/components/template-fields";
import type { FieldErrors } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { takeToken } from "~/lib/rate-limit.server";
import { parseId } from "~/lib/params";
import { uploadMaxBytes } from "~/lib/storage.server";
import { Changelog } from "~/forms/template-input.server";
import { prepareStoredFile, type PreparedFile } from "~/lib/template-preview.server";
import { firstValue, parseUploadForm, uploadProblem } from "~/forms/upload-form.server";
import { addTemplateVersion, getEditableTemplate, newVersionPage, releaseUpload } from "~/models/templates.server";
import { redirectWithFlash } from "~/models/flash.server";

export const handle = titled<{ template: { title: string } }>((d) => `Add a new version of ${d.template.title}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = newVersionPage(member, parseId(params.id));
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, maxSize: formatBytes(uploadMaxBytes()) };
}

type ActionData = { errors: FieldErrors; values: { changelog: string }; chosen: string | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  // Checked before the body is read, so a flood of uploads is refused without touching the disk.
  if (!takeToken("upload", requestMeta(request, context).ip)) throw new Response("Too many uploads from your network. Wait an hour and try again.", { status: 429 });
  const t = getEditableTemplate(member, parseId(params.id));
  if (!t) throw new Response("Not found", { status: 404 });
  const upload = await parseUploadForm(request);
  try {
    const errors: FieldErrors = {};
    const values = { changelog: firstValue(upload, "changelog") };
    const changelog = Changelog.safeParse(values.changelog);
    if (!changelog.success) errors.changelog = changelog.error.issues[0]!.message;
    let status = 400;
    let prepared: PreparedFile | null = null;
    const problem = uploadProblem(upload);
    if (problem) {
      errors.file = problem.message;
      status = problem.status;
    } else if (upload.file.status === "saved") {
      const result = await prepareStoredFile(upload.file, upload.file.clientFilename);
      if (result.ok) prepared = result.file;
      else errors.file = result.problem.message;
    }
    const chosen = upload.file.status === "saved" && prepared ? upload.file.clientFilename : null;
    if (!prepared || !changelog.success || Object.keys(errors).length > 0) return data<ActionData>({ errors, values, chosen }, { status });
    const added = addTemplateVersion(member, t.id, prepared, changelog.data);
    if (!added.ok) throw new Response("Not found", { status: 404 });
    return redirectWithFlash(member, `/library/${t.id}`, "The new version is added. Earlier versions stay listed with their changelog.");
  } finally {
    if (upload.file.status === "saved") releaseUpload(upload.file.sha256);
  }
}

export default function NewVersionPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const errors = actionData?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/library", label: "Template library" }, { to: `/library/${d.template.id}`, label: d.template.title }]} />
        <ErrorSummary errors={errors} order={["file", "changelog"]} />
        <span className="govuk-caption-l">{d.template.title}</span>
        <h1 className="govuk-heading-l">Add a new version</h1>
        <p className="govuk-body">{`This will be version ${d.template.latestVersion + 1}, and the default download. Earlier versions stay available.`}</p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <FileField errors={errors} chosen={actionData?.chosen} hint={`Word, Excel, PowerPoint, OpenDocument, PDF, CSV, Markdown or plain text, up to ${d.maxSize}.`} />
          <TextInput name="changelog" label="What changed" hint="For example “Added service credits for 101 calls”. Up to 500 characters." errors={errors} defaultValue={actionData?.values.changelog} maxLength={600} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button">Publish version</button>
            <AppLink className="govuk-link" to={`/library/${d.template.id}`}>Cancel</AppLink>
          </div>
        </Form>
      </div>
    </div>
  );
}
