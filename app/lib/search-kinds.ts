/** Shared by the search model and page (server modules are stripped from the browser bundle). */
export const SEARCH_KINDS = ["thread", "post", "lesson", "template", "partnership"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
/** Private-use characters mark the match in snippets; the page turns them into <mark> after escaping. */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";
