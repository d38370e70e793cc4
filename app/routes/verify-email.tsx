import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { clearPendingRequestCookie } from "~/auth/join-cookie.server";
import { rotateSession } from "~/auth/member.server";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { TOKEN_MESSAGES } from "~/lib/token-messages";
import { checkAccountToken } from "~/models/account-tokens.server";
import { confirmEmail, recordSignIn } from "~/models/accounts.server";

export const handle = titled("Confirm your e-mail address");

/** Showing a button rather than confirming on GET keeps mail scanners that follow links from using the token. */
export function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const checked = checkAccountToken(token, "verify_email");
  return { token, problem: checked.ok ? null : TOKEN_MESSAGES[checked.reason] };
}

/** Following the link proves the address as a reset link would, so an account it makes active is signed in here. */
export async function action({ request, context }: ActionFunctionArgs) {
  const token = String((await request.formData()).get("token") ?? "");
  const meta = requestMeta(request, context);
  const result = confirmEmail(token, meta.ip);
  if (!result.ok) return data({ status: null, signedIn: false, problem: TOKEN_MESSAGES[result.reason] }, { status: 400 });
  const headers = new Headers([["Set-Cookie", await clearPendingRequestCookie()]]);
  if (result.value.signIn) {
    headers.append("Set-Cookie", await rotateSession(request, result.value.signIn, meta, true));
    recordSignIn(result.value.signIn, meta.ip, "email_link");
  }
  return data({ status: result.value.status, signedIn: result.value.signIn !== null, problem: null }, { headers });
}

export default function VerifyEmail() {
  const { token, problem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.status === "active")
    return (
      <Done title="Your e-mail address is confirmed">
        <p className="govuk-body">Your address is on your organisation's verified domain, so your account is ready.{result.signedIn ? " You are signed in." : null}</p>
        <p className="govuk-body">{result.signedIn ? <AppLink className="govuk-button" to="/">Go to the home page</AppLink> : <AppLink className="govuk-button" to="/login">Sign in</AppLink>}</p>
      </Done>
    );
  if (result?.status)
    return (
      <Done title="Your e-mail address is confirmed">
        <p className="govuk-body">An administrator will now check your request. We will e-mail you when they have decided, usually within one working day.</p>
      </Done>
    );
  const shownProblem = result?.problem ?? problem;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Confirm your e-mail address</h1>
        {shownProblem ? (
          <>
            <p className="govuk-body">{shownProblem}</p>
            <p className="govuk-body">
              <AppLink className="govuk-link" to="/join">Request access again</AppLink> or <AppLink className="govuk-link" to="/login">sign in</AppLink>.
            </p>
          </>
        ) : (
          <Form method="post">
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="govuk-button">Confirm my e-mail address</button>
          </Form>
        )}
      </div>
    </div>
  );
}

function Done({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">{title}</h1>
        </div>
        {children}
      </div>
    </div>
  );
}
