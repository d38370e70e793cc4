import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { z } from "zod";
import { requireModerator } from "~/auth/member.server";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { PrevNextPager } from "~/components/pager";
import { SummaryRow } from "~/components/summary-list";
import { formatDateTime } from "~/lib/dates";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { HIDE_REASON_MAX } from "~/lib/moderation";
import { requestMeta } from "~/lib/request.server";
import { dismissFlags, hidePost, listOpenFlags } from "~/models/moderation.server";

export const handle = titled("Reported posts");

const Decision = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("hide"),
    postId: z.coerce.number().int().positive(),
    reason: z.string().trim().min(1, "Enter the reason readers will see in place of the post").max(HIDE_REASON_MAX, `The reason must be ${HIDE_REASON_MAX} characters or fewer`),
  }),
  z.object({ intent: z.literal("dismiss"), postId: z.coerce.number().int().positive() }),
]);

const DONE_MESSAGES: Record<string, string> = {
  hidden: "The post is hidden and its reports are closed. Readers see your reason in its place.",
  dismissed: "The reports are dismissed. The post stays as it is.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireModerator(request);
  const raw = new URL(request.url).searchParams.get("after") ?? "";
  const after = /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
  return { ...listOpenFlags(member, { after }), isFirstPage: after === undefined };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireModerator(request);
  const values = pickStrings(await request.formData(), ["intent", "postId", "reason"]);
  if (!/^\d{1,9}$/.test(values.postId ?? "") || (values.intent !== "hide" && values.intent !== "dismiss")) throw new Response("Not found", { status: 404 });
  const parsed = Decision.safeParse(values);
  if (!parsed.success) {
    // Only the reason can be wrong, and it belongs to one post's form.
    const errors = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, v]) => [k === "reason" ? `reason-${values.postId}` : "form", v]));
    return data({ errors, values }, { status: 400 });
  }
  const d = parsed.data;
  const { ip } = requestMeta(request, context);
  const result = d.intent === "hide" ? hidePost(member, d.postId, d.reason, ip) : dismissFlags(member, d.postId, ip);
  if (result.ok) return redirect(`/admin/flags?done=${d.intent === "hide" ? "hidden" : "dismissed"}`);
  if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
  if (result.reason === "invalid") return data({ errors: { [`reason-${d.postId}`]: "Enter the reason readers will see in place of the post" } as Record<string, string>, values }, { status: 400 });
  return data({ errors: { form: "Another moderator has already dealt with this post. The list below is up to date." } as Record<string, string>, values }, { status: 409 });
}

export default function Flags() {
  const { posts, nextAfter, isFirstPage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
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
        <span className="govuk-caption-l">Moderation</span>
        <h1 className="govuk-heading-l">Reported posts</h1>
        {posts.length === 0 ? (
          <p className="govuk-body">{isFirstPage ? "No posts are waiting for a moderator." : "There are no more reported posts."}</p>
        ) : (
          <>
            <p className="govuk-body">
              Posts members have reported, the longest waiting first. Hiding a post or dismissing its reports closes every open report on it, and
              the audit log records it with your name.
            </p>
            {posts.map((p) => {
              const reasonId = `reason-${p.id}`;
              const reasonError = errors?.[reasonId];
              const place = p.thread ? p.thread.title : `A post in a ${p.ownerKind}`;
              return (
                <section className="govuk-summary-card" key={p.id} aria-labelledby={`post-${p.id}-title`}>
                  <div className="govuk-summary-card__title-wrapper">
                    <h2 className="govuk-summary-card__title" id={`post-${p.id}-title`}>
                      <AppLink className="govuk-link" to={`/posts/${p.id}`}>{place}</AppLink>
                      <span className="app-meta">, post {p.number}</span>{" "}
                      {p.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : null}
                    </h2>
                  </div>
                  <div className="govuk-summary-card__content">
                    <dl className="govuk-summary-list">
                      <SummaryRow label="Written by">
                        {p.author.name}
                        <span className="app-meta"> ({p.author.organisationName}), {formatDateTime(p.createdAt)}</span>
                      </SummaryRow>
                      <SummaryRow label="Post">
                        {p.isDeleted ? <span className="app-meta">Removed by its author.</span> : p.excerpt}
                        {p.hiddenAt ? (
                          <>
                            <br />
                            <strong className="govuk-tag govuk-tag--grey">Hidden</strong> <span className="app-meta">{p.hiddenReason}</span>
                          </>
                        ) : null}
                      </SummaryRow>
                      <SummaryRow label={p.openCount === 1 ? "Report" : `${p.openCount} reports`}>
                        <ul className="govuk-list govuk-!-margin-bottom-0">
                          {p.reports.map((r) => (
                            <li key={r.id}>
                              <strong>{r.label}</strong>
                              {r.details ? <>: {r.details}</> : null}
                              <br />
                              <span className="app-meta">
                                {r.reporter.name} ({r.reporter.organisationName}), {formatDateTime(r.at)}
                              </span>
                            </li>
                          ))}
                          {p.openCount > p.reports.length ? <li className="app-meta">and {p.openCount - p.reports.length} more</li> : null}
                        </ul>
                      </SummaryRow>
                    </dl>
                    <Form method="post" className="govuk-!-margin-bottom-4">
                      <input type="hidden" name="intent" value="dismiss" />
                      <input type="hidden" name="postId" value={p.id} />
                      <div className="govuk-button-group govuk-!-margin-bottom-0">
                        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                          Dismiss reports<span className="govuk-visually-hidden"> on post {p.number} in {place}</span>
                        </button>
                        <AppLink className="govuk-link" to={`/posts/${p.id}/moderate`}>
                          Moderation page<span className="govuk-visually-hidden"> for post {p.number} in {place}</span>
                        </AppLink>
                      </div>
                    </Form>
                    {p.hiddenAt ? null : (
                      <details className="govuk-details govuk-!-margin-bottom-0" open={Boolean(reasonError)}>
                        <summary className="govuk-details__summary">
                          <span className="govuk-details__summary-text">Hide this post</span>
                        </summary>
                        <div className="govuk-details__text">
                          <Form method="post" noValidate>
                            <input type="hidden" name="intent" value="hide" />
                            <input type="hidden" name="postId" value={p.id} />
                            <div className={`govuk-form-group${reasonError ? " govuk-form-group--error" : ""}`}>
                              <label className="govuk-label" htmlFor={reasonId}>
                                Reason for hiding it<span className="govuk-visually-hidden"> (post {p.number} in {place})</span>
                              </label>
                              <div id={`${reasonId}-hint`} className="govuk-hint">
                                Readers see this in place of the post, so do not repeat what it said. At most {HIDE_REASON_MAX} characters.
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
                                defaultValue={values.postId === String(p.id) ? values.reason : undefined}
                                aria-describedby={`${reasonId}-hint${reasonError ? ` ${reasonId}-error` : ""}`}
                              />
                            </div>
                            <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">
                              Hide post<span className="govuk-visually-hidden"> {p.number} in {place}</span>
                            </button>
                          </Form>
                        </div>
                      </details>
                    )}
                  </div>
                </section>
              );
            })}
          </>
        )}
        <PrevNextPager
          newer={isFirstPage ? undefined : { to: "/admin/flags", label: "First page" }}
          older={nextAfter ? { to: `/admin/flags?after=${nextAfter}`, label: "Next page" } : undefined}
        />
      </div>
    </div>
  );
}
