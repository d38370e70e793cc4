/** The part of accessible-autocomplete 3 (which ships no types) that the request-access page uses. */
declare module "accessible-autocomplete" {
  export type EnhanceOptions = {
    selectElement: HTMLSelectElement;
    source?: (query: string, populateResults: (results: string[]) => void) => void;
    onConfirm?: (chosen: string | undefined) => void;
    defaultValue?: string;
    showAllValues?: boolean;
    autoselect?: boolean;
    dropdownArrow?: () => string;
    minLength?: number;
    confirmOnBlur?: boolean;
    tNoResults?: () => string;
  };
  const accessibleAutocomplete: { enhanceSelectElement(options: EnhanceOptions): void };
  export default accessibleAutocomplete;
}
