import { useNavigate } from "@remix-run/react";
import { useEffect, type AnchorHTMLAttributes } from "react";

const MARK = "data-app-link";

/**
 * A link to a page of this site: a plain `<a>`, marked, which the root layout's one click handler
 * (`useAppLinks`) follows in the browser as Remix's `Link` would. A `Link` costs each link a chain
 * of hooks on the server (its address resolved against the route matches, prefetching, route
 * discovery): the layout's links alone were a tenth of a plain page's CPU (issue 13). Without
 * JavaScript it is an ordinary link. Posts' own links cannot carry the mark (the sanitiser keeps
 * only `href` and `rel`), so a link in a post to a download stays a download.
 */
export function AppLink({ to, ...attributes }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  return <a {...{ [MARK]: "" }} {...attributes} href={to} />;
}

/**
 * In the root layout: one listener for every `AppLink`. A plain left click moves in the browser;
 * a modified click, another target, a download, another site or a link within the page is the
 * browser's, as is any click a handler has already dealt with.
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
      navigate(`${link.pathname}${link.search}${link.hash}`);
    };
    document.addEventListener("click", follow);
    return () => document.removeEventListener("click", follow);
  }, [navigate]);
}
