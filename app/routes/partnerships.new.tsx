import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { ErrorSummary } from "~/components/form";
import { PARTNERSHIP_FIELD_ORDER, PartnershipFields, type PartnershipFormState } from "~/components/partnership-form";
import { titled } from "~/lib/meta";
import { parsePartnershipForm } from "~/forms/partnership-form.server";
import { createPartnership, mayCreatePartnership, newPartnershipPage } from "~/models/partnerships/index.server";

export const handle = titled("Add a partnership");

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = newPartnershipPage(member);
  if (!page) throw new Response("Suppliers cannot add partnerships to the registry. Suggest a correction on a partnership's page instead.", { status: 403 });
  return {
    ...page,
    // A force member's own force is ticked to start with, so they can keep the entry up to date.
    defaults: { status: "unknown", forces: member.organisationKind === "force" ? [member.organisationSlug] : [] } as PartnershipFormState,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const member = await requireMember(request);
  if (!mayCreatePartnership(member)) throw new Response("Suppliers cannot add partnerships to the registry.", { status: 403 });
  const { values, parsed } = parsePartnershipForm(await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = createPartnership(member, parsed.fields);
  if (!result.ok) {
    if (result.reason === "invalid") return data({ errors: result.errors, values }, { status: 400 });
    throw new Response("You cannot add partnerships to the registry.", { status: 403 });
  }
  return redirect(`/partnerships/${result.value.slug}?created=1`);
}

export default function NewPartnership() {
  const { types, areas, forces, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? defaults) as PartnershipFormState;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }]} />
        <ErrorSummary errors={errors} order={PARTNERSHIP_FIELD_ORDER} />
        <h1 className="govuk-heading-l">Add a partnership</h1>
        <p className="govuk-body">
          Give the facts as the public sources state them, and leave a fact empty when no source gives it: the registry says &ldquo;Not known&rdquo; rather than guess. You can add savings figures, events and sources once the partnership is saved.
        </p>
        <p className="govuk-body">
          Already published on Contracts Finder or Find a Tender? <AppLink className="govuk-link" to="/partnerships/new/import">Add it from its published notices (OCDS)</AppLink>.
        </p>
        <Form method="post" noValidate>
          <PartnershipFields values={values} errors={errors} types={types} areas={areas} forces={forces} />
          <button type="submit" className="govuk-button">
            Add the partnership
          </button>
        </Form>
      </div>
    </div>
  );
}
