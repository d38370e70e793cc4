import { useEffect, useRef, type ReactNode } from "react";

/** Below this width the grid stacks, so the filters would push the results off the first screen. */
const NARROW = "(max-width: 40.0525em)";

/**
 * A list's filters behind a "Filter" toggle on a phone (issue 14, item 14): a details element,
 * open as the server sends it, so without JavaScript everything shows and it still folds; with
 * JavaScript it starts closed on a narrow screen unless a filter is in use. From tablet width up
 * the toggle is hidden and the filters always show.
 */
export function FilterPanel({ active, children }: { active: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const narrow = window.matchMedia(NARROW);
    if (!active && narrow.matches) ref.current?.removeAttribute("open");
    // Widening the window (or turning a tablet) hides the toggle, so the filters must be open.
    const widen = () => {
      if (!narrow.matches) ref.current?.setAttribute("open", "");
    };
    narrow.addEventListener("change", widen);
    return () => narrow.removeEventListener("change", widen);
  }, [active]);
  return (
    <details className="govuk-details app-filter" open ref={ref}>
      <summary className="govuk-details__summary app-filter__toggle">
        <span className="govuk-details__summary-text">{active ? "Filter (in use)" : "Filter"}</span>
      </summary>
      <div className="app-filter__body">{children}</div>
    </details>
  );
}
