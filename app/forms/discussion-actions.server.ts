/**
 * What every page that shows a discussion (a thread, a lesson, a template) does with it: load a
 * page of posts with the member's state, and handle replies, previews, helpful marks and
 * watching. Owners add their own intents (accepting an answer, locking) on top.
 */
import { data, redirect } from "@remix-run/node";
import type { Member } from "~/auth/policy/index.server";
import { pickStrings } from "~/lib/form.server";
import { pageFrom } from "~/lib/paging";
import { BODY_MAX_CHARS, postBody, submissionKey } from "~/forms/post-input";
import {
  createReply,
  discussionPage,
  markHelpful,
  pageOfNumber,
  postBySubmission,
  previewPost,
  setWatching,
  unmarkHelpful,
  type Discussion,
} from "~/models/discussions.server";
import { saveDraft } from "~/models/drafts.server";
import { INTEREST_DECLARATIONS, type InterestDeclaration } from "~/lib/fixed-lists";

/** A declaration from a form's radios, or null when none (or an unknown value) was chosen. */
export function parseInterest(value: string | undefined): InterestDeclaration | null {
  return (INTEREST_DECLARATIONS as readonly string[]).includes(value ?? "") ? (value as InterestDeclaration) : null;
}

/** `page` of the discussion for the member (from the URL), or null when the page is past the end. */
export function loadDiscussion(member: Member, discussion: Discussion, url: URL) {
  return discussionPage(member, discussion, { page: pageFrom(url), quoteId: Number(url.searchParams.get("quote")) });
}

export type DiscussionActionData = { errors?: Record<string, string>; body: string; interest?: string; preview: string | null; draftSaved?: boolean };

/**
 * Handles the shared intents. Returns a redirect, form data for the page, or null when the
 * intent belongs to the owner's route.
 */
export async function handleDiscussionIntent(member: Member, discussion: Discussion, form: FormData, pageUrl: (page: number, anchor?: number) => string) {
  const values = pickStrings(form, ["intent", "body", "postId", "submissionKey", "interest"]);
  const body = values.body ?? "";
  const interest = parseInterest(values.interest);
  const keep = { body, interest: values.interest ?? "" };
  switch (values.intent) {
    case "preview": {
      if (!body.trim()) return { ...keep, preview: "" } satisfies DiscussionActionData;
      const shown = previewPost(body.slice(0, BODY_MAX_CHARS));
      if (shown.problem !== null) return data({ errors: { body: shown.problem }, ...keep, preview: null }, { status: 400 });
      return { ...keep, preview: shown.html } satisfies DiscussionActionData;
    }
    case "draft": {
      // "Save draft" without JavaScript; with it the composer saves as the member types (/drafts).
      if (!saveDraft(member, { discussionId: discussion.id }, { bodyMd: body }).ok) throw new Response("Not found", { status: 404 });
      return { ...keep, preview: null, draftSaved: true } satisfies DiscussionActionData;
    }
    case "reply": {
      const parsed = postBody.safeParse(body);
      if (!parsed.success) return data({ errors: { body: parsed.error.issues[0]!.message }, ...keep, preview: null }, { status: 400 });
      const key = submissionKey.parse(values.submissionKey);
      const result = createReply(member, discussion.id, { bodyMd: parsed.data, submissionKey: key, interest });
      if (!result.ok) {
        if (result.reason === "duplicate" && key) {
          const existing = postBySubmission(member.id, key)!;
          return redirect(pageUrl(pageOfNumber(existing.number), existing.number));
        }
        if (result.reason === "locked") return data({ errors: { body: "This discussion is locked: no new replies can be added." }, ...keep, preview: null }, { status: 403 });
        if (result.reason === "declaration_required")
          return data({ errors: { interest: "Declare your organisation's interest in this procurement before posting" }, ...keep, preview: null }, { status: 400 });
        throw new Response("Not found", { status: 404 });
      }
      return redirect(pageUrl(pageOfNumber(result.value.number), result.value.number));
    }
    case "helpful": {
      const result = markHelpful(member, Number(values.postId));
      if (!result.ok && result.reason === "not_found") throw new Response("Not found", { status: 404 });
      if (!result.ok && result.reason === "own") throw new Response("You cannot mark your own post as helpful.", { status: 403 });
      const number = result.ok ? result.value.number : 1;
      return redirect(pageUrl(pageOfNumber(number), number));
    }
    case "unhelpful": {
      const result = unmarkHelpful(member, Number(values.postId));
      if (!result.ok) throw new Response("Not found", { status: 404 });
      return redirect(pageUrl(pageOfNumber(result.value.number), result.value.number));
    }
    case "watch":
    case "unwatch":
      setWatching(member, discussion, values.intent === "watch");
      return redirect(pageUrl(1));
    default:
      return null;
  }
}
