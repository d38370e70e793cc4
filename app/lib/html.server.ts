const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

/** Markup that is already safe: built by `html` or sanitised when it was written. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}

const SPECIAL = /[&<>"']/;
const EVERY_SPECIAL = new RegExp(SPECIAL.source, "g");

/** Text made safe inside an element or a double-quoted attribute, as React escapes it. */
function escapeText(value: string) {
  // Most values (names, dates, addresses) have nothing to escape: testing first skips the replace.
  return SPECIAL.test(value) ? value.replace(EVERY_SPECIAL, (c) => ENTITY[c]!) : value;
}

type Part = SafeHtml | string | number | boolean | null | undefined;

/** One value as markup: safe markup as it is, text escaped, numbers as digits, anything else nothing. */
function write(part: Part) {
  if (part instanceof SafeHtml) return part.text;
  if (typeof part === "string") return escapeText(part);
  if (typeof part === "number") return String(part);
  return "";
}

/**
 * A tagged template for markup outside React: every value is escaped unless it is `SafeHtml`
 * (another `html` result, or HTML sanitised when written, passed through `trusted`); null,
 * undefined, true and false write nothing, as in React (so `${flag && html\`…\`}` is safe), and
 * an array writes each of its parts.
 */
export function html(strings: TemplateStringsArray, ...values: (Part | Part[])[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Array.isArray(value)) for (const part of value) out += write(part);
    else out += write(value);
    out += strings[i + 1]!;
  }
  return new SafeHtml(out);
}

/** HTML that was sanitised when it was written (a post's body), to be written as it is. */
export function trusted(sanitised: string) {
  return new SafeHtml(sanitised);
}
