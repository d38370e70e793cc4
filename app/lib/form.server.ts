import type { z } from "zod";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

/** The named text fields of a form, as typed (files and unknown fields ignored). */
export function pickStrings(form: FormData, names: readonly string[]): FormValues {
  return Object.fromEntries(names.map((n) => [n, typeof form.get(n) === "string" ? (form.get(n) as string) : ""]));
}

/** The first message for each field, keyed by field name, for the error summary and the fields. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Values to send back to the form: never a password or a secret. */
export function withoutSecrets(values: FormValues, secrets: readonly string[] = ["password", "currentPassword", "newPassword", "code"]) {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !secrets.includes(k)));
}
