import { useLocation } from "@remix-run/react";
import { AppLink } from "./app-link";

/** The current URL with one query parameter set (or removed), other filters kept. */
function withParam(pathname: string, search: string, name: string, value: string | null) {
  const params = new URLSearchParams(search);
  if (value === null) params.delete(name);
  else params.set(name, value);
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

function PrevIcon() {
  return (
    <svg className="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
      <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z" />
    </svg>
  );
}

function NextIcon() {
  return (
    <svg className="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
      <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
    </svg>
  );
}

/** Page numbers to show: the first, the last, and the current with its neighbours; null for a gap. */
function visiblePages(page: number, totalPages: number): (number | null)[] {
  const wanted = new Set([1, totalPages, page - 1, page, page + 1].filter((n) => n >= 1 && n <= totalPages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1]! > 1) out.push(null);
    out.push(n);
  });
  return out;
}

/** GOV.UK numbered pagination over `?page=N`, keeping the page's other query parameters. Nothing when there is one page. */
export function Pager({ page, totalPages }: { page: number; totalPages: number }) {
  const { pathname, search } = useLocation();
  if (totalPages <= 1) return null;
  const href = (n: number) => withParam(pathname, search, "page", n === 1 ? null : String(n));
  return (
    <nav className="govuk-pagination" aria-label="Pagination">
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <AppLink className="govuk-link govuk-pagination__link" to={href(page - 1)} rel="prev">
            <PrevIcon />
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </AppLink>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {visiblePages(page, totalPages).map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} className="govuk-pagination__item govuk-pagination__item--ellipses">
              {"\u22ef"}
            </li>
          ) : (
            <li key={n} className={`govuk-pagination__item${n === page ? " govuk-pagination__item--current" : ""}`}>
              <AppLink className="govuk-link govuk-pagination__link" to={href(n)} aria-label={`Page ${n}`} aria-current={n === page ? "page" : undefined}>
                {n}
              </AppLink>
            </li>
          ),
        )}
      </ul>
      {page < totalPages ? (
        <div className="govuk-pagination__next">
          <AppLink className="govuk-link govuk-pagination__link" to={href(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
            <NextIcon />
          </AppLink>
        </div>
      ) : null}
    </nav>
  );
}

/** GOV.UK block pagination for keyset-paged lists, where only "newer" and "older" are known. */
export function PrevNextPager({ newer, older }: { newer?: { to: string; label: string }; older?: { to: string; label: string } }) {
  if (!newer && !older) return null;
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label="Pagination">
      {newer ? (
        <div className="govuk-pagination__prev">
          <AppLink className="govuk-link govuk-pagination__link" to={newer.to} rel="prev">
            <PrevIcon />
            <span className="govuk-pagination__link-title">{newer.label}</span>
          </AppLink>
        </div>
      ) : null}
      {older ? (
        <div className="govuk-pagination__next">
          <AppLink className="govuk-link govuk-pagination__link" to={older.to} rel="next">
            <NextIcon />
            <span className="govuk-pagination__link-title">{older.label}</span>
          </AppLink>
        </div>
      ) : null}
    </nav>
  );
}
