import type { AppLoadContext } from "@remix-run/node";
import { formatDateTime } from "./dates";
import type { ThreadKind } from "./fixed-lists";
import { htmlPart } from "./held-html";
import { html } from "./html.server";

export type ThreadListItem = {
  id: number;
  slug: string;
  title: string;
  kind: ThreadKind;
  isPinned: boolean;
  isAnswered: boolean;
  isLocked: boolean;
  isDemo: boolean;
  replies: number;
  lastActivityAt: Date;
  lastPosterName: string | null;
  authorName: string;
  authorOrganisation: string;
  spaceSlug: string;
  spaceName: string;
  unread: number;
  hasRead: boolean;
};

function tags(t: ThreadListItem) {
  const kind = t.kind !== "question" ? null : t.isAnswered ? html`<strong class="govuk-tag govuk-tag--green">Answered</strong>` : html`<strong class="govuk-tag govuk-tag--yellow">Question</strong>`;
  const reading = !t.hasRead
    ? html`<strong class="govuk-tag govuk-tag--blue">New</strong>`
    : t.unread > 0 && html`<a data-app-link class="govuk-link" href="/threads/${t.id}/${t.slug}?unread=1"><strong class="govuk-tag govuk-tag--blue">${t.unread} unread</strong></a>`;
  return html`<span class="app-tags">${t.isPinned && html`<strong class="govuk-tag govuk-tag--purple">Pinned</strong>`}${kind}${t.isLocked && html`<strong class="govuk-tag govuk-tag--grey">Locked</strong>`}${
    t.isDemo && html`<strong class="govuk-tag govuk-tag--grey">Demo (fictional)</strong>`
  }${reading}</span>`;
}

/**
 * A list of threads as HTML, built by the loader and held back from its data when the page
 * carries it (`htmlPart`), as a thread page's posts are: up to 30 threads on a page, which
 * React's render and the loader data's encoding made a fifth of a space listing's CPU (issue 13).
 * Plain links, so they work the same without JavaScript; with it, they carry AppLink's mark
 * (`data-app-link`) and are followed in the browser.
 */
export function threadListPart(context: Pick<AppLoadContext, "heldHtml">, threads: ThreadListItem[], { showSpace = false, emptyText }: { showSpace?: boolean; emptyText: string }) {
  if (threads.length === 0) return htmlPart(context, html`<p class="govuk-body">${emptyText}</p>`.text);
  const items = threads.map(
    (t) =>
      html`<li class="app-thread-list__item"><h3 class="app-thread-list__title"><a data-app-link class="govuk-link" href="/threads/${t.id}/${t.slug}">${t.title}</a> ${tags(t)}</h3><p class="app-meta govuk-!-margin-bottom-0">${t.kind === "question" ? "Asked" : "Started"} by ${t.authorName}, ${t.authorOrganisation}${
        showSpace && html` in <a data-app-link class="govuk-link" href="/spaces/${t.spaceSlug}">${t.spaceName}</a>`
      } · ${t.replies === 1 ? "1 reply" : `${t.replies} replies`} · last activity ${formatDateTime(t.lastActivityAt)}${t.lastPosterName ? ` by ${t.lastPosterName}` : ""}</p></li>`,
  );
  return htmlPart(context, html`<ul class="app-thread-list">${items}</ul>`.text);
}
