import { AppLink } from "./app-link";
import { formatDate } from "~/lib/dates";
import { OUTCOME_LABELS } from "~/lib/lessons";
import { sentenceCase } from "~/lib/labels";
const OUTCOME_TAGS: Record<string, string> = { worked_well: "govuk-tag--green", mixed: "govuk-tag--yellow", did_not_work: "govuk-tag--red" };

/** A lesson's outcome as a GOV.UK tag: the colour helps, the words carry the meaning. */
export function OutcomeTag({ outcome }: { outcome: string }) {
  return <strong className={`govuk-tag ${OUTCOME_TAGS[outcome] ?? "govuk-tag--grey"}`}>{OUTCOME_LABELS[outcome] ?? outcome}</strong>;
}

export type LessonListEntry = {
  id: number;
  title: string;
  summary: string;
  outcome: string;
  audience: string;
  phaseName: string;
  usefulCount: number;
  isDemo: boolean;
  createdAt: string | Date;
  partnerships: { slug: string; name: string }[];
};

/**
 * Lessons as a list: title, outcome, phase, summary and the partnerships they are about. Used by
 * /lessons, and ready for the member home page and a partnership's page (listRecentLessons).
 */
export function LessonList({ lessons, headingLevel = 3, emptyText }: { lessons: readonly LessonListEntry[]; headingLevel?: 2 | 3; emptyText: string }) {
  if (lessons.length === 0) return <p className="govuk-body">{emptyText}</p>;
  const Heading = `h${headingLevel}` as const;
  return (
    <ul className="app-thread-list">
      {lessons.map((l) => (
        <li key={l.id} className="app-thread-list__item">
          <Heading className="app-thread-list__title">
            <AppLink className="govuk-link" to={`/lessons/${l.id}`}>{l.title}</AppLink>
          </Heading>
          <p className="app-tags govuk-!-margin-bottom-1">
            <OutcomeTag outcome={l.outcome} />
            <strong className="govuk-tag govuk-tag--grey">{sentenceCase(l.phaseName)}</strong>
            {l.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : null}
            {l.isDemo ? <strong className="govuk-tag govuk-tag--grey">Demo (fictional)</strong> : null}
          </p>
          <p className="govuk-body govuk-!-margin-bottom-1">{l.summary}</p>
          <p className="app-meta govuk-!-margin-bottom-0">
            About {l.partnerships.map((p, i) => <span key={p.slug}>{i > 0 ? "; " : ""}<AppLink className="govuk-link" to={`/partnerships/${p.slug}`}>{p.name}</AppLink></span>)}
            {" · "}
            {formatDate(l.createdAt)}
            {" · "}
            {l.usefulCount === 1 ? "1 member found this useful" : `${l.usefulCount} members found this useful`}
          </p>
        </li>
      ))}
    </ul>
  );
}
