import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { readPendingRequest } from "~/auth/join-cookie.server";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { titled } from "~/lib/meta";
import { takeAddressToken, takeToken } from "~/lib/rate-limit.server";
import { requestMeta } from "~/lib/request.server";
import { resendConfirmation } from "~/models/accounts.server";

export const handle = titled("Check your e-mail");

export async function loader({ request }: LoaderFunctionArgs) {
  return { email: (await readPendingRequest(request))?.email ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await readPendingRequest(request);
  if (!pending) return data({ sent: false, errors: { form: "We do not know which address to send it to. Request access again." } }, { status: 400 });
  const tooMany = { sent: false, errors: { form: "You have asked for the link several times. Wait an hour, check your junk folder, or change the address." } };
  if (!takeToken("join", requestMeta(request, context).ip) || takeAddressToken("confirmationMail", pending.email) > 0) return data(tooMany, { status: 429 });
  resendConfirmation(pending);
  return { sent: true, errors: undefined };
}

export default function CheckEmail() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const sending = useNavigation().formData?.get("intent") === "resend";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} />
        {result?.sent ? (
          <SuccessNotice>
            <p className="govuk-notification-banner__heading">We have sent the link again to {email}</p>
          </SuccessNotice>
        ) : null}
        <h1 className="govuk-heading-l">Check your e-mail</h1>
        {email ? (
          <p className="govuk-body">
            We have sent a link to confirm your address to <strong className="app-break-anywhere">{email}</strong>
          </p>
        ) : (
          <p className="govuk-body">We have sent you a link to confirm your address.</p>
        )}
        <p className="govuk-body">The link works once and expires in 24 hours. If it has not arrived in a few minutes, check your junk folder.</p>
        {email ? (
          <>
            <h2 className="govuk-heading-m">Not arrived?</h2>
            <Form method="post" className="govuk-button-group">
              <button type="submit" name="intent" value="resend" className="govuk-button govuk-button--secondary" data-module="govuk-button" disabled={sending} aria-disabled={sending || undefined}>
                Send it again
              </button>
              <AppLink className="govuk-link" to="/join/change-email">
                Change address
              </AppLink>
            </Form>
          </>
        ) : null}
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          If your address is on your organisation's verified domain, you are signed in as soon as you confirm it. Otherwise an
          administrator checks your request first, usually within one working day, and we e-mail you their decision.
        </p>
        <p className="govuk-body">
          Already confirmed? <AppLink className="govuk-link" to="/login">Sign in</AppLink>
        </p>
      </div>
    </div>
  );
}
