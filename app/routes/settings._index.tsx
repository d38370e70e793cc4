import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { requireMember, rotateSession } from "~/auth/member.server";
import { passwordField, passwordIsEmail } from "~/auth/password-rules";
import { endAllSessions, endOtherSessions } from "~/auth/session.server";
import { ErrorSummary, Radios, SuccessNotice, TextInput } from "~/components/form";
import { formatDateTime } from "~/lib/dates";
import { fieldErrors, pickStrings, withoutSecrets } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { changePassword, settingsPage, updateProfile } from "~/models/accounts.server";
import { recordAudit } from "~/models/audit.server";
import { NOTIFY_PREFERENCES } from "~/lib/fixed-lists";

export const handle = titled("Your settings");

const Profile = z.object({
  name: z.string().trim().min(1, "Enter your full name").max(100, "Full name must be 100 characters or fewer"),
  jobTitle: z.string().trim().min(1, "Enter your job title").max(100, "Job title must be 100 characters or fewer"),
  notifyPreference: z.enum(NOTIFY_PREFERENCES, { errorMap: () => ({ message: "Select how often to be e-mailed" }) }),
});
const PasswordChange = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(1000),
  newPassword: passwordField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  return settingsPage(await requireMember(request));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const meta = requestMeta(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "profile") {
    const values = pickStrings(form, ["name", "jobTitle", "notifyPreference"]);
    const parsed = Profile.safeParse(values);
    if (!parsed.success) return data({ intent, errors: fieldErrors(parsed.error), values }, { status: 400 });
    updateProfile(member.id, parsed.data);
    return redirect("/settings?done=profile");
  }
  if (intent === "password") {
    const values = pickStrings(form, ["currentPassword", "newPassword"]);
    const parsed = PasswordChange.safeParse(values);
    if (!parsed.success) return data({ intent, errors: fieldErrors(parsed.error), values: withoutSecrets(values) }, { status: 400 });
    if (passwordIsEmail(parsed.data.newPassword, member.email))
      return data({ intent, errors: { newPassword: "Password must not be your e-mail address" }, values: {} }, { status: 400 });
    const changed = await changePassword(member.id, parsed.data.currentPassword, parsed.data.newPassword, meta.ip);
    if (!changed.ok) return data({ intent, errors: { currentPassword: "Your current password is not correct" }, values: {} }, { status: 400 });
    // A changed password ends every session, this one included; this device gets a fresh one.
    await endAllSessions(member.id);
    const cookie = await rotateSession(request, member.id, meta, true);
    return redirect("/settings?done=password", { headers: { "Set-Cookie": cookie } });
  }
  if (intent === "sign-out-others") {
    endOtherSessions(member.id, member.sessionId);
    recordAudit({ actorId: member.id, action: "signed_out_other_sessions", targetType: "user", targetId: member.id, ip: meta.ip });
    return redirect("/settings?done=sessions");
  }
  throw new Response("Unknown action", { status: 400 });
}

const DONE: Record<string, string> = {
  profile: "Your details have been saved.",
  password: "Your password has been changed. Every other device has been signed out.",
  sessions: "Every other device has been signed out.",
  "two-factor-off": "Two-factor authentication is off.",
};

export default function Settings() {
  const { settings, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.intent === "profile" ? actionData.values : settings) as Record<string, string>;
  const done = DONE[params.get("done") ?? ""];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {done ? <SuccessNotice><p className="govuk-notification-banner__heading">{done}</p></SuccessNotice> : null}
        <h1 className="govuk-heading-l">Your settings</h1>
        <p className="govuk-body">
          Signed in as {settings.email}, {settings.organisationName}. <AppLink className="govuk-link" to={`/members/${settings.handle}`}>View your profile</AppLink>
          {" · "}<AppLink className="govuk-link" to="/drafts">Your drafts</AppLink>
        </p>

        <h2 className="govuk-heading-m">Your details</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <TextInput name="name" label="Full name" errors={errors} defaultValue={values.name} autoComplete="name" />
          <TextInput name="jobTitle" label="Job title" errors={errors} defaultValue={values.jobTitle} autoComplete="organization-title" />
          <Radios
            name="notifyPreference"
            legend="E-mail me about replies, mentions and accepted answers"
            errors={errors}
            defaultValue={values.notifyPreference}
            options={[
              { value: "each", label: "As each one happens" },
              { value: "daily", label: "In a daily digest" },
              { value: "none", label: "Never (notifications stay on the site)" },
            ]}
          />
          <button type="submit" className="govuk-button">Save details</button>
        </Form>

        <h2 className="govuk-heading-m">Password</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          <TextInput name="currentPassword" type="password" label="Current password" errors={errors} autoComplete="current-password" />
          <TextInput name="newPassword" type="password" label="New password" hint="At least 12 characters. Changing it signs out every other device." errors={errors} autoComplete="new-password" />
          <button type="submit" className="govuk-button govuk-button--secondary">Change password</button>
        </Form>

        <h2 className="govuk-heading-m">Two-factor authentication</h2>
        <p className="govuk-body">
          {settings.totpEnabled ? "On: signing in needs a code from your authenticator app." : "Off. Turn it on to protect your account with a code from an authenticator app."}{" "}
          <AppLink className="govuk-link" to="/settings/two-factor">{settings.totpEnabled ? "Manage two-factor authentication" : "Set up two-factor authentication"}</AppLink>
        </p>

        <h2 className="govuk-heading-m">Where you are signed in</h2>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Your active sessions</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Device</th>
              <th scope="col" className="govuk-table__header">IP address</th>
              <th scope="col" className="govuk-table__header">Last seen</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {sessions.map((s, i) => (
              <tr className="govuk-table__row" key={i}>
                <td className="govuk-table__cell">{s.device}{s.isCurrent ? <strong className="govuk-tag govuk-tag--green app-demo-tag">This device</strong> : null}</td>
                <td className="govuk-table__cell">{s.ip || "Unknown"}</td>
                <td className="govuk-table__cell">{formatDateTime(s.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {sessions.length > 1 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="sign-out-others" />
            <button type="submit" className="govuk-button govuk-button--warning">Sign out all other sessions</button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
