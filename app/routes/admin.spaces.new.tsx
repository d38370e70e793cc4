import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireAdministrator } from "~/auth/member.server";
import { ErrorSummary } from "~/components/form";
import { SpaceFormFields } from "~/components/space-form";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { SPACE_FIELDS, SPACE_PROBLEM_ERRORS, SpaceForm } from "~/forms/space-form";
import { createSpace, nextSpacePosition } from "~/models/spaces.server";

export const handle = titled("Create a space");

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const position = nextSpacePosition(admin);
  if (position === null) throw new Response("Not found", { status: 404 });
  return { position };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  const values = pickStrings(await request.formData(), SPACE_FIELDS);
  const parsed = SpaceForm.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = createSpace(admin, parsed.data, requestMeta(request, context).ip);
  if (!result.ok) {
    if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
    return data({ errors: { ...SPACE_PROBLEM_ERRORS[result.reason] } as Record<string, string>, values }, { status: 400 });
  }
  return redirect("/admin/spaces?done=created");
}

export default function NewSpace() {
  const { position } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values ?? { name: "", slug: "", description: "", audience: "", position: String(position), archived: "" };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <AppLink className="govuk-back-link" to="/admin/spaces">Spaces</AppLink>
        <ErrorSummary errors={errors} order={[...SPACE_FIELDS]} />
        <span className="govuk-caption-l">Administration</span>
        <h1 className="govuk-heading-l">Create a space</h1>
        <SpaceFormFields values={values} errors={errors} submitLabel="Create space" />
      </div>
    </div>
  );
}
