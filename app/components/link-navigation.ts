import { useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

/**
 * The layout's links (header, phase banner, footer) are plain `<a>`s on every page, and one click
 * handler on their container moves in the browser, as Remix's `Link` would, for a plain left click
 * on a link to this site. A `Link` costs each link a chain of hooks on the server (its address
 * resolved against the route matches, prefetching, route discovery): the layout's links were a
 * tenth of a plain page's CPU (issue 13). Without JavaScript they are ordinary links.
 */
export function useLinkNavigation() {
  const navigate = useNavigate();
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    const link = event.target instanceof Element ? event.target.closest("a") : null;
    if (!link || !event.currentTarget.contains(link) || link.hasAttribute("download") || (link.target && link.target !== "_self") || link.origin !== window.location.origin) return;
    // A link within this page (#main-content) is the browser's to follow.
    if (link.hash && link.pathname === window.location.pathname && link.search === window.location.search) return;
    event.preventDefault();
    navigate(`${link.pathname}${link.search}${link.hash}`);
  };
}
