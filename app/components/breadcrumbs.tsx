import { AppLink } from "./app-link";

/** GOV.UK breadcrumbs: the pages above this one, nearest last. */
export function Breadcrumbs({ items }: { items: { to: string; label: string }[] }) {
  return (
    <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
      <ol className="govuk-breadcrumbs__list">
        {items.map((i) => (
          <li className="govuk-breadcrumbs__list-item" key={i.to}>
            <AppLink className="govuk-breadcrumbs__link" to={i.to}>
              {i.label}
            </AppLink>
          </li>
        ))}
      </ol>
    </nav>
  );
}
