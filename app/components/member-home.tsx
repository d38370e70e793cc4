import { AppLink } from "./app-link";
import { LessonList, type LessonListEntry } from "./lesson-list";
import type { HtmlPart } from "~/lib/held-html";
import { ServerHtml } from "./held-html";

export function MemberHome({ name, recent, unread, unanswered, lessons, templates }: { name: string; recent: HtmlPart; unread: number; unanswered: HtmlPart; lessons: readonly LessonListEntry[]; templates: readonly { id: number; title: string; categoryName: string; isDemo: boolean }[] }) {
  return (
    <>
      <h1 className="govuk-heading-l">Welcome, {name}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Latest activity</h2>
          {unread > 0 ? <p className="govuk-body">{unread === 1 ? "1 thread has" : `${unread} threads have`} posts you have not read.</p> : null}
          <ServerHtml part={recent} id="latest-threads" />
          <p className="govuk-body"><AppLink className="govuk-link" to="/spaces">See every space in the forum</AppLink></p>
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Unanswered questions</h2>
          <ServerHtml part={unanswered} id="unanswered-threads" />
          <h2 className="govuk-heading-m">New lessons learned</h2>
          <LessonList lessons={lessons} emptyText="No lessons have been shared yet." />
          <p className="govuk-body"><AppLink className="govuk-link" to="/lessons">Browse every lesson</AppLink></p>
          <h2 className="govuk-heading-m">Recently updated templates</h2>
          {templates.length === 0 ? <p className="govuk-body">No templates have been shared yet.</p> : (
            <ul className="govuk-list">
              {templates.map((t) => (
                <li key={t.id}>
                  <AppLink className="govuk-link" to={`/library/${t.id}`}>{t.title}</AppLink>
                  <span className="app-meta"> · {t.categoryName}{t.isDemo ? " · demo (fictional)" : ""}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="govuk-body"><AppLink className="govuk-link" to="/library">Browse the template library</AppLink></p>
        </div>
      </div>
    </>
  );
}
