import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/member.server";
import { formatDateTime } from "~/lib/dates";
import { pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { Id } from "~/lib/params";
import { THREAD_KINDS, type ThreadKind } from "~/lib/fixed-lists";
import { deleteDraft, listDrafts, saveDraft } from "~/models/drafts.server";

export const handle = titled("Your drafts");

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  return { drafts: listDrafts(member) };
}

/** intent=save: the composer's autosave (JavaScript); intent=delete: the Delete buttons below. */
export async function action({ request }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const values = pickStrings(await request.formData(), ["intent", "discussionId", "spaceSlug", "title", "kind", "body", "draftId"]);
  if (values.intent === "delete") {
    const id = Id.safeParse(values.draftId);
    if (!id.success || !deleteDraft(member, id.data).ok) throw new Response("Not found", { status: 404 });
    return redirect("/drafts");
  }
  if (values.intent !== "save") throw new Response("Unknown action", { status: 400 });
  const discussionId = Id.safeParse(values.discussionId);
  const where = discussionId.success ? { discussionId: discussionId.data } : values.spaceSlug ? { spaceSlug: values.spaceSlug } : null;
  const kind = (THREAD_KINDS as readonly string[]).includes(values.kind ?? "") ? (values.kind as ThreadKind) : null;
  const saved = where ? saveDraft(member, where, { bodyMd: values.body ?? "", title: values.title, kind }) : null;
  if (!saved?.ok) throw new Response("Not found", { status: 404 });
  return Response.json({ saved: saved.value.kept });
}

export default function DraftsPage() {
  const { drafts } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Your drafts</h1>
        <p className="govuk-body">Replies and threads you have started writing and not yet posted. Only you can see them; a draft is deleted when you post it.</p>
        {drafts.length === 0 ? <p className="govuk-body">You have no drafts.</p> : (
          <ul className="govuk-list">
            {drafts.map((d) => (
              <li key={d.id} className="govuk-!-margin-bottom-4">
                <a className="govuk-link govuk-!-font-weight-bold" href={d.url}>{d.where}</a>
                <p className="govuk-body govuk-!-margin-bottom-1">{d.excerpt || <em>No text yet</em>}</p>
                <p className="app-meta govuk-!-margin-bottom-1">Saved {formatDateTime(d.updatedAt)}</p>
                <form method="post">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="draftId" value={d.id} />
                  <button type="submit" className="app-button-link">Delete<span className="govuk-visually-hidden"> the draft for {d.where}</span></button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
