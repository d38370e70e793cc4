/**
 * Each page names itself with `export const handle = titled("…")` (or a function of its loader
 * data); the root layout builds the GOV.UK title "<page> – Partnering Exchange", prefixed
 * "Error: " while a form on the page has errors. Route `meta` cannot see action data, so it
 * cannot do this.
 */
export type TitleHandle = { title: string | ((data: unknown) => string) };

export function titled<T = unknown>(title: string | ((data: T) => string)): TitleHandle {
  return { title: title as TitleHandle["title"] };
}

export const SERVICE_NAME = "Partnering Exchange";
