/** Search forms: plain GET forms to /search, so they work without JavaScript (issue 15). */

/** The header's search box, on every member page. */
export function HeaderSearch() {
  return (
    <form action="/search" method="get" role="search" aria-label="Site" className="app-header-search">
      <label className="govuk-visually-hidden" htmlFor="header-search">Search the exchange</label>
      <input className="govuk-input app-header-search__input" id="header-search" name="q" type="search" maxLength={200} />
      <button type="submit" className="govuk-button govuk-button--secondary app-header-search__button">Search</button>
    </form>
  );
}

/** Search within one space or partnership: the scope rides in a hidden field, as the filters do on /search. */
export function ScopedSearch({ scope, value, label }: { scope: "space" | "partnership"; value: string; label: string }) {
  return (
    <form action="/search" method="get" role="search" aria-label={label} className="govuk-!-margin-bottom-6">
      <input type="hidden" name={scope} value={value} />
      <div className="govuk-form-group govuk-!-margin-bottom-2">
        <label className="govuk-label govuk-label--s" htmlFor={`${scope}-search`}>{label}</label>
        <input className="govuk-input govuk-!-width-two-thirds" id={`${scope}-search`} name="q" type="search" maxLength={200} />
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">Search</button>
    </form>
  );
}
