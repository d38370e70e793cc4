/** A thread's title and kind, shared by starting a thread and editing its details afterwards. */
import { z } from "zod";
import { THREAD_KINDS } from "~/lib/fixed-lists";
import type { ThreadDetailsProblem } from "~/models/forum.server";

export const threadKind = z.enum(THREAD_KINDS, { errorMap: () => ({ message: "Select whether this is a question or a discussion" }) });
export const threadTitle = z.string().trim().min(1, "Enter a title").min(5, "Title must be 5 characters or more").max(150, "Title must be 150 characters or fewer");

const ThreadDetailsForm = z.object({ kind: threadKind, title: threadTitle });

/** Ids from a repeated checkbox field; anything but a whole number is dropped (the model checks the rest). */
const ids = (form: FormData, name: string) => form.getAll(name).map(Number).filter(Number.isInteger);

/**
 * The details form as posted: what to show again (as typed), and either the details to save or
 * the field errors.
 */
export function parseThreadDetailsForm(form: FormData) {
  const serviceAreaIds = ids(form, "serviceAreas");
  const partnershipIds = ids(form, "partnerships");
  const raw = { title: String(form.get("title") ?? ""), kind: String(form.get("kind") ?? ""), clearAnswer: form.get("clearAnswer") === "yes" };
  const kept = { title: raw.title, kind: raw.kind, clearAnswer: raw.clearAnswer, serviceAreas: serviceAreaIds.map(String), partnerships: partnershipIds.map(String) };
  const parsed = ThreadDetailsForm.safeParse(raw);
  if (!parsed.success) return { kept, details: null, error: parsed.error } as const;
  return { kept, details: { ...parsed.data, serviceAreaIds, partnershipIds, clearAnswer: raw.clearAnswer }, error: null } as const;
}

/** What to tell the member when the model refuses, keyed to the field to fix. */
export const THREAD_DETAILS_ERRORS = {
  unknown_links: { serviceAreas: "Choose service areas and partnerships from the lists" },
  supplier_live_procurement: { partnerships: "A partnership you chose is in procurement: only the policing side can link a published thread to it" },
  supplier_unlink_live: { partnerships: "This thread is linked to a partnership in procurement: its partnerships cannot be removed while the procurement runs" },
  confirm_clear_answer: { clearAnswer: "Confirm that the accepted answer will be cleared, or keep this a question" },
} as const satisfies Record<Exclude<ThreadDetailsProblem, "not_found">, Record<string, string>>;
