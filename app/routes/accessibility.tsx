import { titled } from "~/lib/meta";

export const handle = titled("Accessibility statement");

export default function Accessibility() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement</h1>
        <p className="govuk-body">
          Partnering Exchange aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. Every page
          works with a keyboard and without JavaScript, and is built from GOV.UK Frontend components.
        </p>
        <p className="govuk-body">
          Each release is checked automatically with axe-core in Chromium. If you find a barrier, tell the moderators in
          the Open discussions space and we will fix it.
        </p>
      </div>
    </div>
  );
}
