import { createContext, useContext, useState } from "react";
import type { HtmlPart } from "~/lib/held-html";

const HeldHtmlContext = createContext<readonly string[] | null>(null);
/** On the server, the HTML this request's loaders held back from their data (app/lib/held-html.ts). */
export const HeldHtmlProvider = HeldHtmlContext.Provider;

/**
 * HTML the server built (posts: everything escaped but their bodies, which were sanitised when
 * written), in a div. On the server a held part comes from the request's held HTML. In the
 * browser it comes from the page: the div as the server sent it is read once, when it is first
 * rendered, so hydrating changes nothing, and a page React had to render afresh keeps its posts.
 * After a client-side navigation or a submission, the loader data carries the HTML itself.
 */
export function ServerHtml({ part, id }: { part: HtmlPart; id: string }) {
  const held = useContext(HeldHtmlContext);
  const [fromPage] = useState(() => ("held" in part && !held && typeof document !== "undefined" ? (document.getElementById(id)?.innerHTML ?? "") : ""));
  const html = "html" in part ? part.html : held ? (held[part.held] ?? "") : fromPage;
  return <div id={id} dangerouslySetInnerHTML={{ __html: html }} />;
}
