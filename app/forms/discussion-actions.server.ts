/**
 * What every page that shows a discussion (a thread, a lesson, a template) does with its form
 * posts: replies, previews, helpful marks and watching. Owners add their own intents (accepting
 * an answer, locking) on top. The page of posts itself comes with the page's model call.
 */
import { data, redirect } from "@remix-run/node";
import type { Member } from "~/auth/policy/index.server";
import { pickStrings } from "~/lib/form.server";
import { BODY_MAX_CHARS, postBody, submissionKey } from "~/forms/post-input";
import {
  createReply,
  markHelpful,
  pageOfNumber,
  postBySubmission,
  previewPost,
  setWatching,
  unreachableMentions,
  unmarkHelpful,
  type Discussion,
} from "~/models/discussions.server";
import { saveDraft } from "~/models/drafts.server";
import { INTEREST_DECLARATIONS, type InterestDeclaration } from "~/lib/fixed-lists";
import { redirectWithFlash } from "~/models/flash.server";

/** A declaration from a form's radios, or null when none (or an unknown value) was chosen. */
export function parseInterest(value: string | undefined): InterestDeclaration | null {
  return (INTEREST_DECLARATIONS as readonly string[]).includes(value ?? "") ? (value as InterestDeclaration) : null;
}

export type DiscussionActionData = { errors?: Record<string, string>; body: string; interest?: string; preview: string | null; unreachable?: string[]; draftSaved?: boolean };

/**
 * Handles the shared intents. Returns a redirect, form data for the page, or null when the
 * intent belongs to the owner's route.
 */
export async function handleDiscussionIntent(member: Member, discussion: Discussion, form: FormData, pageUrl: (page: number, anchor?: number) => string) {
  const values = pickStrings(form, ["intent", "body", "postId", "submissionKey", "interest", "mentionsChecked"]);
  const body = values.body ?? "";
  const interest = parseInterest(values.interest);
  const keep = { body, interest: values.interest ?? "" };
  switch (values.intent) {
    case "preview": {
      if (!body.trim()) return { ...keep, preview: "" } satisfies DiscussionActionData;
      const shown = previewPost(body.slice(0, BODY_MAX_CHARS), discussion.audience);
      if (shown.problem !== null) return data({ errors: { body: shown.problem }, ...keep, preview: null }, { status: 400 });
      return { ...keep, preview: shown.html, unreachable: shown.unreachable } satisfies DiscussionActionData;
    }
    case "draft": {
      // "Save draft" without JavaScript; with it the composer saves as the member types (/drafts).
      if (!saveDraft(member, { discussionId: discussion.id }, { bodyMd: body }).ok) throw new Response("Not found", { status: 404 });
      return { ...keep, preview: null, draftSaved: true } satisfies DiscussionActionData;
    }
    case "reply": {
      const parsed = postBody.safeParse(body);
      if (!parsed.success) return data({ errors: { body: parsed.error.issues[0]!.message }, ...keep, preview: null }, { status: 400 });
      // Mentioning someone who may not read this is allowed, but the author hears first that they will not be told.
      const unreachable = values.mentionsChecked === "yes" ? [] : unreachableMentions(parsed.data, discussion.audience);
      if (unreachable.length > 0) return { ...keep, preview: null, unreachable } satisfies DiscussionActionData;
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
      return redirectWithFlash(member, pageUrl(pageOfNumber(result.value.number), result.value.number), "Your reply is posted.");
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
