// `$id_` keeps this page out of the thread page's layout.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { Checkbox, CheckboxGroup, ErrorSummary, Radios, TextInput } from "~/components/form";
import { parseThreadDetailsForm, THREAD_DETAILS_ERRORS } from "~/forms/thread-details";
import { fieldErrors } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { requestMeta } from "~/lib/request.server";
import { redirectWithFlash } from "~/models/flash.server";
import { threadDetailsPage, updateThreadDetails } from "~/models/forum.server";
import { BackToThread, threadHref } from "~/components/thread-subpage";

export const handle = titled<{ thread: { title: string } }>((d) => `Edit thread details: ${d.thread.title}`);

/** Title, kind, service areas and partnerships after publishing (issue 14, item 4): the author, or a moderator. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = threadDetailsPage(member, parseId(params.id));
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const { kept, details, error } = parseThreadDetailsForm(await request.formData());
  if (!details) return data({ errors: fieldErrors(error), values: kept }, { status: 400 });
  const result = updateThreadDetails(member, parseId(params.id), details, requestMeta(request, context).ip);
  if (!result.ok) {
    if (result.reason === "not_found") throw new Response("Not found", { status: 404 });
    return data({ errors: THREAD_DETAILS_ERRORS[result.reason] as Record<string, string>, values: kept }, { status: 400 });
  }
  const { id, slug, changed } = result.value;
  return redirectWithFlash(member, `/threads/${id}/${slug}`, changed ? "Thread details saved" : "Nothing changed: the thread's details are as they were");
}

export default function ThreadDetails() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const values = actionData?.values ?? { ...page.values, clearAnswer: false };
  const back = threadHref(page.thread);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackToThread thread={page.thread} />
        <ErrorSummary errors={errors} order={["kind", "clearAnswer", "title", "serviceAreas", "partnerships"]} />
        <span className="govuk-caption-l">{page.thread.title}</span>
        <h1 className="govuk-heading-l">{page.isOwn ? "Edit thread details" : "Edit thread details as a moderator"}</h1>
        <p className="govuk-body">Every change is shown in the thread's history to everyone who can read the thread.</p>
        <Form method="post" noValidate>
          <Radios name="kind" legend="Is this a question or a discussion?" errors={errors} defaultValue={values.kind} options={[{ value: "question", label: "A question (one answer can be accepted)" }, { value: "discussion", label: "A discussion" }]} inline />
          {page.hasAcceptedAnswer ? (
            <Checkbox name="clearAnswer" errors={errors} defaultChecked={values.clearAnswer} label="If this becomes a discussion, clear the accepted answer (a discussion has none)" />
          ) : null}
          <TextInput name="title" label="Title" hint="5 to 150 characters." errors={errors} defaultValue={values.title} maxLength={200} />
          <CheckboxGroup name="serviceAreas" legend="Service areas" errors={errors} checked={values.serviceAreas} options={page.areas.map((a) => ({ value: String(a.id), label: a.name }))} />
          <CheckboxGroup
            name="partnerships"
            legend="Partnerships this is about"
            hint={
              !page.may.unlinkPartnerships
                ? "This thread is linked to a partnership in procurement: its partnerships stay while the procurement runs."
                : !page.may.linkLiveProcurement
                  ? "Partnerships in procurement cannot be added to a published thread by suppliers."
                  : undefined
            }
            errors={errors}
            checked={values.partnerships}
            options={page.partnerships.map((p) => ({ value: String(p.id), label: p.name }))}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button">Save thread details</button>
            <AppLink className="govuk-link" to={back}>Cancel</AppLink>
          </div>
        </Form>
      </div>
    </div>
  );
}
