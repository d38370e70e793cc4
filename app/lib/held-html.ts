import type { AppLoadContext } from "@remix-run/node";

/**
 * HTML a loader built for its page: written in the loader data (`html`) when the browser asks
 * for data, or, when the server renders the whole page, held back for the render (`held`, its
 * place in `AppLoadContext.heldHtml`), since the page itself then carries it and the browser
 * takes it from there (`components/held-html.tsx`). A thread page's posts were otherwise sent
 * twice, once in the page and once, escaped, in its loader data: 40 % of the page's bytes
 * (issue 13).
 */
export type HtmlPart = { html: string } | { held: number };

export function htmlPart(context: Pick<AppLoadContext, "heldHtml">, html: string): HtmlPart {
  if (!context.heldHtml) return { html };
  return { held: context.heldHtml.push(html) - 1 };
}
