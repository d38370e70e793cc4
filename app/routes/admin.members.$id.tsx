import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { requireAdministrator } from "~/auth/member.server";
import { endAllSessions } from "~/auth/session.server";
import { ErrorSummary, Radios, SuccessNotice, TextArea } from "~/components/form";
import { SummaryRow } from "~/components/summary-list";
import { formatDate } from "~/lib/dates";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { ACCOUNT_STATUS_LABELS, ACCOUNT_STATUS_TAG, ORGANISATION_KIND_LABELS, SITE_ROLE_LABELS } from "~/lib/labels";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { changeRole, setAccountSuspended } from "~/models/accounts.server";
import { getMemberForAdmin } from "~/models/members.server";
import { SITE_ROLES } from "~/lib/fixed-lists";
import { parseId } from "~/lib/params";

export const handle = titled<{ member: { name: string } } | undefined>((d) => d?.member.name ?? "Member");

const REASON_MAX = 500;
const Change = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), role: z.enum(SITE_ROLES, { errorMap: () => ({ message: "Select a site role" }) }) }),
  z.object({
    intent: z.literal("suspend"),
    reason: z.string().trim().min(1, "Enter a reason for suspending this account; they see it when they try to sign in").max(REASON_MAX, `The reason must be ${REASON_MAX} characters or fewer`),
  }),
  z.object({ intent: z.literal("reinstate") }),
]);

const DONE_MESSAGES: Record<string, string> = {
  role: "The site role is changed.",
  suspended: "The account is suspended and signed out everywhere.",
  reinstated: "The account is reinstated. They can sign in again.",
};

const WITH_ARTICLE = { member: "a member", moderator: "a moderator", administrator: "an administrator" } as const;

const SELF_MESSAGES = {
  role: "You cannot change your own site role. Ask another administrator.",
  suspend: "You cannot suspend your own account. Ask another administrator.",
  reinstate: "You cannot reinstate your own account.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const member = getMemberForAdmin(admin, parseId(params.id));
  if (!member) throw new Response("Not found", { status: 404 });
  return { member };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  const target = getMemberForAdmin(admin, parseId(params.id));
  if (!target) throw new Response("Not found", { status: 404 });
  const { ip } = requestMeta(request, context);
  const values = pickStrings(await request.formData(), ["intent", "role", "reason"]);
  const intent = values.intent === "role" || values.intent === "suspend" || values.intent === "reinstate" ? values.intent : null;
  if (!intent) return data({ errors: { form: "Choose what to change and try again" }, values }, { status: 400 });
  // The model refuses too; saying so first gives the clearest message whatever else was sent.
  if (!(intent === "role" ? target.may.changeRole : target.may.suspend)) return data({ errors: { form: SELF_MESSAGES[intent] }, values }, { status: 403 });
  const parsed = Change.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const change = parsed.data;
  const decision = { userId: target.id, ip };

  if (change.intent === "role") {
    if (change.role === target.role)
      return data({ errors: { role: `${target.name} is already ${WITH_ARTICLE[change.role]}. Select a different role` }, values }, { status: 400 });
    const result = changeRole(admin, { ...decision, role: change.role });
    if (!result.ok) return refusal(result.reason, intent, values);
    return redirect(`/admin/members/${target.id}?done=role`);
  }
  const suspended = change.intent === "suspend";
  const result = setAccountSuspended(admin, { ...decision, suspended, reason: suspended ? change.reason : "" });
  if (!result.ok) return refusal(result.reason, intent, values);
  // A suspended account must not keep using sessions it already has.
  if (suspended) await endAllSessions(target.id);
  return redirect(`/admin/members/${target.id}?done=${suspended ? "suspended" : "reinstated"}`);
}

function refusal(reason: "self" | "not_found", intent: keyof typeof SELF_MESSAGES, values: Record<string, string>) {
  if (reason === "self") return data({ errors: { form: SELF_MESSAGES[intent] }, values }, { status: 403 });
  const message = intent === "suspend" ? "Only an active account can be suspended." : intent === "reinstate" ? "Only a suspended account can be reinstated." : "That account no longer exists.";
  return data({ errors: { form: message }, values }, { status: 409 });
}

export default function AdminMember() {
  const { member: m } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const done = DONE_MESSAGES[params.get("done") ?? ""];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <AppLink className="govuk-back-link" to="/admin/members">Members</AppLink>
        <ErrorSummary errors={errors} order={["form", "role", "reason"]} />
        {done && !errors ? (
          <SuccessNotice>
            <p className="govuk-notification-banner__heading">{done}</p>
          </SuccessNotice>
        ) : null}
        <span className="govuk-caption-l">Administration</span>
        <h1 className="govuk-heading-l">{m.name}</h1>
        <dl className="govuk-summary-list">
          <SummaryRow label="E-mail address">{m.email}</SummaryRow>
          <SummaryRow label="Job title">{m.jobTitle || <span className="app-meta">Not given</span>}</SummaryRow>
          <SummaryRow label="Organisation">
            <AppLink className="govuk-link" to={`/admin/organisations/${m.organisationId}`}>{m.organisationName}</AppLink>
            <span className="app-meta"> ({ORGANISATION_KIND_LABELS[m.organisationKind]})</span>
            {m.organisationConfirmed ? null : (
              <>
                {" "}
                <strong className="govuk-tag govuk-tag--yellow">Not confirmed</strong>
              </>
            )}
          </SummaryRow>
          <SummaryRow label="Profile">
            {m.status === "active" ? <AppLink className="govuk-link" to={`/members/${m.handle}`}>/members/{m.handle}</AppLink> : <span className="app-meta">Shown only while the account is active</span>}
          </SummaryRow>
          <SummaryRow label="Site role">{SITE_ROLE_LABELS[m.role]}</SummaryRow>
          <SummaryRow label="Status">
            <strong className={`govuk-tag ${ACCOUNT_STATUS_TAG[m.status]}`}>{ACCOUNT_STATUS_LABELS[m.status]}</strong>
            {m.statusReason ? <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">Reason: {m.statusReason}</p> : null}
            {m.status === "pending" ? (
              <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                <AppLink className="govuk-link" to="/admin/approvals">Decide on it in Approvals</AppLink>
              </p>
            ) : null}
          </SummaryRow>
          <SummaryRow label="Two-factor authentication">{m.totpEnabled ? "Set up" : "Not set up"}</SummaryRow>
          <SummaryRow label="Joined">{formatDate(m.createdAt)}</SummaryRow>
          <SummaryRow label="E-mail address confirmed">{m.emailVerifiedAt ? formatDate(m.emailVerifiedAt) : "Not yet"}</SummaryRow>
        </dl>

        {!m.may.changeRole && !m.may.suspend ? (
          <div className="govuk-inset-text">This is your own account. Another administrator must change your site role or suspend it.</div>
        ) : (
          <>
            {m.may.changeRole ? (
              <>
                <h2 className="govuk-heading-m">Change site role</h2>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="role" />
                  <Radios
                    name="role"
                    legend={<span className="govuk-visually-hidden">Site role</span>}
                    hint="Moderators act on any content they can see; administrators also manage accounts, organisations and spaces. Both must set up two-factor authentication before doing anything else."
                    errors={errors}
                    defaultValue={values.intent === "role" ? values.role : m.role}
                    options={SITE_ROLES.map((r) => ({ value: r, label: SITE_ROLE_LABELS[r] }))}
                  />
                  <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
                    Change role
                  </button>
                </Form>
              </>
            ) : null}

            {m.may.suspend && m.status === "active" ? (
              <>
                <h2 className="govuk-heading-m">Suspend</h2>
                <p className="govuk-body">Suspending signs them out everywhere and stops them signing in until an administrator reinstates them.</p>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="suspend" />
                  <TextArea name="reason" label="Reason" hint={`They see this when they try to sign in. At most ${REASON_MAX} characters.`} errors={errors} defaultValue={values.reason} rows={3} />
                  <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button">
                    Suspend account
                  </button>
                </Form>
              </>
            ) : null}
            {m.may.suspend && m.status === "suspended" ? (
              <>
                <h2 className="govuk-heading-m">Reinstate</h2>
                <Form method="post">
                  <input type="hidden" name="intent" value="reinstate" />
                  <button type="submit" className="govuk-button" data-module="govuk-button">
                    Reinstate account
                  </button>
                </Form>
              </>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
