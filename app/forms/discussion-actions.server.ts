/**
 * What every page that shows a discussion (a thread, a lesson, a template) does with it: load a
 * page of posts with the member's state, and handle replies, previews, helpful marks and
 * watching. Owners add their own intents (accepting an answer, locking) on top.
 */
import { data, redirect } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { can, mustDeclareInterest, type Member } from "~/auth/policy/index.server";
import { pickStrings } from "~/lib/form.server";
import { pageFrom } from "~/lib/paging";
import { BODY_MAX_CHARS, postBody, submissionKey } from "~/forms/post-input";
import {
  createReply,
  listPostsPage,
  markHelpful,
  markRead,
  memberDiscussionState,
  pageCount,
  pageOfNumber,
  postBySubmission,
  previewPost,
  quoteFor,
  setWatching,
  type Discussion,
} from "~/models/discussions.server";
import { isLinkedToLiveProcurement } from "~/models/procurement.server";
import { INTEREST_DECLARATIONS, type InterestDeclaration } from "../../db/schema";

/** A declaration from a form's radios, or null when none (or an unknown value) was chosen. */
export function parseInterest(value: string | undefined): InterestDeclaration | null {
  return (INTEREST_DECLARATIONS as readonly string[]).includes(value ?? "") ? (value as InterestDeclaration) : null;
}

/** `page` of the discussion for the member, or null when the page is past the end. */
export function loadDiscussion(member: Member, discussion: Discussion, url: URL) {
  const page = pageFrom(url);
  const pages = pageCount(discussion.lastPostNumber);
  if (page > pages) return null;
  const state = memberDiscussionState(member.id, discussion.id);
  const posts = listPostsPage(member, discussion, page);
  const lastOnPage = posts.at(-1)?.number ?? 0;
  if (lastOnPage > state.lastReadNumber) markRead(member.id, discussion.id, lastOnPage);
  const mayModerate = can(member, { do: "moderate", audience: discussion.audience });
  const quoteId = Number(url.searchParams.get("quote"));
  return {
    posts,
    page,
    pages,
    isWatching: state.isWatching,
    firstUnread: state.lastReadNumber < discussion.lastPostNumber ? state.lastReadNumber + 1 : null,
    memberId: member.id,
    mayModerate,
    mayReply: can(member, { do: "contribute", audience: discussion.audience }) && (!discussion.isLocked || mayModerate),
    isLocked: discussion.isLocked,
    mustDeclare: mustDeclareInterest(member, isLinkedToLiveProcurement({ discussionId: discussion.id })),
    quote: Number.isInteger(quoteId) && quoteId > 0 ? quoteFor(member, discussion.id, quoteId) : "",
    submissionKey: randomUUID(),
  };
}

export type DiscussionActionData = { errors?: Record<string, string>; body: string; interest?: string; preview: string | null };

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
    case "watch":
    case "unwatch":
      setWatching(member, discussion, values.intent === "watch");
      return redirect(pageUrl(1));
    default:
      return null;
  }
}
