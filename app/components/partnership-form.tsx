import { CheckboxGroup, Radios, TextArea, TextInput } from "./form";
import { STATUS_LABELS } from "~/lib/partnership-labels";
import { sentenceCase } from "~/lib/labels";
import type { PartnershipStatus } from "~/lib/fixed-lists";

type TextField =
  | "name"
  | "summary"
  | "type"
  | "status"
  | "suppliers"
  | "procurementLaunched"
  | "contractSigned"
  | "serviceStart"
  | "serviceEnd"
  | "termYears"
  | "contractValue"
  | "contractValueNote"
  | "staffTransferred"
  | "commissionerBodies"
  | "revision";
/** The form as shown: each text as typed (or as stored), the ticked boxes. */
export type PartnershipFormState = Partial<Record<TextField, string>> & { serviceAreas?: string[]; forces?: string[] };
type Errors = Record<string, string> | undefined;
type Choice = { slug: string; name: string };

/** The order of the fields, for the error summary. */
export const PARTNERSHIP_FIELD_ORDER = ["form", "name", "summary", "type", "status", "serviceAreas", "forces", "suppliers", "procurementLaunched", "contractSigned", "serviceStart", "serviceEnd", "termYears", "contractValue", "contractValueNote", "staffTransferred", "commissionerBodies"];

const DATE_HINT = "A year, a month or a day: for example 2010, June 2010 or 1 October 2010. Leave empty if not known.";

/** The facts of a partnership: the fields shared by "Add a partnership" and "Edit". */
export function PartnershipFields({ values, errors, types, areas, forces }: { values: PartnershipFormState; errors: Errors; types: Choice[]; areas: Choice[]; forces: Choice[] }) {
  return (
    <>
      <TextInput name="name" label="Name" hint="Who partnered with whom, for what: for example, Cleveland Police and Steria business partnership." errors={errors} defaultValue={values.name} maxLength={250} />
      <TextArea name="summary" label="Summary (optional)" hint="What the partnership covers, in a sentence or two. Up to 2000 characters." errors={errors} defaultValue={values.summary} rows={3} />
      <Radios name="type" legend="Partnership type" errors={errors} defaultValue={values.type} options={types.map((t) => ({ value: t.slug, label: sentenceCase(t.name) }))} />
      <Radios
        name="status"
        legend="Status"
        errors={errors}
        defaultValue={values.status || "unknown"}
        options={[...(Object.keys(STATUS_LABELS) as PartnershipStatus[]).map((s) => ({ value: s, label: STATUS_LABELS[s] })), { value: "unknown", label: "Not known" }]}
      />
      <div className="app-checkbox-columns">
        <CheckboxGroup name="serviceAreas" legend="Service areas" hint="Select all that apply." errors={errors} checked={values.serviceAreas ?? []} options={areas.map((a) => ({ value: a.slug, label: sentenceCase(a.name) }))} />
        <CheckboxGroup name="forces" legend="Forces" hint="The police forces in the partnership. Select all that apply." errors={errors} checked={values.forces ?? []} options={forces.map((f) => ({ value: f.slug, label: f.name }))} />
      </div>
      <TextArea
        name="suppliers"
        label="Suppliers"
        hint="One per line. A supplier already on the exchange is matched by name; a new name is added for an administrator to confirm."
        errors={errors}
        defaultValue={values.suppliers}
        rows={3}
      />
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Key dates</legend>
        <div className="govuk-hint">{DATE_HINT}</div>
        <TextInput name="procurementLaunched" label="Procurement launched" errors={errors} defaultValue={values.procurementLaunched} width="20" />
        <TextInput name="contractSigned" label="Contract signed" errors={errors} defaultValue={values.contractSigned} width="20" />
        <TextInput name="serviceStart" label="Service start" errors={errors} defaultValue={values.serviceStart} width="20" />
        <TextInput name="serviceEnd" label="Service end" hint="The same as or after the service start." errors={errors} defaultValue={values.serviceEnd} width="20" />
      </fieldset>
      <TextInput name="termYears" label="Term in years (optional)" hint="A whole number from 1 to 50." errors={errors} defaultValue={values.termYears} width="10" inputMode="numeric" />
      <TextInput name="contractValue" label="Contract value (optional)" hint="In pounds: for example 175000000, £175m, £1.5bn or 2,800,000. Leave empty if not known." errors={errors} defaultValue={values.contractValue} width="20" />
      <TextInput name="contractValueNote" label="Note on the contract value (optional)" hint="For example: up to this amount; at least this amount, with an option to extend." errors={errors} defaultValue={values.contractValueNote} />
      <TextInput name="staffTransferred" label="Staff transferred (optional)" hint="For example: about 500 police staff." errors={errors} defaultValue={values.staffTransferred} />
      <TextInput name="commissionerBodies" label="Commissioner bodies (optional)" hint="The police authority or PCC that held the contract; separate several with semicolons." errors={errors} defaultValue={values.commissionerBodies} />
    </>
  );
}
