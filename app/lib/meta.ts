import type { MetaDescriptor } from "@remix-run/node";

/** GOV.UK pattern: "<page> – <service>", with "Error: " first when a form has errors. */
export function pageTitle(title: string, options: { hasErrors?: boolean } = {}): MetaDescriptor[] {
  return [{ title: `${options.hasErrors ? "Error: " : ""}${title} – Partnering Exchange` }];
}
