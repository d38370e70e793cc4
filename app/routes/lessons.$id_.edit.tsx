import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/member.server";
import type { Member } from "~/auth/policy/index.server";
import { ErrorSummary } from "~/components/form";
import { LESSON_ERROR_ORDER, LessonForm } from "~/components/lesson-form";
import { lessonProblemErrors, previewLesson, readLessonForm } from "~/forms/lesson-input.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { requestMeta } from "~/lib/request.server";
import { getLesson, lessonEditPage, updateLesson } from "~/models/lessons.server";

export const handle = titled<{ title: string }>((d) => `Edit lesson: ${d.title}`);

/** The lesson, if this member may edit it: 404 when it cannot be read, 403 when it can but is not theirs. */
function editableLesson(member: Member, id: string | undefined) {
  const found = getLesson(member, parseId(id));
  if (!found) throw new Response("Not found", { status: 404 });
  if (!found.may.edit) throw new Response(FORBIDDEN, { status: 403 });
  return found;
}

const FORBIDDEN = "Only the lesson's author or a moderator can edit it.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = lessonEditPage(member, parseId(params.id));
  if (!page.ok) throw page.reason === "forbidden" ? new Response(FORBIDDEN, { status: 403 }) : new Response("Not found", { status: 404 });
  return page.value;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const { lesson } = editableLesson(member, params.id);
  const { intent, values, errors, input } = readLessonForm(await request.formData());
  if (intent === "preview") {
    const shown = previewLesson(values);
    return shown.errors ? data({ values, ...shown }, { status: 400 }) : { values, ...shown };
  }
  if (!input) return data({ values, errors, preview: null }, { status: 400 });
  const result = updateLesson(member, lesson.id, input, requestMeta(request, context).ip);
  if (!result.ok) {
    if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
    return data({ values, errors: lessonProblemErrors(result.reason), preview: null }, { status: 400 });
  }
  return redirect(`/lessons/${lesson.id}`);
}

export default function EditLessonPage() {
  const { id, title, options, values } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/lessons", label: "Lessons learned" }, { to: `/lessons/${id}`, label: title }]} />
        <ErrorSummary errors={state?.errors ?? undefined} order={LESSON_ERROR_ORDER} />
        <h1 className="govuk-heading-l">Edit lesson</h1>
        <LessonForm options={options} state={state ?? { values }} submitLabel="Save changes" />
      </div>
    </div>
  );
}
