import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { SuccessNotice } from "~/components/form";
import { formatDateTime } from "~/lib/dates";
import { titled } from "~/lib/meta";
import { Id } from "~/lib/params";
import { listNotifications, markNotificationsRead } from "~/models/notifications.server";

export const handle = titled("Notifications");

/** Opening the page marks nothing read: only following a notification, or "Mark all as read", does. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const rawBefore = url.searchParams.get("before");
  const before = rawBefore === null ? undefined : Id.safeParse(rawBefore);
  if (before && !before.success) throw new Response("Not found", { status: 404 });
  const page = listNotifications(member, { before: before?.data });
  return { ...page, isFirstPage: !before, done: url.searchParams.get("done") === "read-all" };
}

export async function action({ request }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const intent = String((await request.formData()).get("intent") ?? "");
  if (intent === "read-all") {
    markNotificationsRead(member);
    return redirect("/notifications?done=read-all");
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function Notifications() {
  const { notifications, hasOlder, isFirstPage, done } = useLoaderData<typeof loader>();
  const hasUnread = notifications.some((n) => !n.readAt);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {done ? (
          <SuccessNotice>
            <p className="govuk-notification-banner__heading">All your notifications are marked as read.</p>
          </SuccessNotice>
        ) : null}
        <h1 className="govuk-heading-l">Notifications</h1>
        {notifications.length === 0 && isFirstPage ? (
          <p className="govuk-body">
            You have no notifications. You will be told here about replies in threads you watch, mentions of you, and answers of yours that are accepted.
          </p>
        ) : (
          <>
            {hasUnread || !isFirstPage ? (
              <Form method="post">
                <input type="hidden" name="intent" value="read-all" />
                <button type="submit" className="govuk-button govuk-button--secondary">Mark all as read</button>
              </Form>
            ) : null}
            {notifications.length === 0 ? <p className="govuk-body">There are no older notifications.</p> : null}
            <ul className="app-thread-list">
              {notifications.map((n) => (
                <li className="app-thread-list__item" key={n.id}>
                  <p className={`govuk-body govuk-!-margin-bottom-1${n.readAt ? "" : " govuk-!-font-weight-bold"}`}>
                    <AppLink className="govuk-link" to={`/notifications/${n.id}`}>{n.text}</AppLink>
                    {n.readAt ? null : <strong className="govuk-tag govuk-tag--blue app-demo-tag">New</strong>}
                  </p>
                  <p className="app-meta govuk-!-margin-bottom-0">{formatDateTime(n.updatedAt)}</p>
                </li>
              ))}
            </ul>
          </>
        )}
        {hasOlder || !isFirstPage ? (
          <nav className="govuk-pagination govuk-pagination--block" aria-label="Notifications pages">
            {!isFirstPage ? (
              <div className="govuk-pagination__prev">
                <AppLink className="govuk-link govuk-pagination__link" to="/notifications" rel="first">
                  <span className="govuk-pagination__link-title">Newest notifications</span>
                </AppLink>
              </div>
            ) : null}
            {hasOlder ? (
              <div className="govuk-pagination__next">
                <AppLink className="govuk-link govuk-pagination__link" to={`/notifications?before=${notifications.at(-1)!.id}`} rel="next">
                  <span className="govuk-pagination__link-title">Older notifications</span>
                </AppLink>
              </div>
            ) : null}
          </nav>
        ) : null}
      </div>
    </div>
  );
}
