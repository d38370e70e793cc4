import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import type { Member } from "~/auth/policy/index.server";
import { ErrorSummary, TextArea } from "~/components/form";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { CORRECTION_MAX } from "~/lib/partnership-fields";
import { CorrectionSchema } from "~/forms/partnership-form.server";
import { requestMeta } from "~/lib/request.server";
import { CORRECTIONS_PER_DAY, readPartnership, suggestCorrection } from "~/models/partnerships/index.server";

export const handle = titled<{ partnership: { name: string } }>((d) => `Suggest a correction: ${d.partnership.name}`);

function load(member: Member, slug: string | undefined) {
  const found = readPartnership(member, slug ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const { partnership: p, may } = load(member, params.slug);
  return { partnership: { slug: p.slug, name: p.name }, mayEdit: may.edit, maxLength: CORRECTION_MAX };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const { partnership: p } = load(member, params.slug);
  const values = pickStrings(await request.formData(), ["text"]);
  const parsed = CorrectionSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = await suggestCorrection(member, p.slug, parsed.data.text, requestMeta(request, context).ip);
  if (!result.ok) {
    if (result.reason === "editor") return redirect(`/partnerships/${p.slug}/edit`);
    if (result.reason === "too_many")
      return data({ errors: { text: `You have suggested ${CORRECTIONS_PER_DAY} corrections today, the most for one day. Try again tomorrow; what you wrote is below.` }, values }, { status: 429 });
    throw new Response("Not found", { status: 404 });
  }
  return redirect(`/partnerships/${p.slug}?correction=sent`);
}

export default function SuggestCorrection() {
  const { partnership: p, mayEdit, maxLength } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }, { to: `/partnerships/${p.slug}`, label: p.name }]} />
        <ErrorSummary errors={errors} />
        {mayEdit ? (
          <>
            <h1 className="govuk-heading-l">You can edit this partnership</h1>
            <p className="govuk-body">
              You are on the policing side of one of its organisations, so you can correct it yourself: <AppLink className="govuk-link" to={`/partnerships/${p.slug}/edit`}>edit {p.name}</AppLink>. Your change is kept in its history.
            </p>
          </>
        ) : (
          <>
            <span className="govuk-caption-l">{p.name}</span>
            <h1 className="govuk-heading-l">Suggest a correction</h1>
            <p className="govuk-body">
              Tell the administrators what is wrong or missing, and where the right figure or date is published. They will check it and correct the registry. Suppliers cannot edit the registry directly, so that its facts stay the policing side&apos;s account, checked against sources.
            </p>
            <Form method="post" noValidate>
              <TextArea
                name="text"
                label="Your correction"
                hint={`What should change, and your source. Between 10 and ${maxLength} characters.`}
                errors={errors}
                defaultValue={actionData?.values?.text}
                rows={8}
              />
              <button type="submit" className="govuk-button">
                Send to the administrators
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
