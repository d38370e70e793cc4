import { TextArea } from "./form";

/**
 * A Markdown body with a Preview button. Preview submits the form with intent=preview; the
 * action renders the text (the same pipeline as publishing) and returns it, so it works without
 * JavaScript too.
 */
export function MarkdownField({ name, label, errors, defaultValue, previewHtml, rows = 10 }: { name: string; label: string; errors?: Record<string, string>; defaultValue?: string; previewHtml?: string | null; rows?: number }) {
  return (
    <>
      <TextArea
        name={name}
        label={label}
        hint={<>Markdown: **bold**, _italic_, [link](https://…), lists, tables and `code`. Mention someone with @handle.</>}
        errors={errors}
        defaultValue={defaultValue}
        rows={rows}
      />
      {previewHtml !== undefined && previewHtml !== null ? (
        <section className="app-preview" aria-labelledby={`${name}-preview-heading`}>
          <h2 className="govuk-heading-s" id={`${name}-preview-heading`}>Preview</h2>
          {/* Safe: rendered and sanitised on the server by the same pipeline as published posts. */}
          <div className="app-post-body" dangerouslySetInnerHTML={{ __html: previewHtml }} />
        </section>
      ) : null}
    </>
  );
}
