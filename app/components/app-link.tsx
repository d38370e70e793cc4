import { useNavigate } from "@remix-run/react";
import { useEffect, type AnchorHTMLAttributes } from "react";

const MARK = "data-app-link";

/**
 * A link to a page of this site: a plain `<a>`, marked, which the root layout's one click handler
 * (`useAppLinks`) follows in the browser as Remix's `Link` would. A `Link` costs each link a chain
 * of hooks on the server (its address resolved against the route matches, prefetching, route
 * discovery): the layout's links alone were a tenth of a plain page's CPU (issue 13). Without
 * JavaScript it is an ordinary link. HTML the server writes as strings (thread lists, posts,
 * search hits) marks its page links the same way. What members write cannot carry the mark (both
 * sanitisers drop every `data-` attribute), so a link in a post to a download stays a download.
 */
export function AppLink({ to, ...attributes }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  return <a {...{ [MARK]: "" }} {...attributes} href={to} />;
}

/**
 * In the root layout: one listener for every `AppLink`. A plain left click moves in the browser
 * (replacing the history entry when the link is to this very page, as `Link` does); a modified
 * click, another target, a download, another site or a link within the page is the browser's, as
 * is any click a handler has already dealt with.
 */
export function useAppLinks() {
  const navigate = useNavigate();
  useEffect(() => {
    const follow = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>(`a[${MARK}]`) : null;
      if (!link || link.hasAttribute("download") || (link.target && link.target !== "_self") || link.origin !== window.location.origin) return;
      if (link.hash && link.pathname === window.location.pathname && link.search === window.location.search) return;
      event.preventDefault();
      const to = `${link.pathname}${link.search}${link.hash}`;
      navigate(to, { replace: to === `${window.location.pathname}${window.location.search}${window.location.hash}` });
    };
    document.addEventListener("click", follow);
    return () => document.removeEventListener("click", follow);
  }, [navigate]);
}
