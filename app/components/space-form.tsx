import { Form } from "@remix-run/react";
import { Checkbox, Radios, TextArea, TextInput } from "~/components/form";
import { SPACE_DESCRIPTION_MAX, SPACE_NAME_MAX } from "~/forms/space-form";

type Errors = Record<string, string> | undefined;
export type SpaceFormValues = Record<string, string>;

/**
 * The fields of a space, for creating and editing. `isPolicingNow` shows the confirmation that
 * widening an existing policing-only space needs.
 */
export function SpaceFormFields({ values, errors, submitLabel, isPolicingNow, threadCount }: { values: SpaceFormValues; errors: Errors; submitLabel: string; isPolicingNow?: boolean; threadCount?: number }) {
  return (
    <Form method="post" noValidate>
      <TextInput name="name" label="Name" hint={`3 to ${SPACE_NAME_MAX} characters.`} errors={errors} defaultValue={values.name} autoComplete="off" />
      <TextInput
        name="slug"
        label="Web address"
        hint="The end of /spaces/…: lower-case letters, digits and hyphens, like ict-and-digital. If you change it, links people have shared to the old address stop working."
        errors={errors}
        defaultValue={values.slug}
        autoComplete="off"
        spellCheck={false}
        width="20"
      />
      <TextArea name="description" label="Description" hint={`Shown in the list of spaces. At most ${SPACE_DESCRIPTION_MAX} characters.`} errors={errors} defaultValue={values.description} rows={3} />
      <Radios
        name="audience"
        legend="Who can see it"
        hint="Its threads inherit this. Suppliers never see a policing-only space or anything in it."
        errors={errors}
        defaultValue={values.audience}
        options={[
          { value: "members", label: "All members, suppliers included" },
          { value: "policing", label: "The policing side only" },
        ]}
      />
      {isPolicingNow ? (
        <Checkbox
          name="confirmWiden"
          label={`I understand every thread in this space becomes visible to suppliers${threadCount ? ` (${threadCount} ${threadCount === 1 ? "thread" : "threads"})` : ""}`}
          errors={errors}
          defaultChecked={values.confirmWiden === "yes"}
        />
      ) : null}
      <TextInput name="position" label="Position" hint="Spaces are listed by position, lowest first." errors={errors} defaultValue={values.position} inputMode="numeric" width="10" />
      <Checkbox name="archived" label="Archived: hidden from the list of spaces and closed to new threads; its threads stay readable" errors={errors} defaultChecked={values.archived === "yes"} />
      <button type="submit" className="govuk-button" data-module="govuk-button">
        {submitLabel}
      </button>
    </Form>
  );
}
