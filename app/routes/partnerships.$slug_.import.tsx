import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { OcdsImport } from "~/components/ocds-import";
import { titled } from "~/lib/meta";
import { importAction, importLoader, type ImportActionData } from "~/lib/ocds/import-route.server";

export const handle = titled("Update from published notices");

export const loader = ({ request, params }: LoaderFunctionArgs) => importLoader(request, params.slug ?? "");
export const action = ({ request, context, params }: ActionFunctionArgs) => importAction(request, context, params.slug ?? "");

export default function ImportIntoPartnership() {
  const { partnership, maxMegabytes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ImportActionData | undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ to: "/partnerships", label: "Partnerships" }, { to: `/partnerships/${partnership!.slug}`, label: partnership!.name }]} />
        <OcdsImport partnership={partnership} maxMegabytes={maxMegabytes} actionData={actionData} />
      </div>
    </div>
  );
}
