import { Link } from "@remix-run/react";
import { titled } from "~/lib/meta";

export const handle = titled("Check your e-mail");

export default function CheckEmail() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Check your e-mail</h1>
          <div className="govuk-panel__body">We have sent you a link to confirm your address</div>
        </div>
        <p className="govuk-body">The link works once and expires in 24 hours. If it has not arrived in a few minutes, check your junk folder.</p>
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          If your address is on your organisation's verified domain, you can sign in as soon as you confirm it. Otherwise an
          administrator checks your request first, usually within one working day, and we e-mail you their decision.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/login">Sign in</Link>
        </p>
      </div>
    </div>
  );
}
