import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { deviceCookieHeader, readDeviceToken } from "~/auth/device-cookie.server";
import { pendingRequestCookie } from "~/auth/join-cookie.server";
import { getMember, rotateSession, safeRedirectPath } from "~/auth/member.server";
import { ErrorSummary, SuccessNotice, TextInput } from "~/components/form";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { takeToken } from "~/lib/rate-limit.server";
import { requestMeta } from "~/lib/request.server";
import { checkSignIn, normaliseEmail, recordSignIn, type SignInProblem } from "~/models/accounts.server";

export const handle = titled("Sign in");

const SignInForm = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address").max(320, "Enter a correct e-mail address and password"),
  password: z.string().min(1, "Enter your password").max(1000, "Enter a correct e-mail address and password"),
  redirectTo: z.string(),
});

/** Wording stays generic until the password is right: nothing tells a guesser whether an account exists. */
function problemMessage(reason: SignInProblem, statusReason?: string | null) {
  switch (reason) {
    case "invalid":
      return "Enter a correct e-mail address and password";
    case "locked":
      return "Too many failed attempts to sign in with this e-mail address. Wait 15 minutes and try again, or reset your password.";
    case "unverified":
      return "Confirm your e-mail address first, using the link we e-mailed you.";
    case "pending":
      return "Your account is waiting for an administrator to approve it. We will e-mail you when they have decided.";
    case "rejected":
      return `Your request to join was not approved${statusReason ? `: ${statusReason}` : "."}`;
    case "suspended":
      return `Your account is suspended${statusReason ? `: ${statusReason}` : "."} Contact an administrator if you think this is wrong.`;
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getMember(request)) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const meta = requestMeta(request, context);
  const values = pickStrings(await request.formData(), ["email", "password", "redirectTo"]);
  const kept = { email: values.email ?? "" };
  if (!takeToken("signIn", meta.ip))
    return data({ errors: { form: "Too many sign-in attempts from your network. Wait 15 minutes and try again." }, values: kept, resend: false }, { status: 429 });
  const parsed = SignInForm.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: kept, resend: false }, { status: 400 });
  const result = await checkSignIn(parsed.data.email, parsed.data.password, meta.ip, { deviceToken: await readDeviceToken(request) });
  if (!result.ok) {
    const status = result.reason === "locked" ? 429 : result.reason === "invalid" ? 400 : 403;
    const errors = { email: problemMessage(result.reason, result.statusReason) };
    // Only after the right password: the offer to resend tells nobody else the address has an account.
    if (result.reason === "unverified" && result.userId)
      return data({ errors, values: kept, resend: true }, { status, headers: { "Set-Cookie": await pendingRequestCookie({ userId: result.userId, email: normaliseEmail(parsed.data.email) }) } });
    return data({ errors, values: kept, resend: false }, { status });
  }
  const redirectTo = safeRedirectPath(parsed.data.redirectTo);
  const needsCode = result.value.totpEnabled;
  const cookie = await rotateSession(request, result.value.userId, meta, !needsCode);
  if (!needsCode) recordSignIn(result.value.userId, meta.ip, "password");
  const next = needsCode ? `/login/two-factor?redirectTo=${encodeURIComponent(redirectTo)}` : redirectTo;
  const headers = new Headers([["Set-Cookie", cookie], ["Set-Cookie", await deviceCookieHeader(result.value.deviceToken)]]);
  return redirect(next, { headers });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const done = params.get("done");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} order={["form", "email", "password"]} />
        {done === "reset" ? <SuccessNotice><p className="govuk-notification-banner__heading">Your password has been changed. Sign in with your new password.</p></SuccessNotice> : null}
        {done === "signed-out" ? <SuccessNotice><p className="govuk-notification-banner__heading">You have signed out.</p></SuccessNotice> : null}
        <h1 className="govuk-heading-l">Sign in</h1>
        {actionData?.resend ? (
          <div className="govuk-inset-text">
            The link to confirm your address works for 24 hours. <AppLink className="govuk-link" to="/join/check-email">Send the link again</AppLink> if you cannot find it or it has expired.
          </div>
        ) : null}
        {params.get("redirectTo") ? <p className="govuk-body">Sign in to see this page.</p> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <TextInput name="email" type="email" label="E-mail address" errors={errors} defaultValue={actionData?.values?.email} autoComplete="username" spellCheck={false} />
          <TextInput name="password" type="password" label="Password" errors={errors} autoComplete="current-password" />
          <button type="submit" className="govuk-button" data-module="govuk-button">Sign in</button>
        </Form>
        <p className="govuk-body"><AppLink className="govuk-link" to="/reset-password">I have forgotten my password</AppLink></p>
        <p className="govuk-body">Not a member yet? <AppLink className="govuk-link" to="/join">Request access</AppLink></p>
      </div>
    </div>
  );
}
