import type { ReactNode } from "react";
import { CheckboxGroup, Radios, Select, TextArea, TextInput } from "./form";

type Errors = Record<string, string> | undefined;
type Term = { id: number; name: string };
type Partnership = { id: number; name: string; status: string | null };

export type TemplateFieldValues = { title?: string; summary?: string; category?: string; audience?: string; licence?: string; serviceAreas?: string[]; partnerships?: string[] };

export const LICENCE_OPTIONS = [
  { value: "ogl", label: "Open Government Licence v3.0 (anyone may reuse it, with attribution)" },
  { value: "members-only", label: "Members of Partnering Exchange only (do not share it outside the exchange)" },
];

/**
 * The detail fields shared by "Add a template" and "Edit details", in GOV.UK form order. `may`
 * says which choices the member has: a policing-only audience, a partnership in procurement.
 */
export function TemplateDetailFields({ values, errors, categories, areas, partnerships, may }: { values: TemplateFieldValues; errors: Errors; categories: Term[]; areas: Term[]; partnerships: Partnership[]; may: { choosePolicingOnly: boolean; linkLiveProcurement: boolean } }) {
  return (
    <>
      <TextInput name="title" label="Title" hint="5 to 150 characters, for example “Custody service specification”." errors={errors} defaultValue={values.title} maxLength={200} />
      <TextArea name="summary" label="Summary" hint="Up to 500 characters: what the template is for, and where it has been used." errors={errors} defaultValue={values.summary} rows={4} />
      <Select
        name="category"
        label="Category"
        hint="The stage of the Sourcing Playbook the template belongs to."
        errors={errors}
        defaultValue={values.category ?? ""}
        options={[{ value: "", label: "Choose a category" }, ...categories.map((c) => ({ value: String(c.id), label: sentence(c.name) }))]}
      />
      <CheckboxGroup name="serviceAreas" legend="Service areas (optional)" errors={errors} checked={values.serviceAreas ?? []} options={areas.map((a) => ({ value: String(a.id), label: sentence(a.name) }))} />
      {may.choosePolicingOnly ? (
        <Radios
          name="audience"
          legend="Who can see it"
          errors={errors}
          defaultValue={values.audience}
          options={[
            { value: "members", label: "Every member, suppliers included" },
            { value: "policing", label: "The policing side only (forces, PCC offices and national bodies)" },
          ]}
        />
      ) : (
        <>
          <input type="hidden" name="audience" value="members" />
          <div className="govuk-inset-text" id="audience">Every member can see templates added by suppliers, including other suppliers.</div>
          {errors?.audience ? <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {errors.audience}</p> : null}
        </>
      )}
      <Radios name="licence" legend="Licence" hint="Under what terms others may reuse it." errors={errors} defaultValue={values.licence} options={LICENCE_OPTIONS} />
      <CheckboxGroup
        name="partnerships"
        legend="Partnerships it was used in (optional)"
        hint={may.linkLiveProcurement ? "Linking a partnership in procurement keeps a policing-only template policing-only until the procurement ends." : "Partnerships in procurement cannot be chosen by suppliers."}
        errors={errors}
        checked={values.partnerships ?? []}
        options={partnerships.map((p) => ({ value: String(p.id), label: p.status === "in-procurement" ? `${p.name} (in procurement)` : p.name }))}
      />
    </>
  );
}

/** GOV.UK file upload. The browser cannot refill a file input, so after an error `chosen` names the file to choose again. */
export function FileField({ errors, chosen, label = "File", hint }: { errors: Errors; chosen?: string | null; label?: string; hint: ReactNode }) {
  const error = errors?.file;
  const describedBy = ["file-hint", error ? "file-error" : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor="file">{label}</label>
      <div id="file-hint" className="govuk-hint">
        {hint}
        {chosen && !error ? <><br /><strong>{`You chose “${chosen}”. Choose the file again: browsers do not keep it after the page reloads.`}</strong></> : null}
      </div>
      {error ? (
        <p id="file-error" className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <input className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`} id="file" name="file" type="file" accept=".docx,.xlsx,.pptx,.odt,.ods,.pdf,.csv,.md,.txt" aria-describedby={describedBy} />
    </div>
  );
}

/** Vocabulary terms are stored in lower case ("benchmarking clause"); labels start with a capital. */
export function sentence(name: string) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** "2.4 MB", "830 KB", "512 bytes". */
export function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
}
