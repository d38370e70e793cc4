/**
 * A tab opened before a release runs the old release's code. Loader data can change shape between
 * releases (issue 13 turned posts and thread lists into HTML), and the old components cannot
 * render the new shape: at its next navigation the tab would show the error page. So the server
 * names its build on every data answer, and a tab running another build loads the page it was
 * going to as a whole document instead, which brings the new code with it.
 */
export const BUILD_HEADER = "X-Exchange-Build";

/** The page a single-fetch data address loads: `/_root.data` is `/`, `/spaces/x.data` is `/spaces/x`. */
export function documentAddress(dataUrl: URL) {
  const url = new URL(dataUrl);
  url.pathname = url.pathname === "/_root.data" ? "/" : url.pathname.replace(/\.data$/, "");
  url.searchParams.delete("_routes");
  return `${url.pathname}${url.search}`;
}

/** The build this tab last loaded a document for: one document load per build, so no loop. */
const TRIED_KEY = "exchange-build-tried";

/**
 * In the browser, before Remix starts: Remix reads loader data with `fetch`, and offers no hook on
 * its answers, so the check wraps `fetch`. Only data reads (GET) turn into a document load: an
 * action has run by the time its answer arrives, and its redirect still works across releases;
 * the page it leads to is then read, and checked. While workers of two builds run side by side
 * (a restart under way), a tab loads a document once for a build it is sent to, then takes that
 * build's answers as they come, as Remix's own route discovery does.
 */
export function loadNewBuildOnChange(running: () => string) {
  const fetchData = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await fetchData(input, init);
    const served = response.headers.get(BUILD_HEADER);
    if (served === null || served === running()) return response;
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    if (method !== "GET" || !url.pathname.endsWith(".data") || !firstTryFor(served)) return response;
    window.location.assign(documentAddress(url));
    // The document load replaces this page; until then Remix has nothing to render.
    return new Promise<Response>(() => {});
  };
}

function firstTryFor(build: string) {
  try {
    if (window.sessionStorage.getItem(TRIED_KEY) === build) return false;
    window.sessionStorage.setItem(TRIED_KEY, build);
  } catch {
    // Storage blocked by the browser: the document load still happens, unguarded.
  }
  return true;
}
