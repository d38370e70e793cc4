import { AppLink } from "./app-link";

/** The address of a thread's page, which its sub-pages (details, history, answer change) lead back to. */
export function threadHref(thread: { id: number; slug: string }) {
  return `/threads/${thread.id}/${thread.slug}`;
}

/** The back link a thread's sub-page opens with. */
export function BackToThread({ thread }: { thread: { id: number; slug: string } }) {
  return <AppLink className="govuk-back-link" to={threadHref(thread)}>Back to the thread</AppLink>;
}
