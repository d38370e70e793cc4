import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { useDraftAutosave } from "~/components/composer";
import { z } from "zod";
import { requireMember } from "~/auth/member.server";
import { CheckboxGroup, ErrorSummary, Radios, TextInput } from "~/components/form";
import { MarkdownField } from "~/components/markdown-field";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { INTEREST_DECLARATIONS, type InterestDeclaration } from "~/lib/fixed-lists";
import { titled } from "~/lib/meta";
import { BODY_MAX_CHARS, postBody, submissionKey } from "~/forms/post-input";
import { threadKind, threadTitle } from "~/forms/thread-details";
import { createThread, getSpace, listLinkablePartnerships, listServiceAreas, newThreadPage, threadOfDiscussion } from "~/models/forum.server";
import { postBySubmission, previewPost, unreachableMentions } from "~/models/discussions.server";
import { MentionWarning } from "~/components/discussion";
import { redirectWithFlash } from "~/models/flash.server";
import { saveDraft } from "~/models/drafts.server";

export const handle = titled<{ space: { name: string } }>((d) => `New thread in ${d.space.name}`);

const NewThread = z.object({ kind: threadKind, title: threadTitle, body: postBody });

function loadSpace(member: Awaited<ReturnType<typeof requireMember>>, slug: string | undefined) {
  const space = getSpace(member, slug ?? "");
  if (!space || !space.may.startThread) throw new Response("Not found", { status: 404 });
  return space;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = newThreadPage(member, params.slug ?? "", new URL(request.url).searchParams.get("partnership"));
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const space = loadSpace(member, params.slug);
  const form = await request.formData();
  const values = pickStrings(form, ["kind", "title", "body", "intent", "submissionKey", "interest", "mentionsChecked"]);
  const areaIds = form.getAll("serviceAreas").map(Number).filter(Number.isInteger);
  const partnershipIds = form.getAll("partnerships").map(Number).filter(Number.isInteger);
  const kept = { ...values, serviceAreas: areaIds.map(String), partnerships: partnershipIds.map(String) };
  if (values.intent === "draft") {
    const kind = values.kind === "question" || values.kind === "discussion" ? values.kind : null;
    saveDraft(member, { spaceSlug: space.slug }, { bodyMd: values.body ?? "", title: values.title, kind });
    return { errors: undefined, values: kept, preview: null, draftSaved: true };
  }
  if (values.intent === "preview") {
    if (!values.body?.trim()) return { errors: undefined, values: kept, preview: "" };
    const shown = previewPost(values.body.slice(0, BODY_MAX_CHARS), space.audience);
    if (shown.problem !== null) return data({ errors: { body: shown.problem }, values: kept, preview: null }, { status: 400 });
    return { errors: undefined, values: kept, preview: shown.html, unreachable: shown.unreachable };
  }
  const parsed = NewThread.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: kept, preview: null }, { status: 400 });
  const validAreas = new Set(listServiceAreas().map((a) => a.id));
  const validPartnerships = new Set(listLinkablePartnerships().map((p) => p.id));
  if (areaIds.some((id) => !validAreas.has(id)) || partnershipIds.some((id) => !validPartnerships.has(id)))
    return data({ errors: { serviceAreas: "Choose service areas and partnerships from the lists" }, values: kept, preview: null }, { status: 400 });
  const unreachable = values.mentionsChecked === "yes" ? [] : unreachableMentions(parsed.data.body, space.audience);
  if (unreachable.length > 0) return { errors: undefined, values: kept, preview: null, unreachable };
  const key = submissionKey.parse(values.submissionKey);
  const interest = (INTEREST_DECLARATIONS as readonly string[]).includes(values.interest ?? "") ? (values.interest as InterestDeclaration) : null;
  const result = createThread(member, space, { kind: parsed.data.kind, title: parsed.data.title, bodyMd: parsed.data.body, serviceAreaIds: areaIds, partnershipIds, submissionKey: key, interest });
  if (!result.ok) {
    if (result.reason === "declaration_required")
      return data({ errors: { interest: "A partnership you linked is in procurement: declare your organisation's interest before posting" }, values: kept, preview: null }, { status: 400 });
    if (result.reason === "duplicate" && key) {
      const existing = postBySubmission(member.id, key);
      const thread = existing ? threadOfDiscussion(existing.discussionId) : null;
      if (thread) return redirect(`/threads/${thread.id}/${thread.slug}`);
    }
    throw new Response("Not found", { status: 404 });
  }
  return redirectWithFlash(member, `/threads/${result.value.id}/${result.value.slug}`, parsed.data.kind === "question" ? "Your question is published." : "Your discussion is published.");
}

const THREAD_DRAFT_FIELDS = ["title", "kind", "body"];

export default function NewThreadPage() {
  const { space, areas, partnerships, submissionKey: key, mustDeclareIfLive, draft, preselected } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = (actionData?.values ?? { ...draft, partnerships: preselected }) as Record<string, string> & { serviceAreas?: string[]; partnerships?: string[] };
  const form = useRef<HTMLFormElement>(null);
  const autosaved = useDraftAutosave(form, { spaceSlug: space.slug }, THREAD_DRAFT_FIELDS);
  const draftSaved = Boolean(actionData && "draftSaved" in actionData && actionData.draftSaved);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/spaces", label: "Forum" }, { to: `/spaces/${space.slug}`, label: space.name }]} />
        <ErrorSummary errors={errors} order={["kind", "title", "body", "serviceAreas", "interest"]} />
        <h1 className="govuk-heading-l">Start a thread in {space.name}</h1>
        {space.audience === "policing" ? (
          <div className="govuk-inset-text">This space is for the policing side only: suppliers cannot see it.</div>
        ) : (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text"><span className="govuk-visually-hidden">Warning</span>Every member can read this space, suppliers included.</strong>
          </div>
        )}
        <Form method="post" noValidate ref={form}>
          <input type="hidden" name="submissionKey" value={values.submissionKey ?? key} />
          <Radios name="kind" legend="What are you posting?" errors={errors} defaultValue={values.kind ?? "question"} options={[{ value: "question", label: "A question (you can accept one answer)" }, { value: "discussion", label: "A discussion" }]} inline />
          <TextInput name="title" label="Title" hint="5 to 150 characters. Say what you want to know." errors={errors} defaultValue={values.title} maxLength={200} />
          <MarkdownField name="body" label="Your post" errors={errors} defaultValue={values.body} previewHtml={actionData?.preview} />
          <MentionWarning names={actionData && "unreachable" in actionData ? actionData.unreachable : undefined} />
          <details className="govuk-details" open={(values.partnerships?.length ?? 0) > 0 || undefined}>
            <summary className="govuk-details__summary"><span className="govuk-details__summary-text">Tag service areas and partnerships (optional)</span></summary>
            <div className="govuk-details__text">
              <CheckboxGroup name="serviceAreas" legend="Service areas" errors={errors} checked={values.serviceAreas ?? []} options={areas.map((a) => ({ value: String(a.id), label: a.name }))} />
              <CheckboxGroup name="partnerships" legend="Partnerships this is about" errors={errors} checked={values.partnerships ?? []} options={partnerships.map((p) => ({ value: String(p.id), label: p.name }))} />
            </div>
          </details>
          {mustDeclareIfLive ? (
            <Radios
              name="interest"
              legend="Your organisation's interest (only if you link a partnership in procurement)"
              hint="Suppliers posting about a partnership that is in procurement declare whether they are bidding. The declaration is shown beside your post and kept in the market engagement record."
              errors={errors}
              defaultValue={values.interest}
              options={[{ value: "bidding", label: "We are bidding" }, { value: "may_bid", label: "We may bid" }, { value: "not_bidding", label: "We are not bidding" }]}
            />
          ) : null}
          <div className="govuk-button-group">
            <button type="submit" name="intent" value="publish" className="govuk-button">Publish</button>
            <button type="submit" name="intent" value="preview" className="govuk-button govuk-button--secondary">Preview</button>
            <button type="submit" name="intent" value="draft" className="govuk-button govuk-button--secondary">Save draft</button>
          </div>
          <p className="govuk-body-s app-draft-status" role="status">
            {draftSaved ? <>Your draft is saved. <a className="govuk-link" href="/drafts">Your drafts</a></> : autosaved ? <>{autosaved}. <a className="govuk-link" href="/drafts">Your drafts</a></> : null}
          </p>
        </Form>
      </div>
    </div>
  );
}
