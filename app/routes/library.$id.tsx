import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { DiscussionPosts, ReplyForm, WatchForm } from "~/components/discussion";
import { TextArea } from "~/components/form";
import { SummaryRow } from "~/components/summary-list";
import { formatBytes, sentence } from "~/components/template-fields";
import { formatDate, formatDateTime } from "~/lib/dates";
import { handleDiscussionIntent } from "~/forms/discussion-actions.server";
import { pageFrom } from "~/lib/paging";
import { withPostsHtml } from "~/lib/post-html.server";
import { pickStrings } from "~/lib/form.server";
import { titled } from "~/lib/meta";
import { parseId } from "~/lib/params";
import { requestMeta } from "~/lib/request.server";
import { WithdrawReason } from "~/forms/template-input.server";
import { getTemplatePage, markTemplateUseful, setTemplateWithdrawn, templatePage } from "~/models/templates.server";

export const handle = titled<{ template: { title: string } }>((d) => d.template.title);

function templateUrl(id: number, page = 1, anchor?: number) {
  return `/library/${id}${page > 1 ? `?page=${page}` : ""}${anchor ? `#post-${anchor}` : ""}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const url = new URL(request.url);
  const page = templatePage(member, parseId(params.id), { page: pageFrom(url), quoteId: Number(url.searchParams.get("quote")) });
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, discussion: withPostsHtml(context, page.discussion, templateUrl(parseId(params.id))) };
}

type PageActionData = { withdrawErrors?: Record<string, string>; reason?: string; notice?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const id = parseId(params.id);
  const view = getTemplatePage(member, id);
  if (!view) throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  const shared = await handleDiscussionIntent(member, view.discussion, form, (page, anchor) => templateUrl(id, page, anchor));
  if (shared) return shared;
  const ip = requestMeta(request, context).ip;
  const values = pickStrings(form, ["intent", "reason"]);
  switch (values.intent) {
    case "useful": {
      const result = markTemplateUseful(member, id);
      if (!result.ok && result.reason === "not_found") throw new Response("Not found", { status: 404 });
      if (!result.ok && result.reason === "own") throw new Response("You cannot mark your own template as useful.", { status: 403 });
      return redirect(templateUrl(id));
    }
    case "withdraw": {
      const reason = WithdrawReason.safeParse(values.reason);
      if (!reason.success) return data<PageActionData>({ withdrawErrors: { reason: reason.error.issues[0]!.message }, reason: values.reason }, { status: 400 });
      const result = setTemplateWithdrawn(member, id, { withdraw: true, reason: reason.data }, ip);
      if (!result.ok) throw new Response("Not found", { status: 404 });
      return redirect(templateUrl(id));
    }
    case "restore": {
      const result = setTemplateWithdrawn(member, id, { withdraw: false }, ip);
      if (!result.ok) throw new Response("Not found", { status: 404 });
      return redirect(templateUrl(id));
    }
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

export default function TemplatePage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as (PageActionData & { errors?: Record<string, string> }) | undefined;
  const view = d.discussion;
  const t = d.template;
  const base = `/library/${t.id}`;
  const latest = d.versions[0];
  const replies = d.postCount;
  return (
    <>
      <Breadcrumbs items={[{ to: "/library", label: "Template library" }, { to: `/library?category=${d.category.slug}`, label: sentence(d.category.name) }]} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-m">{sentence(d.category.name)} template</span>
          <h1 className="govuk-heading-l">{t.title}</h1>
          <p className="app-tags govuk-!-margin-bottom-4">
            {t.audience === "policing" ? <strong className="govuk-tag govuk-tag--blue">Policing only</strong> : null}
            {t.withdrawnAt ? <strong className="govuk-tag govuk-tag--red">Withdrawn</strong> : null}
            {t.isDemo ? <strong className="govuk-tag govuk-tag--grey">Demo (fictional)</strong> : null}
            {d.serviceAreas.map((a) => <strong key={a.slug} className="govuk-tag govuk-tag--grey">{sentence(a.name)}</strong>)}
          </p>
          {t.withdrawnAt ? (
            <div className="govuk-inset-text">
              Withdrawn on {formatDate(t.withdrawnAt)}: {t.withdrawnReason}. Only moderators can see it; it is hidden from the library and from every other member.
            </div>
          ) : null}
          {t.isDemo ? <div className="govuk-inset-text">This is a demo template. It is fictional: no real force, supplier or contract is described.</div> : null}
          <p className="govuk-body-l">{t.summary}</p>
          {latest ? (
            <p className="govuk-body">
              <a className="govuk-button govuk-!-margin-bottom-1" href={`${base}/versions/${latest.number}/download`} download>
                Download<span className="govuk-visually-hidden"> {t.title}</span>
              </a>
              <br />
              <span className="app-meta">{`Version ${latest.number}: ${latest.filename} (${latest.typeLabel}, ${formatBytes(latest.size)})`}</span>
            </p>
          ) : null}
          {d.inProcurement ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                This template is linked to a partnership in procurement. Suppliers declare their interest before posting about it, and a policing-only template stays policing-only until the procurement ends.
              </strong>
            </div>
          ) : null}

          <dl className="govuk-summary-list">
            <SummaryRow label="Category">{sentence(d.category.name)}</SummaryRow>
            <SummaryRow label="Service areas">{d.serviceAreas.length ? d.serviceAreas.map((a) => sentence(a.name)).join(", ") : "None given"}</SummaryRow>
            <SummaryRow label="Used in">
              {d.partnerships.length
                ? d.partnerships.map((p, i) => (
                    <span key={p.slug}>
                      {i > 0 ? ", " : ""}
                      <AppLink className="govuk-link" to={`/partnerships/${p.slug}`}>{p.name}</AppLink>
                      {p.status === "in-procurement" ? " (in procurement)" : ""}
                    </span>
                  ))
                : "No partnership given"}
            </SummaryRow>
            <SummaryRow label="Licence">{t.licence}</SummaryRow>
            <SummaryRow label="Who can see it">{t.audience === "policing" ? "The policing side only" : "Every member, suppliers included"}</SummaryRow>
            <SummaryRow label="Shared by">
              <AppLink className="govuk-link" to={`/members/${d.author.handle}`}>{d.author.name}</AppLink>, <AppLink className="govuk-link" to={`/organisations/${d.organisation.slug}`}>{d.organisation.name}</AppLink>
            </SummaryRow>
            <SummaryRow label="Last updated">{formatDateTime(t.updatedAt)}</SummaryRow>
            <SummaryRow label="Downloads">{t.downloadCount.toLocaleString("en-GB")}</SummaryRow>
          </dl>

          <h2 className="govuk-heading-m" id="preview-heading">{latest ? `Preview of version ${latest.number}` : "Preview"}</h2>
          {d.previewHtml ? (
            <div className="app-preview app-post-body" aria-labelledby="preview-heading" role="region" tabIndex={0} dangerouslySetInnerHTML={{ __html: d.previewHtml }} />
          ) : (
            <p className="govuk-body">There is no preview for this type of file. Download it to read it.</p>
          )}

          <h2 className="govuk-heading-m" id="versions-heading">Versions</h2>
          <table className="govuk-table govuk-table--small-text-until-tablet" aria-labelledby="versions-heading">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Version</th>
                <th scope="col" className="govuk-table__header">What changed</th>
                <th scope="col" className="govuk-table__header">File</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {d.versions.map((v) => (
                <tr key={v.number} className="govuk-table__row">
                  <th scope="row" className="govuk-table__header">
                    {v.number}{v.number === t.latestVersion ? " (latest)" : ""}
                    <br />
                    <span className="app-meta">{formatDate(v.createdAt)}</span>
                  </th>
                  <td className="govuk-table__cell">
                    {v.changelog}
                    <br />
                    <span className="app-meta">{v.uploaderName}</span>
                  </td>
                  <td className="govuk-table__cell">
                    <a className="govuk-link" href={`${base}/versions/${v.number}/download`} download>
                      Download<span className="govuk-visually-hidden"> version {v.number}</span>
                    </a>
                    <br />
                    <span className="app-meta">{`${v.typeLabel}, ${formatBytes(v.size)}`}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2 className="govuk-heading-m" id="discussion">Questions and reviews</h2>
          {replies === 0 ? <p className="govuk-body">No one has posted about this template yet. Ask a question, or say how it worked for you.</p> : <p className="govuk-body">{replies === 1 ? "1 post" : `${replies} posts`}</p>}
          <DiscussionPosts view={view} />
          <ReplyForm view={view} base={base} actionData={actionData as never} label="Ask a question or post a review" />
        </div>
        <div className="govuk-grid-column-one-third">
          <aside aria-labelledby="template-tools">
            <h2 className="govuk-heading-s" id="template-tools">This template</h2>
            <p className="app-meta">{t.usefulCount === 1 ? "1 member found this useful" : `${t.usefulCount} members found this useful`}</p>
            {d.markedUseful ? (
              <p className="govuk-body">You marked this as useful.</p>
            ) : !d.may.markUseful ? null : (
              <Form method="post">
                <input type="hidden" name="intent" value="useful" />
                <button type="submit" className="govuk-button govuk-button--secondary">Mark as useful</button>
              </Form>
            )}
            {d.may.edit ? (
              <ul className="govuk-list">
                <li><AppLink className="govuk-link" to={`${base}/versions/new`}>Add a new version</AppLink></li>
                <li><AppLink className="govuk-link" to={`${base}/edit`}>Edit details</AppLink></li>
              </ul>
            ) : null}
            <WatchForm isWatching={view.isWatching} />
            {d.may.withdraw ? (
              <>
                <h2 className="govuk-heading-s">Moderation</h2>
                {t.withdrawnAt ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="restore" />
                    <button type="submit" className="govuk-button govuk-button--secondary">Restore to the library</button>
                  </Form>
                ) : (
                  <Form method="post" noValidate>
                    <input type="hidden" name="intent" value="withdraw" />
                    <TextArea name="reason" label="Reason for withdrawing" hint="Shown to moderators and kept in the audit log." errors={actionData?.withdrawErrors} defaultValue={actionData?.reason} rows={3} />
                    <button type="submit" className="govuk-button govuk-button--warning">Withdraw template</button>
                  </Form>
                )}
              </>
            ) : null}
          </aside>
        </div>
      </div>
    </>
  );
}
