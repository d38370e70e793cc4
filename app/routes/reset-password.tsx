import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { passwordField, passwordIsEmail } from "~/auth/password-rules";
import { clearSessionCookie, endAllSessions } from "~/auth/session.server";
import { ErrorSummary, TextInput } from "~/components/form";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { takeToken } from "~/lib/rate-limit.server";
import { requestMeta } from "~/lib/request.server";
import { TOKEN_MESSAGES } from "~/lib/token-messages";
import { checkAccountToken } from "~/models/account-tokens.server";
import { emailForToken, resetPassword, startPasswordReset } from "~/models/accounts.server";

export const handle = titled("Reset your password");

const RequestForm = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address").max(254, "E-mail address must be 254 characters or fewer").email("Enter an e-mail address in the correct format, like name@police.uk"),
});

export function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  if (token === null) return { token: null, problem: null };
  const checked = checkAccountToken(token, "reset_password");
  return { token, problem: checked.ok ? null : TOKEN_MESSAGES[checked.reason] };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const meta = requestMeta(request, context);
  const values = pickStrings(await request.formData(), ["email", "token", "password"]);
  if (values.token) {
    const checked = checkAccountToken(values.token, "reset_password");
    if (!checked.ok) return data({ errors: { password: TOKEN_MESSAGES[checked.reason] }, sent: false, values: { email: "" } }, { status: 400 });
    const parsed = passwordField.safeParse(values.password);
    const problem = !parsed.success ? parsed.error.issues[0]!.message : passwordIsEmail(values.password!, emailForToken(checked.value.userId)) ? "Password must not be your e-mail address" : null;
    if (problem) return data({ errors: { password: problem }, sent: false, values: { email: "" } }, { status: 400 });
    const result = await resetPassword(values.token, values.password!, meta.ip);
    if (!result.ok) return data({ errors: { password: TOKEN_MESSAGES[result.reason] }, sent: false, values: { email: "" } }, { status: 400 });
    await endAllSessions(result.value.userId);
    return redirect("/login?done=reset", { headers: { "Set-Cookie": clearSessionCookie() } });
  }
  const kept = { email: values.email ?? "" };
  if (!takeToken("reset", meta.ip))
    return data({ errors: { email: "Too many requests from your network. Wait an hour and try again." }, sent: false, values: kept }, { status: 429 });
  const parsed = RequestForm.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), sent: false, values: kept }, { status: 400 });
  await startPasswordReset(parsed.data.email, meta.ip);
  return { errors: undefined, sent: true, values: kept };
}

export default function ResetPassword() {
  const { token, problem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  if (actionData?.sent)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Check your e-mail</h1>
          <p className="govuk-body">
            {`If ${actionData.values.email} has an account, we have sent it a link to reset the password. The link works once and expires in 1 hour.`}
          </p>
        </div>
      </div>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Reset your password</h1>
        {token !== null ? (
          problem ? (
            <>
              <p className="govuk-body">{problem}</p>
              <p className="govuk-body"><AppLink className="govuk-link" to="/reset-password">Ask for a new link</AppLink></p>
            </>
          ) : (
            <Form method="post" noValidate>
              <input type="hidden" name="token" value={token} />
              <TextInput name="password" type="password" label="New password" hint="At least 12 characters. Every device signed in to your account will be signed out." errors={errors} autoComplete="new-password" />
              <button type="submit" className="govuk-button">Set new password</button>
            </Form>
          )
        ) : (
          <Form method="post" noValidate>
            <p className="govuk-body">Enter the e-mail address you use for Partnering Exchange and we will send you a link to reset your password.</p>
            <TextInput name="email" type="email" label="E-mail address" errors={errors} defaultValue={actionData?.values?.email} autoComplete="email" spellCheck={false} />
            <button type="submit" className="govuk-button">Send reset link</button>
          </Form>
        )}
      </div>
    </div>
  );
}
