import { AppLink } from "./app-link";

export function GuestHome() {
  return (
    <>
      <div className="app-hero">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h1 className="govuk-heading-xl">Learn from police and private sector partnerships</h1>
            <p className="govuk-body-l">
              Partnering Exchange is where chief officers, police and crime commissioners and their suppliers share what
              worked, what it cost and what they would do differently, instead of starting every contract from scratch.
            </p>
            <AppLink to="/join" role="button" draggable="false" className="govuk-button govuk-button--inverse govuk-button--start">
              Request access
              <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
              </svg>
            </AppLink>
            <p className="govuk-body">
              Already a member? <AppLink className="govuk-link govuk-link--inverse" to="/login">Sign in</AppLink>
            </p>
          </div>
        </div>
      </div>

      <div className="govuk-grid-row">
        <section className="govuk-grid-column-one-third app-card" aria-labelledby="forum-heading">
          <h2 className="govuk-heading-m" id="forum-heading">Ask and answer</h2>
          <p className="govuk-body">
            Chiefs ask questions before and during a partnership; suppliers and national bodies answer in open
            discussions. Policing-only spaces stay on the policing side.
          </p>
        </section>
        <section className="govuk-grid-column-one-third app-card" aria-labelledby="lessons-heading">
          <h2 className="govuk-heading-m" id="lessons-heading">Facts, not anecdote</h2>
          <p className="govuk-body">
            A registry of real partnerships (outsourced back office, custody, control rooms, joint ventures) with
            contract values and savings, each figure graded from supplier estimate to audited, and lessons learned.
          </p>
        </section>
        <section className="govuk-grid-column-one-third app-card" aria-labelledby="library-heading">
          <h2 className="govuk-heading-m" id="library-heading">Reuse what works</h2>
          <p className="govuk-body">
            A shared library of procurement templates (specifications, evaluation criteria, KPI schedules,
            benchmarking clauses, exit plans) with versions and the partnerships they were used in.
          </p>
        </section>
      </div>

      <h2 className="govuk-heading-m">Who can join</h2>
      <ul className="govuk-list govuk-list--bullet">
        <li>police forces in England and Wales: chief officers and staff leads for finance, HR, procurement and ICT</li>
        <li>offices of police and crime commissioners</li>
        <li>national bodies, such as the Home Office, the inspectorate and the College of Policing</li>
        <li>suppliers of outsourcing, ICT, custody and consultancy services</li>
      </ul>
      <p className="govuk-body">
        Accounts are checked before they can read anything. Addresses on an organisation's verified domain are approved
        as soon as the e-mail address is confirmed.
      </p>
    </>
  );
}
