import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireAdministrator } from "~/auth/member.server";
import { ErrorSummary, SuccessNotice } from "~/components/form";
import { SpaceFormFields } from "~/components/space-form";
import { fieldErrors, pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { requestMeta } from "~/lib/request.server";
import { SPACE_FIELDS, SPACE_PROBLEM_ERRORS, SpaceForm } from "~/forms/space-form";
import { getSpaceForAdmin, updateSpace } from "~/models/spaces.server";
import { parseId } from "~/lib/params";

export const handle = titled<{ space: { name: string } } | undefined>((d) => (d ? `Edit ${d.space.name}` : "Edit space"));

const DONE_MESSAGES: Record<string, string> = {
  saved: "The space is saved. The change is in the audit log.",
  unchanged: "Nothing had changed, so nothing was saved.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdministrator(request);
  const space = getSpaceForAdmin(admin, parseId(params.id));
  if (!space) throw new Response("Not found", { status: 404 });
  return { space };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireAdministrator(request);
  const id = parseId(params.id);
  if (!getSpaceForAdmin(admin, id)) throw new Response("Not found", { status: 404 });
  const values = pickStrings(await request.formData(), SPACE_FIELDS);
  const parsed = SpaceForm.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = updateSpace(admin, id, parsed.data, requestMeta(request, context).ip);
  if (!result.ok) {
    if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
    return data({ errors: { ...SPACE_PROBLEM_ERRORS[result.reason] } as Record<string, string>, values }, { status: 400 });
  }
  return redirect(`/admin/spaces/${id}?done=${result.value.changed.length ? "saved" : "unchanged"}`);
}

export default function EditSpace() {
  const { space } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
  const saved = {
    name: space.name,
    slug: space.slug,
    description: space.description,
    audience: space.audience,
    position: String(space.position),
    archived: space.isArchived ? "yes" : "",
    confirmWiden: "",
  };
  const values = actionData?.values ?? saved;
  const done = DONE_MESSAGES[params.get("done") ?? ""];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <AppLink className="govuk-back-link" to="/admin/spaces">Spaces</AppLink>
        <ErrorSummary errors={errors} order={[...SPACE_FIELDS]} />
        {done && !errors ? (
          <SuccessNotice>
            <p className="govuk-notification-banner__heading">{done}</p>
          </SuccessNotice>
        ) : null}
        <span className="govuk-caption-l">Administration</span>
        <h1 className="govuk-heading-l">Edit {space.name}</h1>
        <p className="govuk-body">
          {space.isArchived ? (
            <>Archived: members do not see it in the list of spaces, and nobody can start a thread in it. </>
          ) : (
            <>
              Members find it at <AppLink className="govuk-link" to={`/spaces/${space.slug}`}>/spaces/{space.slug}</AppLink>.{" "}
            </>
          )}
          It has {space.threadCount} {space.threadCount === 1 ? "thread" : "threads"}.
        </p>
        {space.audience === "policing" ? (
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              This space is policing-only. Opening it to all members shows every thread in it, and every reply, to suppliers.
            </strong>
          </div>
        ) : null}
        <SpaceFormFields key={JSON.stringify(saved)} values={values} errors={errors} submitLabel="Save space" isPolicingNow={space.audience === "policing"} threadCount={space.threadCount} />
      </div>
    </div>
  );
}
