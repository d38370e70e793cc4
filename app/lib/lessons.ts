/** Lesson words and lists shared by the model (lessons.server.ts) and the pages, which cannot import .server modules. */

/** The filters of /lessons, in the order the panel shows them; each takes one value (a slug). */
export const LESSON_FACETS = ["area", "phase", "type", "outcome", "force", "supplier", "partnership"] as const;
export type LessonFacet = (typeof LESSON_FACETS)[number];

export const LESSON_SORTS = ["newest", "useful"] as const;
export type LessonSort = (typeof LESSON_SORTS)[number];

export const LESSON_FACET_LABELS: Record<LessonFacet, { label: string; all: string }> = {
  area: { label: "Service area", all: "All service areas" },
  phase: { label: "Phase", all: "All phases" },
  type: { label: "Partnership type", all: "All partnership types" },
  outcome: { label: "Outcome", all: "All outcomes" },
  force: { label: "Force", all: "All forces" },
  supplier: { label: "Supplier", all: "All suppliers" },
  partnership: { label: "Partnership", all: "All partnerships" },
};

export const OUTCOME_LABELS: Record<string, string> = { worked_well: "Worked well", mixed: "Mixed", did_not_work: "Did not work" };

