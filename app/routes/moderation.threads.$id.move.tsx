import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { Checkbox, ErrorSummary, Radios } from "~/components/form";
import { pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { requestMeta } from "~/lib/request.server";
import { getThreadToMove, moveThread, threadMovePage } from "~/models/forum.server";

export const handle = titled("Move a thread");

async function load(request: Request, idParam: string | undefined) {
  const member = await requireMember(request);
  const found = getThreadToMove(member, parseId(idParam));
  if (!found) throw new Response("Not found", { status: 404 });
  return { member, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const page = threadMovePage(member, parseId(params.id));
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

const MESSAGES = {
  confirm_wider: { field: "confirm", text: "Confirm that suppliers may now read this thread: the new space is open to every member" },
  procurement: { field: "space", text: "This thread is linked to a partnership in procurement, so it cannot be opened to suppliers until the procurement ends" },
  same_space: { field: "space", text: "Choose a different space from the one the thread is in" },
  not_found: { field: "space", text: "Choose a space to move the thread to" },
  forbidden: { field: "space", text: "You cannot move this thread" },
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { member, found } = await load(request, params.id);
  const values = pickStrings(await request.formData(), ["space", "confirm"]);
  const result = moveThread(member, found.thread.id, values.space ?? "", values.confirm === "yes", requestMeta(request, context).ip);
  if (!result.ok) {
    const m = MESSAGES[result.reason];
    return data({ errors: { [m.field]: m.text }, values }, { status: 400 });
  }
  return redirect(`/threads/${found.thread.id}/${found.thread.slug}`);
}

export default function MoveThread() {
  const { thread, space, targets } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{thread.title}</span>
        <h1 className="govuk-heading-l">Move this thread</h1>
        <p className="govuk-body">It is in {space.name}{space.audience === "policing" ? " (policing only)" : ""}.</p>
        <Form method="post" noValidate>
          <Radios name="space" legend="Move it to" errors={errors} defaultValue={actionData?.values?.space} options={targets.map((t) => ({ value: t.slug, label: `${t.name}${t.audience === "policing" ? " (policing only)" : " (all members, suppliers included)"}` }))} />
          {space.audience === "policing" ? (
            <Checkbox name="confirm" label="I understand that moving this thread to a space for all members lets suppliers read every post in it" errors={errors} defaultChecked={actionData?.values?.confirm === "yes"} />
          ) : null}
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button">Move thread</button>
            <AppLink className="govuk-link" to={`/threads/${thread.id}/${thread.slug}`}>Cancel</AppLink>
          </div>
        </Form>
      </div>
    </div>
  );
}
