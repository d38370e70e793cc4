import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { ErrorSummary } from "~/components/form";
import { TemplateDetailFields } from "~/components/template-fields";
import type { FieldErrors } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { requestMeta } from "~/lib/request.server";
import { DETAIL_PROBLEMS, parseDetails, type DetailValues } from "~/forms/template-input.server";
import { getEditableTemplate, templateEditPage, updateTemplateDetails } from "~/models/templates.server";

export const handle = titled<{ template: { title: string } }>((d) => `Edit details of ${d.template.title}`);

const ORDER = ["title", "summary", "category", "serviceAreas", "audience", "licence", "partnerships"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = templateEditPage(member, parseId(params.id));
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

type ActionData = { errors: FieldErrors; values: DetailValues };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  // Hidden and forbidden look the same.
  const t = getEditableTemplate(member, parseId(params.id));
  if (!t) throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  const text = (n: string) => (typeof form.get(n) === "string" ? (form.get(n) as string) : "");
  const { values, details, errors } = parseDetails(text, (n) => form.getAll(n).filter((v): v is string => typeof v === "string"));
  if (!details) return data<ActionData>({ errors, values }, { status: 400 });
  const result = updateTemplateDetails(member, t.id, details, requestMeta(request, context).ip);
  if (!result.ok) {
    if (result.reason === "not_found" || result.reason === "forbidden") throw new Response("Not found", { status: 404 });
    const [field, message] = DETAIL_PROBLEMS[result.reason]!;
    return data<ActionData>({ errors: { [field]: message }, values }, { status: 400 });
  }
  return redirect(`/library/${t.id}`);
}

export default function EditTemplatePage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const errors = actionData?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/library", label: "Template library" }, { to: `/library/${d.template.id}`, label: d.template.title }]} />
        <ErrorSummary errors={errors} order={ORDER} />
        <h1 className="govuk-heading-l">Edit details</h1>
        <p className="govuk-body">To change the file, <AppLink className="govuk-link" to={`/library/${d.template.id}/versions/new`}>add a new version</AppLink> instead.</p>
        <Form method="post" noValidate>
          <TemplateDetailFields values={actionData?.values ?? d.values} errors={errors} categories={d.categories} areas={d.areas} partnerships={d.partnerships} may={d.may} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button">Save details</button>
            <AppLink className="govuk-link" to={`/library/${d.template.id}`}>Cancel</AppLink>
          </div>
        </Form>
      </div>
    </div>
  );
}
