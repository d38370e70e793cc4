import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { TopicWatchForm } from "~/components/discussion";
import { setTopicWatch } from "~/models/topic-watches.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { FilterPanel } from "~/components/filter-panel";
import { requireMember } from "~/auth/member.server";
import { PrevNextPager } from "~/components/pager";
import { ScopedSearch } from "~/components/search-form";
import { ServerHtml } from "~/components/held-html";
import { threadListPart } from "~/lib/thread-list-html.server";
import { titled } from "~/lib/meta";
import { pageFrom } from "~/lib/paging";
import { getSpace, spacePage } from "~/models/forum.server";

export const handle = titled<{ space: { name: string } }>((d) => d.space.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const filter = { page: pageFrom(url), unanswered: url.searchParams.get("show") === "unanswered", areaSlug: url.searchParams.get("area") || null };
  const page = spacePage(member, params.slug ?? "", filter);
  if (!page) throw new Response("Not found", { status: 404 });
  const emptyText = filter.unanswered || filter.areaSlug ? "No threads match these filters." : "No threads yet. Be the first to ask a question.";
  return { ...page, threads: threadListPart(context, page.threads, { emptyText }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const space = getSpace(member, params.slug ?? "");
  const intent = String((await request.formData()).get("intent") ?? "");
  if (!space || (intent !== "watch" && intent !== "unwatch")) throw new Response("Not found", { status: 404 });
  if (!setTopicWatch(member, "space", space.id, intent === "watch")) throw new Response("Not found", { status: 404 });
  return redirect(`/spaces/${space.slug}`);
}

export default function Space() {
  const { space, threads, hasNext, filter, areas, mayStart, isWatching } = useLoaderData<typeof loader>();
  const query = (page: number) => {
    const p = new URLSearchParams();
    if (filter.unanswered) p.set("show", "unanswered");
    if (filter.areaSlug) p.set("area", filter.areaSlug);
    if (page > 1) p.set("page", String(page));
    const s = p.toString();
    return s ? `?${s}` : `/spaces/${space.slug}`;
  };
  return (
    <>
      <Breadcrumbs items={[{ to: "/spaces", label: "Forum" }]} />
      <h1 className="govuk-heading-l">
        {space.name} {space.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : null}
      </h1>
      <p className="govuk-body">{space.description}</p>
      <ScopedSearch scope="space" value={space.slug} label={`Search ${space.name}`} />
      <TopicWatchForm isWatching={isWatching} where="in this space" />
      {mayStart ? <AppLink to={`/spaces/${space.slug}/new`} className="govuk-button" role="button" draggable="false">Ask a question or start a discussion</AppLink> : null}
      <FilterPanel active={filter.unanswered || Boolean(filter.areaSlug)}>
        <Form method="get" className="govuk-!-margin-bottom-4">
          <div className="govuk-form-group govuk-!-margin-bottom-2">
            <label className="govuk-label" htmlFor="area">Service area</label>
            <select className="govuk-select" id="area" name="area" defaultValue={filter.areaSlug ?? ""}>
              <option value="">All service areas</option>
              {areas.map((a) => <option key={a.slug} value={a.slug}>{a.name}</option>)}
            </select>
          </div>
          <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-2">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id="show" name="show" type="checkbox" value="unanswered" defaultChecked={filter.unanswered} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="show">Unanswered questions only</label>
            </div>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">Apply filters</button>
        </Form>
      </FilterPanel>
      <h2 className="govuk-heading-m">Threads</h2>
      <ServerHtml part={threads} id="threads" />
      <PrevNextPager newer={filter.page > 1 ? { to: query(filter.page - 1), label: "Previous page" } : undefined} older={hasNext ? { to: query(filter.page + 1), label: "Next page" } : undefined} />
    </>
  );
}
