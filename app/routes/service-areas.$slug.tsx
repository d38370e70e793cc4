import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { TopicWatchForm } from "~/components/discussion";
import { PrevNextPager } from "~/components/pager";
import { ServerHtml } from "~/components/held-html";
import { threadListPart } from "~/lib/thread-list-html.server";
import { titled } from "~/lib/meta";
import { pageFrom } from "~/lib/paging";
import { serviceAreaPage } from "~/models/forum.server";
import { setTopicWatch } from "~/models/topic-watches.server";

export const handle = titled<{ area: { name: string } }>((d) => d.area.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const view = serviceAreaPage(member, params.slug ?? "", pageFrom(new URL(request.url)));
  if (!view) throw new Response("Not found", { status: 404 });
  return { ...view, threads: threadListPart(context, view.threads, { emptyText: "No threads are tagged with this service area yet." }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const view = serviceAreaPage(member, params.slug ?? "", 1);
  const intent = String((await request.formData()).get("intent") ?? "");
  if (!view || (intent !== "watch" && intent !== "unwatch")) throw new Response("Not found", { status: 404 });
  if (!setTopicWatch(member, "service_area", view.area.id, intent === "watch")) throw new Response("Not found", { status: 404 });
  return redirect(`/service-areas/${view.area.slug}`);
}

export default function ServiceArea() {
  const { area, threads, hasNext, page, isWatching } = useLoaderData<typeof loader>();
  const at = (n: number) => `/service-areas/${area.slug}${n > 1 ? `?page=${n}` : ""}`;
  return (
    <>
      <Breadcrumbs items={[{ to: "/spaces", label: "Forum" }]} />
      <span className="govuk-caption-l">Service area</span>
      <h1 className="govuk-heading-l">{area.name}</h1>
      <TopicWatchForm isWatching={isWatching} where={`about ${area.name.toLowerCase()}`} />
      <p className="govuk-body">
        <AppLink className="govuk-link" to={`/lessons?area=${area.slug}`}>Lessons learned about {area.name.toLowerCase()}</AppLink>
      </p>
      <h2 className="govuk-heading-m">Threads</h2>
      <ServerHtml part={threads} id="threads" />
      <PrevNextPager newer={page > 1 ? { to: at(page - 1), label: "Previous page" } : undefined} older={hasNext ? { to: at(page + 1), label: "Next page" } : undefined} />
    </>
  );
}
