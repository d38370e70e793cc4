import { Link } from "@remix-run/react";
import { ThreadList, type ThreadListItem } from "./thread-list";

export function MemberHome({ name, recent, unanswered }: { name: string; recent: ThreadListItem[]; unanswered: ThreadListItem[] }) {
  const unread = recent.filter((t) => !t.hasRead || t.unread > 0).length;
  return (
    <>
      <h1 className="govuk-heading-l">Welcome, {name}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Latest activity</h2>
          {unread > 0 ? <p className="govuk-body">{unread === 1 ? "1 thread has" : `${unread} threads have`} posts you have not read.</p> : null}
          <ThreadList threads={recent} showSpace emptyText="Nothing has been posted yet." />
          <p className="govuk-body"><Link className="govuk-link" to="/spaces">See every space in the forum</Link></p>
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Unanswered questions</h2>
          <ThreadList threads={unanswered} showSpace emptyText="Every question has an accepted answer." />
        </div>
      </div>
    </>
  );
}
