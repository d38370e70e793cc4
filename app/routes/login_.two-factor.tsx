import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { getHalfSignedIn, rotateSession, safeRedirectPath } from "~/auth/member.server";
import { ErrorSummary, TextInput } from "~/components/form";
import { pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { takeToken } from "~/lib/rate-limit.server";
import { requestMeta } from "~/lib/request.server";
import { recordSignIn } from "~/models/accounts.server";
import { verifySecondFactor } from "~/models/two-factor.server";

export const handle = titled("Enter your security code");

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await getHalfSignedIn(request))) throw redirect("/login");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getHalfSignedIn(request);
  if (!session) throw redirect("/login");
  const meta = requestMeta(request, context);
  const { code = "", redirectTo } = pickStrings(await request.formData(), ["code", "redirectTo"]);
  if (!takeToken("twoFactor", meta.ip))
    return data({ errors: { code: "Too many attempts from your network. Wait 15 minutes and try again." } }, { status: 429 });
  if (!code.trim()) return data({ errors: { code: "Enter the 6-digit code from your authenticator app, or a recovery code" } }, { status: 400 });
  const checked = verifySecondFactor(session.userId, code.slice(0, 40), meta.ip);
  if (!checked.ok)
    return data({ errors: { code: "Enter a correct code. Each code works once: wait for the next one if you have just used it." } }, { status: 400 });
  const cookie = await rotateSession(request, session.userId, meta, true);
  recordSignIn(session.userId, meta.ip, "two_factor");
  const next = checked.value.usedRecoveryCode ? "/settings/two-factor?recovery=used" : safeRedirectPath(redirectTo);
  return redirect(next, { headers: { "Set-Cookie": cookie } });
}

export default function TwoFactorSignIn() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Enter your security code</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <TextInput name="code" label="Security code" hint="The 6-digit code from your authenticator app. If you cannot use the app, enter one of your recovery codes." errors={errors} autoComplete="one-time-code" inputMode="text" width="10" spellCheck={false} />
          <button type="submit" className="govuk-button">Continue</button>
        </Form>
      </div>
    </div>
  );
}
