/** Shared by the search model and page (server modules are stripped from the browser bundle). */
export const SEARCH_KINDS = ["thread", "lesson", "template", "partnership"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
/** Singular and plural labels; "Lessons learned", never "Lesson learneds". */
export const SEARCH_KIND_LABELS: Record<SearchKind, { one: string; many: string }> = {
  thread: { one: "Thread", many: "Threads" },
  lesson: { one: "Lesson learned", many: "Lessons learned" },
  template: { one: "Template", many: "Templates" },
  partnership: { one: "Partnership", many: "Partnerships" },
};
export const SEARCH_SORTS = ["relevance", "newest"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
/** Private-use characters mark the match in snippets; the page turns them into <mark> after escaping. */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";
