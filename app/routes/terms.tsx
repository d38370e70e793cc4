import { titled } from "~/lib/meta";

export const handle = titled("Terms of use");

export default function Terms() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Terms of use</h1>
        <p className="govuk-body">By using Partnering Exchange you agree to:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>use your own account only, under your real name and organisation</li>
          <li>keep policing-only content on the policing side: never share it with suppliers</li>
          <li>declare your organisation's interest when you post about a partnership that is in procurement</li>
          <li>share facts with their source, and never name private individuals or allege wrongdoing</li>
          <li>not post anything that is protectively marked, commercially confidential or personal data</li>
        </ul>
        <p className="govuk-body">
          Moderators may hide content that breaks these terms, and administrators may suspend accounts. Every such action
          is recorded in the audit log.
        </p>
      </div>
    </div>
  );
}
