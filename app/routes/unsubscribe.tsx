import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { titled } from "~/lib/meta";
import { Id } from "~/lib/params";
import { isUnsubscribeLinkValid, stopEmailsBySignedLink } from "~/models/notifications.server";

export const handle = titled<{ problem: string | null } | undefined>((data) => (data?.problem ? "This link is not valid" : "Stop notification e-mails"));

const BAD_LINK = "This unsubscribe link is not valid. It may have been copied incompletely. Use the link in your most recent e-mail, or sign in and change how often you are e-mailed in your settings.";

function signedLink(u: FormDataEntryValue | null, s: FormDataEntryValue | null) {
  const userId = Id.safeParse(u);
  const signature = typeof s === "string" ? s : "";
  return userId.success && signature ? { userId: userId.data, signature } : null;
}

/** Showing a button rather than unsubscribing on GET keeps mail scanners that follow links from acting. */
export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const link = signedLink(params.get("u"), params.get("s"));
  if (!link || !isUnsubscribeLinkValid(link.userId, link.signature)) return data({ link: null, problem: BAD_LINK }, { status: 400 });
  return { link, problem: null };
}

/**
 * Our own form sends u and s as fields; a mail client's RFC 8058 one-click POST sends the body
 * "List-Unsubscribe=One-Click" to the URL from the List-Unsubscribe header, so they are then in
 * the query string. No session is needed: the signature says whose e-mails to stop.
 */
export async function action({ request }: ActionFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const form = await request.formData().catch(() => new FormData());
  const link = signedLink(form.get("u") ?? params.get("u"), form.get("s") ?? params.get("s"));
  const result = link ? stopEmailsBySignedLink(link.userId, link.signature) : null;
  if (!result?.ok) return data({ done: false, problem: BAD_LINK }, { status: 400 });
  return { done: true, problem: null };
}

export default function Unsubscribe() {
  const { link, problem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.done)
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">E-mails stopped</h1>
          </div>
          <p className="govuk-body">
            You will no longer get notification e-mails. You can change this in your <AppLink className="govuk-link" to="/settings">settings</AppLink>.
          </p>
          <p className="govuk-body">Your notifications are still shown on the site.</p>
        </div>
      </div>
    );
  const shownProblem = result?.problem ?? problem;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {shownProblem || !link ? (
          <>
            <h1 className="govuk-heading-l">This link is not valid</h1>
            <p className="govuk-body">{shownProblem ?? BAD_LINK}</p>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Stop notification e-mails</h1>
            <p className="govuk-body">
              You will stop getting e-mails about replies, mentions and accepted answers. Your notifications will still be shown on the site.
            </p>
            {/* The link rides in the address too, so the page shown after the POST is checked the same way. */}
            <Form method="post" action={`/unsubscribe?u=${link.userId}&s=${encodeURIComponent(link.signature)}`}>
              <input type="hidden" name="u" value={link.userId} />
              <input type="hidden" name="s" value={link.signature} />
              <button type="submit" className="govuk-button govuk-button--warning">Stop e-mails</button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
