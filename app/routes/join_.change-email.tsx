import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { pendingRequestCookie, readPendingRequest } from "~/auth/join-cookie.server";
import { ErrorSummary, TextInput } from "~/components/form";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { takeAddressToken, takeToken } from "~/lib/rate-limit.server";
import { requestMeta } from "~/lib/request.server";
import { changeUnconfirmedEmail, normaliseEmail } from "~/models/accounts.server";

export const handle = titled("Change your e-mail address");

const ChangeForm = z.object({
  email: z.string().trim().min(1, "Enter your work e-mail address").max(254, "E-mail address must be 254 characters or fewer").email("Enter an e-mail address in the correct format, like name@police.uk"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await readPendingRequest(request);
  if (!pending) throw redirect("/join");
  return { email: pending.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await readPendingRequest(request);
  if (!pending) throw redirect("/join");
  const values = pickStrings(await request.formData(), ["email"]);
  const parsed = ChangeForm.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const meta = requestMeta(request, context);
  if (!takeToken("join", meta.ip) || takeAddressToken("confirmationMail", normaliseEmail(parsed.data.email)) > 0)
    return data({ errors: { form: "Too many links have been sent. Wait an hour and try again." }, values }, { status: 429 });
  const changed = changeUnconfirmedEmail(pending, parsed.data.email, meta.ip);
  return redirect("/join/check-email", { headers: { "Set-Cookie": await pendingRequestCookie(changed) } });
}

export default function ChangeEmail() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["form", "email"]} />
        <h1 className="govuk-heading-l">Change your e-mail address</h1>
        <p className="govuk-body">We will send a new link to the address you give, and the link we sent before will stop working.</p>
        <Form method="post" noValidate>
          <TextInput name="email" type="email" label="Work e-mail address" errors={errors} defaultValue={result?.values?.email ?? email} autoComplete="email" spellCheck={false} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Send a new link
            </button>
            <AppLink className="govuk-link" to="/join/check-email">
              Cancel
            </AppLink>
          </div>
        </Form>
      </div>
    </div>
  );
}
