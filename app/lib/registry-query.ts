/** The registry's filters and sort as they travel in a URL: `/partnerships?type=…&area=…&sort=value`. */

export const FACETS = ["type", "area", "status", "force", "supplier"] as const;
export type Facet = (typeof FACETS)[number];
export type RegistryFilter = Record<Facet, string | null>;
export const REGISTRY_SORTS = ["signed", "value"] as const;
export type RegistrySort = (typeof REGISTRY_SORTS)[number];
export type RegistryQuery = { filter: RegistryFilter; sort: RegistrySort };

/** Status filter value for partnerships whose status no source gives. */
export const UNKNOWN_STATUS = "unknown";

/**
 * Reads the filters from a URL. Every value is a slug; anything else is ignored rather than an
 * error, so an edited or stale link still shows a page. An unknown slug matches nothing.
 */
export function registryQueryFrom(url: URL): RegistryQuery {
  const get = (name: string) => {
    const v = url.searchParams.get(name)?.trim() ?? "";
    return /^[a-z0-9][a-z0-9-]{0,99}$/.test(v) ? v : null;
  };
  const filter = Object.fromEntries(FACETS.map((f) => [f, get(f)])) as RegistryFilter;
  const sort = url.searchParams.get("sort") === "value" ? "value" : "signed";
  return { filter, sort };
}

/** The query string for a filter and sort (defaults left out), for links and the CSV download. */
export function registrySearch(query: RegistryQuery, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const f of FACETS) if (query.filter[f]) params.set(f, query.filter[f]!);
  if (query.sort !== "signed") params.set("sort", query.sort);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}
