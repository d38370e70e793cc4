const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

/** Markup that is already safe: built by `html` or sanitised when it was written. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}

/** Text made safe inside an element or a double-quoted attribute, as React escapes it. */
function escapeText(value: string | number) {
  return String(value).replace(/[&<>"']/g, (c) => ENTITY[c]!);
}

type Part = SafeHtml | string | number | boolean | null | undefined;

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
    for (const part of Array.isArray(value) ? value : [value]) {
      if (part instanceof SafeHtml) out += part.text;
      else if (typeof part === "string" || typeof part === "number") out += escapeText(part);
    }
    out += strings[i + 1]!;
  }
  return new SafeHtml(out);
}

/** HTML that was sanitised when it was written (a post's body), to be written as it is. */
export function trusted(sanitised: string) {
  return new SafeHtml(sanitised);
}
