import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { ErrorSummary, Notice, SuccessNotice, TextInput } from "~/components/form";
import { pickStrings } from "~/lib/form.server";
import { takeMemberToken, takeTokenWait } from "~/lib/rate-limit.server";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { confirmTwoFactorSetup, disableTwoFactor, twoFactorPage } from "~/models/two-factor.server";

export const handle = titled("Two-factor authentication");

export async function loader({ request }: LoaderFunctionArgs) {
  return twoFactorPage(await requireMember(request, { allowWithoutTwoFactor: true }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request, { allowWithoutTwoFactor: true });
  const ip = requestMeta(request, context).ip;
  const { intent, code = "" } = pickStrings(await request.formData(), ["intent", "code"]);
  if (!code.trim()) return data({ errors: { code: "Enter the 6-digit code from your authenticator app" }, recoveryCodes: null }, { status: 400 });
  if (intent === "confirm") {
    const result = confirmTwoFactorSetup(member.id, code.slice(0, 40), ip);
    if (!result.ok)
      return data({ errors: { code: result.reason === "wrong_code" ? "Enter the current 6-digit code shown in your authenticator app" : "Start set-up again" }, recoveryCodes: null }, { status: 400 });
    return { errors: undefined, recoveryCodes: result.value.recoveryCodes };
  }
  if (intent === "turn-off") {
    // Limited like sign-in, per member and per IP, so a stolen session cannot guess its way to turning it off.
    const wait = Math.max(takeMemberToken("twoFactorOff", member.id), takeTokenWait("twoFactor", ip));
    if (wait)
      return data({ errors: { code: `Too many attempts to turn off two-factor authentication. Wait ${wait} ${wait === 1 ? "minute" : "minutes"} and try again.` }, recoveryCodes: null }, { status: 429 });
    const result = disableTwoFactor(member, code.slice(0, 40), ip);
    if (!result.ok && result.reason === "required") throw new Response("Moderators and administrators must keep two-factor authentication on.", { status: 403 });
    if (!result.ok) return data({ errors: { code: "Enter a correct code from your authenticator app, or a recovery code" }, recoveryCodes: null }, { status: 400 });
    return redirect("/settings?done=two-factor-off");
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function TwoFactorSettings() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  if (actionData?.recoveryCodes)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <SuccessNotice><p className="govuk-notification-banner__heading">Two-factor authentication is on.</p></SuccessNotice>
          <h1 className="govuk-heading-l">Save your recovery codes</h1>
          <p className="govuk-body">If you lose your phone, each of these codes lets you sign in once. Keep them somewhere safe: they will not be shown again.</p>
          <ul className="govuk-list app-code">
            {actionData.recoveryCodes.map((c) => <li key={c}>{c}</li>)}
          </ul>
          <AppLink className="govuk-button" to="/">Continue</AppLink>
        </div>
      </div>
    );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {params.get("recovery") === "used" ? (
          <Notice><p className="govuk-notification-banner__heading">You signed in with a recovery code. You have {loaded.recoveryCodesLeft} left.</p></Notice>
        ) : null}
        {loaded.setup?.required ? (
          <Notice><p className="govuk-notification-banner__heading">Moderators and administrators must set up two-factor authentication before doing anything else.</p></Notice>
        ) : null}
        <h1 className="govuk-heading-l">Two-factor authentication</h1>
        {loaded.enabled ? (
          <>
            <p className="govuk-body">Two-factor authentication is on. You have {loaded.recoveryCodesLeft} unused recovery codes.</p>
            {loaded.mayTurnOff ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="turn-off" />
                <TextInput name="code" label="Code to turn it off" hint="A current code from your authenticator app, or a recovery code" errors={errors} autoComplete="one-time-code" width="10" />
                <button type="submit" className="govuk-button govuk-button--warning">Turn off two-factor authentication</button>
              </Form>
            ) : (
              <p className="govuk-body">As a moderator or administrator you must keep it on.</p>
            )}
          </>
        ) : (
          <>
            <ol className="govuk-list govuk-list--number">
              <li>Open an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator).</li>
              <li>Scan this QR code, or enter the key below by hand.</li>
              <li>Enter the 6-digit code the app shows.</li>
            </ol>
            <div className="app-qr" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: loaded.setup!.qrSvg }} />
            <p className="govuk-body">Key: <span className="app-code">{loaded.setup!.keyBase32}</span></p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="confirm" />
              <TextInput name="code" label="Code from your app" errors={errors} autoComplete="one-time-code" inputMode="numeric" width="10" spellCheck={false} />
              <button type="submit" className="govuk-button">Turn on two-factor authentication</button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
