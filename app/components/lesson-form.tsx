import { Form } from "@remix-run/react";
import { sentenceCase } from "~/lib/labels";
import { CheckboxGroup, Radios, TextArea, TextInput } from "./form";
import { MarkdownField } from "./markdown-field";

export type LessonFormOptions = {
  partnerships: { id: number; name: string; status: string | null }[];
  phases: { id: number; name: string }[];
  areas: { id: number; name: string }[];
  may: { choosePolicingOnly: boolean; linkLiveProcurement: boolean };
};

export type LessonFormState = {
  values?: Partial<Record<"title" | "summary" | "phase" | "outcome" | "audience" | "context" | "worked" | "didNotWork" | "recommendation", string>> & { partnerships?: string[]; serviceAreas?: string[] };
  errors?: Record<string, string> | null;
  preview?: { contextHtml: string; workedHtml: string; didNotWorkHtml: string; recommendationHtml: string } | null;
};

export const LESSON_ERROR_ORDER = ["title", "summary", "partnerships", "phase", "serviceAreas", "outcome", "audience", "context", "worked", "didNotWork", "recommendation"];

/**
 * The lesson form for writing and editing: facts first, then the four Markdown sections, each with
 * its own preview. A plain POST form, so it works without JavaScript. The page puts the
 * ErrorSummary (with LESSON_ERROR_ORDER) above its heading.
 */
export function LessonForm({ options, state, submitLabel }: { options: LessonFormOptions; state: LessonFormState; submitLabel: string }) {
  const values = state.values ?? {};
  const errors = state.errors ?? undefined;
  const preview = state.preview;
  return (
    <>
      <Form method="post" noValidate>
        <TextInput name="title" label="Title" hint="5 to 150 characters. Say what the lesson is, not just the topic." errors={errors} defaultValue={values.title} maxLength={200} />
        <TextArea name="summary" label="Summary" hint="The lesson in one or two sentences, up to 280 characters. It is shown in lists." errors={errors} defaultValue={values.summary} rows={3} />
        <CheckboxGroup
          name="partnerships"
          legend="Partnerships this lesson is about"
          hint={
            options.may.linkLiveProcurement
              ? "Select at least one."
              : "Select at least one. Lessons about a partnership in procurement can be written by the policing side only until the procurement ends."
          }
          errors={errors}
          checked={values.partnerships ?? []}
          options={options.partnerships.map((p) => ({ value: String(p.id), label: p.status === "in-procurement" ? `${p.name} (in procurement)` : p.name }))}
        />
        <Radios name="phase" legend="Phase" hint="When in the life of the partnership this lesson comes from." errors={errors} defaultValue={values.phase} options={options.phases.map((p) => ({ value: String(p.id), label: sentenceCase(p.name) }))} />
        <details className="govuk-details" open={Boolean(values.serviceAreas?.length || errors?.serviceAreas)}>
          <summary className="govuk-details__summary"><span className="govuk-details__summary-text">Service areas (optional)</span></summary>
          <div className="govuk-details__text">
            <CheckboxGroup name="serviceAreas" legend="Service areas" errors={errors} checked={values.serviceAreas ?? []} options={options.areas.map((a) => ({ value: String(a.id), label: sentenceCase(a.name) }))} />
          </div>
        </details>
        <Radios
          name="outcome"
          legend="Outcome"
          errors={errors}
          defaultValue={values.outcome}
          options={[
            { value: "worked_well", label: "Worked well" },
            { value: "mixed", label: "Mixed" },
            { value: "did_not_work", label: "Did not work" },
          ]}
        />
        {options.may.choosePolicingOnly ? (
          <Radios
            name="audience"
            legend="Who can read this lesson?"
            hint="A policing-only lesson about a partnership in procurement cannot be opened to all members until the procurement ends."
            errors={errors}
            defaultValue={values.audience}
            options={[
              { value: "members", label: "All members, suppliers included" },
              { value: "policing", label: "The policing side only (forces, PCC offices and national bodies)" },
            ]}
          />
        ) : (
          <>
            <input type="hidden" name="audience" value="members" />
            <div className="govuk-inset-text">Every member can read your lesson, suppliers included.</div>
          </>
        )}
        <h2 className="govuk-heading-m">The lesson</h2>
        <MarkdownField name="context" label="Context (optional)" errors={errors} defaultValue={values.context} previewHtml={preview ? preview.contextHtml || null : undefined} rows={6} />
        <MarkdownField name="worked" label="What worked (optional)" errors={errors} defaultValue={values.worked} previewHtml={preview ? preview.workedHtml || null : undefined} rows={6} />
        <MarkdownField name="didNotWork" label="What did not work (optional)" errors={errors} defaultValue={values.didNotWork} previewHtml={preview ? preview.didNotWorkHtml || null : undefined} rows={6} />
        <MarkdownField name="recommendation" label="Recommendation" errors={errors} defaultValue={values.recommendation} previewHtml={preview ? preview.recommendationHtml || null : undefined} rows={6} />
        <div className="govuk-button-group">
          <button type="submit" name="intent" value="publish" className="govuk-button">{submitLabel}</button>
          <button type="submit" name="intent" value="preview" className="govuk-button govuk-button--secondary">Preview</button>
        </div>
      </Form>
    </>
  );
}
