import { formatDateTime } from "~/lib/dates";

export type ThreadListItem = {
  id: number;
  slug: string;
  title: string;
  kind: "question" | "discussion";
  isPinned: boolean;
  isAnswered: boolean;
  isLocked: boolean;
  isDemo: boolean;
  replies: number;
  lastActivityAt: string | Date;
  lastPosterName: string | null;
  authorName: string;
  authorOrganisation: string;
  spaceSlug: string;
  spaceName: string;
  unread: number;
  hasRead: boolean;
};

/** Plain links: a page lists up to 30 threads, and router-aware links cost render time on every one. */
export function ThreadList({ threads, showSpace = false, emptyText }: { threads: ThreadListItem[]; showSpace?: boolean; emptyText: string }) {
  if (threads.length === 0) return <p className="govuk-body">{emptyText}</p>;
  return (
    <ul className="app-thread-list">
      {threads.map((t) => (
        <li key={t.id} className="app-thread-list__item">
          <h3 className="app-thread-list__title">
            <a className="govuk-link" href={`/threads/${t.id}/${t.slug}`}>{t.title}</a>{" "}
            <span className="app-tags">
              {t.isPinned ? <strong className="govuk-tag govuk-tag--purple">Pinned</strong> : null}
              {t.kind === "question" ? (
                t.isAnswered ? <strong className="govuk-tag govuk-tag--green">Answered</strong> : <strong className="govuk-tag govuk-tag--yellow">Question</strong>
              ) : null}
              {t.isLocked ? <strong className="govuk-tag govuk-tag--grey">Locked</strong> : null}
              {t.isDemo ? <strong className="govuk-tag govuk-tag--grey">Demo (fictional)</strong> : null}
              {!t.hasRead ? <strong className="govuk-tag govuk-tag--blue">New</strong> : t.unread > 0 ? (
                <a className="govuk-link" href={`/threads/${t.id}/${t.slug}?unread=1`}>
                  <strong className="govuk-tag govuk-tag--blue">{`${t.unread} unread`}</strong>
                </a>
              ) : null}
            </span>
          </h3>
          <p className="app-meta govuk-!-margin-bottom-0">
            {t.kind === "question" ? "Asked" : "Started"} by {t.authorName}, {t.authorOrganisation}
            {showSpace ? <> in <a className="govuk-link" href={`/spaces/${t.spaceSlug}`}>{t.spaceName}</a></> : null}
            {" · "}
            {t.replies === 1 ? "1 reply" : `${t.replies} replies`}
            {" · "}
            last activity {formatDateTime(t.lastActivityAt)}
            {t.lastPosterName ? ` by ${t.lastPosterName}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}
