import { Form } from "@remix-run/react";
import { AppLink } from "./app-link";
import { ErrorSummary, Select } from "~/components/form";
import type { ImportActionData } from "~/lib/ocds/import-route.server";
import type { ImportPlan } from "~/models/ocds-import.server";

type Props = { partnership: { slug: string; name: string } | null; maxMegabytes: number; actionData: ImportActionData | undefined };

/** The upload form, or the preview of what the upload would change with its confirm button. */
export function OcdsImport({ partnership, maxMegabytes, actionData }: Props) {
  if (actionData?.step === "preview") return <Preview plan={actionData.plan} error={actionData.error} partnership={partnership} />;
  const error = actionData?.step === "upload" ? actionData.error : undefined;
  return (
    <>
      <ErrorSummary errors={error ? { file: error } : undefined} />
      <span className="govuk-caption-l">{partnership ? partnership.name : "Add a partnership"}</span>
      <h1 className="govuk-heading-l">{partnership ? "Update from published notices" : "Add a partnership from published notices"}</h1>
      <p className="govuk-body">
        Upload the procurement&rsquo;s notices as Open Contracting Data Standard (OCDS) JSON, as Contracts Finder and Find a Tender publish them: a release package, a record package or a single release. You see every fact that would be added or changed before anything is saved.
      </p>
      <p className="govuk-body">Savings never come from notices: add them yourself, with who reported them and their evidence.</p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="file">
            OCDS file
          </label>
          <div id="file-hint" className="govuk-hint">
            JSON, up to {maxMegabytes} MB, about one procurement
          </div>
          {error ? (
            <p id="file-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          ) : null}
          {actionData?.step === "upload" && actionData.problems.length ? (
            <ul className="govuk-list govuk-list--bullet app-ocds-problems">
              {actionData.problems.map((p, i) => (
                <li key={i}>
                  <code>{p.path || "/"}</code> {p.message}
                </li>
              ))}
            </ul>
          ) : null}
          {actionData?.step === "upload" && actionData.link ? (
            <p className="govuk-body">
              <AppLink className="govuk-link" to={actionData.link.href}>
                {actionData.link.text}
              </AppLink>
            </p>
          ) : null}
          <input className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`} id="file" name="file" type="file" accept=".json,application/json" aria-describedby={`file-hint${error ? " file-error" : ""}`} />
        </div>
        <button type="submit" className="govuk-button">
          Show what would change
        </button>
      </Form>
    </>
  );
}

function Preview({ plan, error, partnership }: { plan: ImportPlan; error?: string; partnership: Props["partnership"] }) {
  const creating = !partnership;
  const buyerOptions = [{ value: "", label: "Choose the force or commissioner's office" }, ...plan.buyerOptions.map((o) => ({ value: o.slug, label: o.name }))];
  return (
    <>
      <ErrorSummary errors={error ? { buyer: error } : undefined} />
      <span className="govuk-caption-l">{partnership ? partnership.name : "Add a partnership"}</span>
      <h1 className="govuk-heading-l">Check what the notices would change</h1>
      <p className="govuk-body">
        Procurement <code>{plan.ocid}</code>, published by {plan.publisher}. The file holds {plan.releaseCount === 1 ? "1 notice" : `${plan.releaseCount} notices`}
        {plan.newReleases.length < plan.releaseCount ? `, ${plan.releaseCount - plan.newReleases.length} of them imported before` : ""}.
      </p>
      <h2 className="govuk-heading-m">Buyer</h2>
      {plan.buyer.organisation && plan.buyer.matched ? (
        <p className="govuk-body">
          The notices name the buyer &ldquo;{plan.buyer.published}&rdquo;: that is <strong>{plan.buyer.organisation.name}</strong>.
        </p>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="upload" value={plan.sha256} />
          <input type="hidden" name="intent" value="preview" />
          <Select
            name="buyer"
            label={`The notices name the buyer “${plan.buyer.published ?? "no buyer"}”. Which force or commissioner's office is it?`}
            hint="It is none of the 43 forces or their commissioner offices by identifier or name. If the notice is not about a policing partnership, do not import it."
            errors={error ? { buyer: error } : undefined}
            defaultValue={plan.buyer.organisation?.slug ?? ""}
            options={buyerOptions}
          />
          <button type="submit" className="govuk-button govuk-button--secondary">
            Show the changes for this buyer
          </button>
        </Form>
      )}
      {plan.notes.length ? (
        <div className="govuk-inset-text">
          {plan.notes.map((n, i) => (
            <p className="govuk-body" key={i}>
              {n}
            </p>
          ))}
        </div>
      ) : null}
      <h2 className="govuk-heading-m" id="changes">
        {plan.changes.length === 0 ? "Nothing would change" : plan.changes.length === 1 ? "1 fact would be added or changed" : `${plan.changes.length} facts would be added or changed`}
      </h2>
      {plan.changes.length === 0 ? (
        <p className="govuk-body">The registry already holds everything these notices say{partnership ? <> about {partnership.name}</> : null}.</p>
      ) : (
        <div className="app-scroll app-scroll--table" tabIndex={0} role="region" aria-labelledby="changes">
          <table className="govuk-table app-ocds-preview">
            <caption className="govuk-table__caption govuk-visually-hidden">Each fact, what the registry holds now and what the notices say</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Fact</th>
                {creating ? null : <th scope="col" className="govuk-table__header">Now</th>}
                <th scope="col" className="govuk-table__header">From the notices</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {plan.changes.map((c) => (
                <tr className="govuk-table__row" key={c.key}>
                  <th scope="row" className="govuk-table__header">
                    {c.label}
                  </th>
                  {creating ? null : <td className="govuk-table__cell">{c.before ?? <span className="app-meta">New</span>}</td>}
                  <td className="govuk-table__cell app-ocds-preview__new">{c.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {plan.unchanged ? <p className="govuk-body app-meta">{plan.unchanged === 1 ? "1 fact already matches the notices." : `${plan.unchanged} facts already match the notices.`}</p> : null}
      {plan.changes.length && plan.buyer.organisation ? (
        <Form method="post" noValidate>
          <input type="hidden" name="upload" value={plan.sha256} />
          <input type="hidden" name="fingerprint" value={plan.fingerprint} />
          <input type="hidden" name="buyer" value={plan.buyer.matched ? "" : plan.buyer.organisation.slug} />
          <input type="hidden" name="intent" value="confirm" />
          <button type="submit" className="govuk-button">
            {creating ? "Add the partnership" : "Save these changes"}
          </button>
        </Form>
      ) : null}
      <p className="govuk-body">
        <AppLink className="govuk-link" to={partnership ? `/partnerships/${partnership.slug}` : "/partnerships/new"}>
          {plan.changes.length ? "Cancel" : "Back"}
          {partnership ? <span className="govuk-visually-hidden"> and go back to {partnership.name}</span> : null}
        </AppLink>
      </p>
    </>
  );
}
