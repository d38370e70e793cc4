import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import autocompleteStyles from "accessible-autocomplete/dist/accessible-autocomplete.min.css";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { pendingRequestCookie } from "~/auth/join-cookie.server";
import { getMember } from "~/auth/member.server";
import { passwordField, passwordIsEmail } from "~/auth/password-rules";
import { Checkbox, ErrorSummary, Radios, TextInput } from "~/components/form";
import { OrganisationPicker } from "~/components/organisation-picker";
import { fieldErrors, pickStrings, withoutSecrets } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { takeToken } from "~/lib/rate-limit.server";
import { requestMeta } from "~/lib/request.server";
import { listJoinableOrganisations, normaliseEmail, requestAccess } from "~/models/accounts.server";
import { ORGANISATION_KINDS, type OrganisationKind } from "~/lib/fixed-lists";

const FIELDS = ["name", "email", "organisation", "newOrganisationName", "newOrganisationKind", "jobTitle", "password", "terms"] as const;
const KIND_LABELS: Record<OrganisationKind, string> = {
  force: "Police forces",
  commissioner: "Police and crime commissioner offices",
  national: "National bodies",
  supplier: "Suppliers",
};

const JoinForm = z
  .object({
    name: z.string().trim().min(1, "Enter your full name").max(100, "Full name must be 100 characters or fewer"),
    email: z.string().trim().min(1, "Enter your work e-mail address").max(254, "E-mail address must be 254 characters or fewer").email("Enter an e-mail address in the correct format, like name@police.uk"),
    organisation: z.string().min(1, "Select your organisation, or choose 'My organisation is not listed'"),
    newOrganisationName: z.string().trim().max(120, "Organisation name must be 120 characters or fewer"),
    newOrganisationKind: z.string(),
    jobTitle: z.string().trim().min(1, "Enter your job title").max(100, "Job title must be 100 characters or fewer"),
    password: passwordField,
    terms: z.literal("yes", { errorMap: () => ({ message: "Agree to the terms of use to continue" }) }),
  })
  .superRefine((v, ctx) => {
    if (passwordIsEmail(v.password, v.email)) ctx.addIssue({ code: "custom", path: ["password"], message: "Password must not be your e-mail address" });
    if (v.organisation === "new") {
      if (!v.newOrganisationName) ctx.addIssue({ code: "custom", path: ["newOrganisationName"], message: "Enter the name of your organisation" });
      if (!(ORGANISATION_KINDS as readonly string[]).includes(v.newOrganisationKind)) ctx.addIssue({ code: "custom", path: ["newOrganisationKind"], message: "Select what kind of organisation it is" });
    } else if (!/^\d{1,9}$/.test(v.organisation)) ctx.addIssue({ code: "custom", path: ["organisation"], message: "Select your organisation from the list" });
  });

export const handle = titled("Request access");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: autocompleteStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getMember(request)) throw redirect("/");
  return { organisations: listJoinableOrganisations() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const meta = requestMeta(request, context);
  const values = pickStrings(await request.formData(), FIELDS);
  const kept = withoutSecrets(values);
  if (!takeToken("join", meta.ip))
    return data({ errors: { form: "Too many requests from your network. Wait an hour and try again." }, values: kept }, { status: 429 });
  const parsed = JoinForm.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: kept }, { status: 400 });
  const f = parsed.data;
  const result = await requestAccess(
    {
      name: f.name,
      email: f.email,
      jobTitle: f.jobTitle,
      password: f.password,
      organisation: f.organisation === "new" ? { newName: f.newOrganisationName, kind: f.newOrganisationKind as OrganisationKind } : { id: Number(f.organisation) },
    },
    meta.ip,
  );
  if (!result.ok) return data({ errors: { organisation: "Select your organisation from the list" }, values: kept }, { status: 400 });
  const cookie = await pendingRequestCookie({ userId: result.value.userId, email: normaliseEmail(f.email) });
  return redirect("/join/check-email", { headers: { "Set-Cookie": cookie } });
}

export default function Join() {
  const { organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const groups = ORGANISATION_KINDS.map((kind) => ({
    label: KIND_LABELS[kind],
    options: organisations.filter((o) => o.kind === kind).map((o) => ({ value: String(o.id), label: o.name })),
  }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={[...FIELDS]} />
        <h1 className="govuk-heading-l">Request access</h1>
        <p className="govuk-body">
          Partnering Exchange is for people who work for police forces, police and crime commissioners, national policing
          bodies and their suppliers. We will e-mail you a link to confirm your address.
        </p>
        <Form method="post" noValidate>
          <TextInput name="name" label="Full name" errors={errors} defaultValue={values.name} autoComplete="name" spellCheck={false} />
          <TextInput name="email" type="email" label="Work e-mail address" hint="Use your work address. Addresses on your organisation's verified domain are approved straight away." errors={errors} defaultValue={values.email} autoComplete="email" spellCheck={false} />
          <OrganisationPicker
            errors={errors}
            defaultValue={values.organisation ?? ""}
            groups={groups}
            notListed={
              <>
                <TextInput name="newOrganisationName" label="Organisation name (if not listed)" errors={errors} defaultValue={values.newOrganisationName} autoComplete="organization" />
                <Radios
                  name="newOrganisationKind"
                  legend="Kind of organisation (if not listed)"
                  errors={errors}
                  defaultValue={values.newOrganisationKind}
                  options={[
                    { value: "force", label: "Police force" },
                    { value: "commissioner", label: "Police and crime commissioner office" },
                    { value: "national", label: "National body" },
                    { value: "supplier", label: "Supplier" },
                  ]}
                />
              </>
            }
          />
          <TextInput name="jobTitle" label="Job title" errors={errors} defaultValue={values.jobTitle} autoComplete="organization-title" />
          <TextInput name="password" type="password" label="Create a password" hint="At least 12 characters. A few unrelated words make a strong, memorable password." errors={errors} autoComplete="new-password" />
          <Checkbox name="terms" label={<>I agree to the <AppLink className="govuk-link" to="/terms">terms of use</AppLink></>} errors={errors} defaultChecked={values.terms === "yes"} />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Request access
          </button>
        </Form>
        <p className="govuk-body">
          Already a member? <AppLink className="govuk-link" to="/login">Sign in</AppLink>
        </p>
      </div>
    </div>
  );
}
