import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireMember } from "~/auth/member.server";
import { ErrorSummary } from "~/components/form";
import { LESSON_ERROR_ORDER, LessonForm } from "~/components/lesson-form";
import { lessonProblemErrors, previewLesson, readLessonForm } from "~/forms/lesson-input.server";
import { titled } from "~/lib/meta";
import { createLesson, newLessonPage } from "~/models/lessons.server";
import { redirectWithFlash } from "~/models/flash.server";

export const handle = titled("Write a lesson");

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = newLessonPage(member);
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

export async function action({ request }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const { intent, values, errors, input } = readLessonForm(await request.formData());
  if (intent === "preview") {
    const shown = previewLesson(values);
    return shown.errors ? data({ values, ...shown }, { status: 400 }) : { values, ...shown };
  }
  if (!input) return data({ values, errors, preview: null }, { status: 400 });
  const result = createLesson(member, input);
  if (!result.ok) {
    if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
    return data({ values, errors: lessonProblemErrors(result.reason), preview: null }, { status: 400 });
  }
  return redirectWithFlash(member, `/lessons/${result.value.id}`, "Your lesson is published.");
}

export default function NewLessonPage() {
  const options = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/lessons", label: "Lessons learned" }]} />
        <ErrorSummary errors={state?.errors ?? undefined} order={LESSON_ERROR_ORDER} />
        <h1 className="govuk-heading-l">Write a lesson</h1>
        <p className="govuk-body">
          Share what you learned from a partnership so that other forces and PCCs can do better: what happened, what worked, what did not and what you would recommend.
          Stick to facts you can stand behind, and do not name individuals.
        </p>
        <LessonForm options={options} state={state ?? {}} submitLabel="Publish lesson" />
      </div>
    </div>
  );
}
