import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { requireAdministrator } from "~/auth/member.server";
import { Checkbox, ErrorSummary, Radios, SuccessNotice, TextArea, TextInput } from "~/components/form";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { ORGANISATION_KIND_LABELS } from "~/lib/labels";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { getOrganisation, updateOrganisation } from "~/models/organisations.server";
import { ORGANISATION_KINDS } from "~/lib/fixed-lists";
import { parseId } from "~/lib/params";

export const handle = titled<{ organisation: { name: string } } | undefined>((d) => (d ? `Edit ${d.organisation.name}` : "Edit organisation"));

const FIELDS = ["name", "kind", "confirmed", "domains"] as const;
/** A host name of two or more labels ending in letters: "cleveland.police.uk", not "@police.uk" or "localhost". */
const DOMAIN = /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/;
const MAX_DOMAINS = 50;

const OrganisationForm = z.object({
  name: z.string().trim().min(1, "Enter the organisation's name").max(120, "The name must be 120 characters or fewer"),
  kind: z.enum(ORGANISATION_KINDS, { errorMap: () => ({ message: "Select what kind of organisation it is" }) }),
  confirmed: z.string(),
  domains: z
    .string()
    .max(10_000, "Enter fewer domains")
    .transform((text, ctx) => {
      const domains: string[] = [];
      const lines = text.split(/\r?\n/);
      for (const [i, line] of lines.entries()) {
        const domain = line.trim().toLowerCase();
        if (!domain) continue;
        if (!DOMAIN.test(domain)) {
          ctx.addIssue({ code: "custom", message: `Line ${i + 1}, "${line.trim().slice(0, 80)}", is not a domain name. Enter one domain per line, like cleveland.police.uk` });
          return z.NEVER;
        }
        if (!domains.includes(domain)) domains.push(domain);
      }
      if (domains.length > MAX_DOMAINS) {
        ctx.addIssue({ code: "custom", message: `Enter ${MAX_DOMAINS} domains or fewer` });
        return z.NEVER;
      }
      return domains;
    }),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const organisation = getOrganisation(admin, parseId(params.id));
  if (!organisation) throw new Response("Not found", { status: 404 });
  return { organisation };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  const id = parseId(params.id);
  const values = pickStrings(await request.formData(), FIELDS);
  const parsed = OrganisationForm.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const f = parsed.data;
  const result = updateOrganisation(admin, {
    organisationId: id,
    ip: requestMeta(request, context).ip,
    name: f.name,
    kind: f.kind,
    isConfirmed: f.confirmed === "yes",
    domains: f.domains,
  });
  if (!result.ok) {
    if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
    return data(
      { errors: { domains: `${result.domain} is already a verified domain of ${result.ownerName}. Remove it there first, or remove it from this list` }, values },
      { status: 400 },
    );
  }
  return redirect(`/admin/organisations/${id}?done=${result.value.changed.length ? "saved" : "unchanged"}`);
}

export default function EditOrganisation() {
  const { organisation: org } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const done = params.get("done");
  const saved = { name: org.name, kind: org.kind, confirmed: org.isConfirmed ? "yes" : "", domains: org.domains.join("\n") };
  const shown = errors ? values : saved;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <AppLink className="govuk-back-link" to="/admin/organisations">Organisations</AppLink>
        <ErrorSummary errors={errors} order={[...FIELDS]} />
        {!errors && done === "saved" ? (
          <SuccessNotice>
            <p className="govuk-notification-banner__heading">The organisation is saved. The change is in the audit log.</p>
          </SuccessNotice>
        ) : null}
        {!errors && done === "unchanged" ? (
          <SuccessNotice>
            <p className="govuk-notification-banner__heading">Nothing had changed, so nothing was saved.</p>
          </SuccessNotice>
        ) : null}
        <span className="govuk-caption-l">Administration</span>
        <h1 className="govuk-heading-l">Edit {org.name}</h1>
        <p className="govuk-body">
          Web address:{" "}
          {org.isConfirmed ? (
            <AppLink className="govuk-link" to={`/organisations/${org.slug}`}>/organisations/{org.slug}</AppLink>
          ) : (
            <>/organisations/{org.slug} (shown to members once confirmed)</>
          )}
          . It stays the same when the name changes, so links people have shared keep working.
        </p>
        <Form method="post" noValidate key={JSON.stringify(saved)}>
          <TextInput name="name" label="Name" errors={errors} defaultValue={shown.name} autoComplete="off" />
          <Radios
            name="kind"
            legend="Kind of organisation"
            hint="Police forces, commissioner offices and national bodies are the policing side; suppliers never see policing-only content."
            errors={errors}
            defaultValue={shown.kind}
            options={ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABELS[k] }))}
          />
          <Checkbox
            name="confirmed"
            label="Confirmed: people may choose it when requesting access, and its verified domains approve accounts straight away"
            errors={errors}
            defaultChecked={shown.confirmed === "yes"}
          />
          <TextArea
            name="domains"
            label="Verified e-mail domains"
            hint="One domain per line, like cleveland.police.uk. Anyone who confirms an address at one of these domains is approved without waiting for an administrator, so add only domains this organisation alone controls."
            errors={errors}
            defaultValue={shown.domains}
            rows={5}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Save organisation
          </button>
        </Form>
      </div>
    </div>
  );
}
