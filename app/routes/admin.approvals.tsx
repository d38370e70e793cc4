import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireAdministrator } from "~/auth/member.server";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { SummaryRow } from "~/components/summary-list";
import { formatDate } from "~/lib/dates";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { ORGANISATION_KIND_LABELS } from "~/lib/labels";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { approvalsPage, approveAccount, rejectAccount } from "~/models/accounts.server";

export const handle = titled("Approvals");

const REASON_MAX = 500;
const Decision = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), userId: z.coerce.number().int().positive() }),
  z.object({
    intent: z.literal("reject"),
    userId: z.coerce.number().int().positive(),
    reason: z.string().trim().min(1, "Enter a reason for rejecting this request; we e-mail it to them").max(REASON_MAX, `The reason must be ${REASON_MAX} characters or fewer`),
  }),
]);

const DONE_MESSAGES: Record<string, string> = {
  approved: "The account is approved. We have e-mailed them to say they can sign in.",
  rejected: "The request is rejected. We have e-mailed them the reason.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const page = approvalsPage(await requireAdministrator(request));
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  const { ip } = requestMeta(request, context);
  const values = pickStrings(await request.formData(), ["intent", "userId", "reason"]);
  if (!/^\d{1,9}$/.test(values.userId ?? "")) throw new Response("Not found", { status: 404 });
  const parsed = Decision.safeParse(values);
  if (!parsed.success) {
    // The only field a person can get wrong is the reason, which belongs to one account's form.
    const errors = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, v]) => [k === "reason" ? `reason-${values.userId}` : "form", v]));
    return data({ errors, values }, { status: 400 });
  }
  const decision = parsed.data;
  const result =
    decision.intent === "approve"
      ? await approveAccount(admin, { userId: decision.userId, ip })
      : await rejectAccount(admin, { userId: decision.userId, ip, reason: decision.reason });
  if (!result.ok)
    return data({ errors: { form: "That account is no longer waiting for approval. Another administrator may have decided already." }, values }, { status: 409 });
  return redirect(`/admin/approvals?done=${decision.intent === "approve" ? "approved" : "rejected"}`);
}

export default function Approvals() {
  const { accounts, total } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const done = DONE_MESSAGES[params.get("done") ?? ""];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {done && !errors ? (
          <SuccessNotice>
            <p className="govuk-notification-banner__heading">{done}</p>
          </SuccessNotice>
        ) : null}
        <span className="govuk-caption-l">Administration</span>
        <h1 className="govuk-heading-l">Approvals</h1>
        {accounts.length === 0 ? (
          <p className="govuk-body">No accounts are waiting for approval.</p>
        ) : (
          <>
            <p className="govuk-body">
              {total > accounts.length
                ? `${total} accounts are waiting. These are the ${accounts.length} that have waited longest.`
                : `${total} ${total === 1 ? "account is" : "accounts are"} waiting, longest waiting first.`}{" "}
              These people have confirmed their e-mail address, but it is not on a verified domain of their organisation.
            </p>
            {accounts.map((a) => {
              const reasonId = `reason-${a.id}`;
              const reasonError = errors?.[reasonId];
              return (
                <div className="govuk-summary-card" key={a.id}>
                  <div className="govuk-summary-card__title-wrapper">
                    <h2 className="govuk-summary-card__title">{a.name}</h2>
                  </div>
                  <div className="govuk-summary-card__content">
                    <dl className="govuk-summary-list">
                      <SummaryRow label="E-mail address">{a.email}</SummaryRow>
                      <SummaryRow label="Job title">{a.jobTitle}</SummaryRow>
                      <SummaryRow label="Organisation">
                        {a.organisationName}
                        <span className="app-meta"> ({ORGANISATION_KIND_LABELS[a.organisationKind]})</span>
                        {a.organisationConfirmed ? null : (
                          <>
                            <br />
                            <strong className="govuk-tag govuk-tag--yellow">New organisation, not yet confirmed</strong>
                            <span className="govuk-hint govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">Approving this request also confirms the organisation.</span>
                          </>
                        )}
                      </SummaryRow>
                      <SummaryRow label="Requested">{formatDate(a.createdAt)}</SummaryRow>
                    </dl>
                    <Form method="post" className="govuk-!-margin-bottom-4">
                      <input type="hidden" name="intent" value="approve" />
                      <input type="hidden" name="userId" value={a.id} />
                      <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
                        Approve<span className="govuk-visually-hidden"> {a.name}</span>
                      </button>
                    </Form>
                    <details className="govuk-details govuk-!-margin-bottom-0" open={Boolean(reasonError)}>
                      <summary className="govuk-details__summary">
                        <span className="govuk-details__summary-text">Reject this request</span>
                      </summary>
                      <div className="govuk-details__text">
                        <Form method="post" noValidate>
                          <input type="hidden" name="intent" value="reject" />
                          <input type="hidden" name="userId" value={a.id} />
                          <div className={`govuk-form-group${reasonError ? " govuk-form-group--error" : ""}`}>
                            <label className="govuk-label" htmlFor={reasonId}>
                              Reason<span className="govuk-visually-hidden"> for rejecting {a.name}</span>
                            </label>
                            <div id={`${reasonId}-hint`} className="govuk-hint">
                              We e-mail this to them. At most {REASON_MAX} characters.
                            </div>
                            {reasonError ? (
                              <p id={`${reasonId}-error`} className="govuk-error-message">
                                <span className="govuk-visually-hidden">Error:</span> {reasonError}
                              </p>
                            ) : null}
                            <textarea
                              className={`govuk-textarea${reasonError ? " govuk-textarea--error" : ""}`}
                              id={reasonId}
                              name="reason"
                              rows={3}
                              defaultValue={values.userId === String(a.id) ? values.reason : undefined}
                              aria-describedby={`${reasonId}-hint${reasonError ? ` ${reasonId}-error` : ""}`}
                            />
                          </div>
                          <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                            Reject<span className="govuk-visually-hidden"> {a.name}</span>
                          </button>
                        </Form>
                      </div>
                    </details>
                  </div>
                </div>
              );
            })}
          </>
        )}
      </div>
    </div>
  );
}
