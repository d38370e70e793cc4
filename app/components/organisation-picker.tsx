import { useEffect, useState, type ReactNode } from "react";
import { Select, type Option } from "./form";

export const NOT_LISTED = "new";

type Props = {
  errors?: Record<string, string>;
  defaultValue: string;
  groups: { label: string; options: Option[] }[];
  /** The "not listed" fields: shown with a hint without JavaScript, revealed only when chosen with it. */
  notListed: ReactNode;
};

/**
 * The organisation select, enhanced into the GOV.UK accessible autocomplete once the page is
 * interactive (issue 14, item 13). The select stays in the form and carries the value, so the
 * page works the same without JavaScript. "Not listed" is offered whatever is typed.
 */
export function OrganisationPicker({ errors, defaultValue, groups, notListed }: Props) {
  const [enhanced, setEnhanced] = useState(false);
  const [chosen, setChosen] = useState(defaultValue);
  useEffect(() => {
    const select = document.getElementById("organisation");
    if (!(select instanceof HTMLSelectElement)) return;
    let cancelled = false;
    void import("accessible-autocomplete").then(({ default: autocomplete }) => {
      if (cancelled || !select.isConnected) return;
      const options = [...select.options];
      const notListedLabel = options.find((o) => o.value === NOT_LISTED)!.text;
      const names = options.filter((o) => o.value && o.value !== NOT_LISTED).map((o) => o.text);
      autocomplete.enhanceSelectElement({
        selectElement: select,
        defaultValue: select.value ? select.selectedOptions[0]!.text : "",
        showAllValues: true,
        confirmOnBlur: true,
        // The ghost-text hint autoselect draws is an unlabelled input (axe: label, critical).
        autoselect: false,
        source: (query, populate) => {
          const q = query.trim().toLowerCase();
          populate([...names.filter((n) => n.toLowerCase().includes(q)), notListedLabel]);
        },
        onConfirm: (label) => {
          const option = options.find((o) => o.text === label);
          // Confirming nothing (the box was cleared) clears the choice, so a stale one is never sent.
          const value = option ? option.value : label === undefined && !document.querySelector<HTMLInputElement>("#organisation")?.value ? "" : select.value;
          select.value = value;
          setChosen(value);
        },
      });
      setEnhanced(true);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <>
      <Select
        name="organisation"
        label="Organisation"
        hint="Start typing the name of your police force, commissioner's office, national body or company."
        errors={errors}
        defaultValue={defaultValue}
        options={[{ value: "", label: "Choose your organisation" }, { value: NOT_LISTED, label: "My organisation is not listed" }]}
        groups={groups}
      />
      <div className="govuk-inset-text" id="organisation-not-listed" hidden={enhanced && chosen !== NOT_LISTED}>
        {enhanced ? null : <p className="govuk-body">If your organisation is not listed, choose "My organisation is not listed" and name it here. An administrator will check it.</p>}
        {notListed}
      </div>
    </>
  );
}
