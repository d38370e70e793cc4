import { z } from "zod";

/** ASVS 2.1: at least 12 characters, long passphrases allowed, never the e-mail address. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

export const passwordField = z
  .string()
  .min(1, "Enter a password")
  .min(PASSWORD_MIN, `Password must be ${PASSWORD_MIN} characters or more`)
  .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`);

export function passwordIsEmail(password: string, email: string) {
  const p = password.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  return p === e || p === e.split("@")[0];
}
