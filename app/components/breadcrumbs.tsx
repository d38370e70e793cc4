import { Link } from "@remix-run/react";

/** GOV.UK breadcrumbs: the pages above this one, nearest last. */
export function Breadcrumbs({ items }: { items: { to: string; label: string }[] }) {
  return (
    <nav className="govuk-breadcrumbs" aria-label="Breadcrumb">
      <ol className="govuk-breadcrumbs__list">
        {items.map((i) => (
          <li className="govuk-breadcrumbs__list-item" key={i.to}>
            <Link className="govuk-breadcrumbs__link" to={i.to}>
              {i.label}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
