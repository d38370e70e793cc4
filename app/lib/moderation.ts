/** Words and limits that moderation forms and models share (no server code, so pages may import it). */

export const FLAG_REASONS = [
  { value: "off_topic", label: "Off-topic" },
  { value: "duplicate", label: "A duplicate of another post or thread" },
  { value: "terms", label: "Breaks the terms of use" },
  { value: "confidential", label: "Commercially sensitive or confidential" },
  { value: "personal_data", label: "Personal data" },
  { value: "other", label: "Something else" },
] as const;

export type FlagReason = (typeof FLAG_REASONS)[number]["value"];
export const FLAG_REASON_VALUES = FLAG_REASONS.map((r) => r.value) as [FlagReason, ...FlagReason[]];
export const FLAG_DETAILS_MAX = 500;
/** Shown in place of the post to every reader, so it is short. */
export const HIDE_REASON_MAX = 300;

export function flagReasonLabel(value: FlagReason) {
  return FLAG_REASONS.find((r) => r.value === value)!.label;
}
