import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { OcdsImport } from "~/components/ocds-import";
import { titled } from "~/lib/meta";
import { importAction, importLoader, type ImportActionData } from "~/lib/ocds/import-route.server";

export const handle = titled("Add a partnership from published notices");

export const loader = ({ request }: LoaderFunctionArgs) => importLoader(request, null);
export const action = ({ request, context }: ActionFunctionArgs) => importAction(request, context, null);

export default function ImportNewPartnership() {
  const { maxMegabytes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ImportActionData | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }, { to: "/partnerships/new", label: "Add a partnership" }]} />
        <OcdsImport partnership={null} maxMegabytes={maxMegabytes} actionData={actionData} />
      </div>
    </div>
  );
}
