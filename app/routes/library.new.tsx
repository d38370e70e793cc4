import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/member.server";
import { ErrorSummary, TextInput } from "~/components/form";
import { FileField, formatBytes, TemplateDetailFields } from "~/components/template-fields";
import type { FieldErrors } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { takeToken } from "~/lib/rate-limit.server";
import { uploadMaxBytes } from "~/lib/storage.server";
import { Changelog, DETAIL_PROBLEMS, parseDetails, type DetailValues } from "~/forms/template-input.server";
import { prepareStoredFile, type PreparedFile } from "~/lib/template-preview.server";
import { firstValue, parseUploadForm, uploadProblem } from "~/forms/upload-form.server";
import { createTemplate, newTemplatePage, releaseUpload } from "~/models/templates.server";
import { redirectWithFlash } from "~/models/flash.server";

export const handle = titled("Add a template");

const ORDER = ["title", "summary", "category", "serviceAreas", "audience", "licence", "partnerships", "file", "changelog"];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  return { ...newTemplatePage(member), maxSize: formatBytes(uploadMaxBytes()) };
}

type ActionData = { errors: FieldErrors; values: DetailValues; chosen: string | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  // Checked before the body is read, so a flood of uploads is refused without touching the disk.
  if (!takeToken("upload", requestMeta(request, context).ip)) throw new Response("Too many uploads from your network. Wait an hour and try again.", { status: 429 });
  const upload = await parseUploadForm(request);
  try {
    const { values, details, errors } = parseDetails(
      (n) => firstValue(upload, n),
      (n) => upload.values.get(n) ?? [],
    );
    const changelogText = firstValue(upload, "changelog").trim() || "First version";
    const changelog = Changelog.safeParse(changelogText);
    if (!changelog.success) errors.changelog = changelog.error.issues[0]!.message;
    const kept: DetailValues = { ...values, changelog: firstValue(upload, "changelog") };
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
    if (!details || !prepared || !changelog.success || Object.keys(errors).length > 0) return data<ActionData>({ errors, values: kept, chosen }, { status });
    const created = createTemplate(member, details, prepared, changelog.data);
    if (!created.ok) {
      if (created.reason === "not_found" || created.reason === "forbidden") throw new Response("Not found", { status: 404 });
      const [field, message] = DETAIL_PROBLEMS[created.reason]!;
      return data<ActionData>({ errors: { [field]: message }, values: kept, chosen }, { status: 400 });
    }
    return redirectWithFlash(member, `/library/${created.value.id}`, "Your template is in the library.");
  } finally {
    // Whatever happened, a stored file no version uses is removed: nothing half-stored.
    if (upload.file.status === "saved") releaseUpload(upload.file.sha256);
  }
}

export default function NewTemplatePage() {
  const { categories, areas, partnerships, may, maxSize } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const errors = actionData?.errors;
  const values = actionData?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/library", label: "Template library" }]} />
        <ErrorSummary errors={errors} order={ORDER} />
        <h1 className="govuk-heading-l">Add a template</h1>
        <p className="govuk-body">Share a document others can reuse: a specification, evaluation criteria, a contract schedule or a business case.</p>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Remove personal data and anything commercially confidential, such as a supplier’s prices, before you upload.
          </strong>
        </div>
        <Form method="post" encType="multipart/form-data" noValidate>
          <TemplateDetailFields values={values ?? { licence: "ogl" }} errors={errors} categories={categories} areas={areas} partnerships={partnerships} may={may} />
          <FileField errors={errors} chosen={actionData?.chosen} hint={`Word, Excel, PowerPoint, OpenDocument, PDF, CSV, Markdown or plain text, up to ${maxSize}.`} />
          <TextInput name="changelog" label="Version note" hint="What this version is, shown in the list of versions." errors={errors} defaultValue={values?.changelog ?? "First version"} maxLength={600} />
          <button type="submit" className="govuk-button">
            Publish template
          </button>
        </Form>
      </div>
    </div>
  );
}
