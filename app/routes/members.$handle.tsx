import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { requireMember } from "~/auth/member.server";
import { SummaryRow } from "~/components/summary-list";
import { formatDate } from "~/lib/dates";
import { ORGANISATION_KIND_LABELS, SITE_ROLE_LABELS } from "~/lib/labels";
import { titled } from "~/lib/meta";
import { getProfile } from "~/models/members.server";

export const handle = titled<{ profile: { name: string } } | undefined>((d) => d?.profile.name ?? "Member");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const handleParam = params.handle ?? "";
  // Unknown handles and accounts that are not active get the same 404.
  const profile = /^[a-z0-9-]{1,40}$/.test(handleParam) ? getProfile(member, handleParam) : null;
  if (!profile) throw new Response("Not found", { status: 404 });
  return { profile };
}

export default function Profile() {
  const { profile: p } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">Member</span>
        <h1 className="govuk-heading-l">
          {p.name}
          {p.role !== "member" ? (
            <>
              {" "}
              <strong className="govuk-tag govuk-tag--blue app-demo-tag">{SITE_ROLE_LABELS[p.role]}</strong>
            </>
          ) : null}
        </h1>
        <dl className="govuk-summary-list">
          <SummaryRow label="Job title">{p.jobTitle || <span className="app-meta">Not given</span>}</SummaryRow>
          <SummaryRow label="Organisation">
            {p.organisationConfirmed ? <AppLink className="govuk-link" to={`/organisations/${p.organisationSlug}`}>{p.organisationName}</AppLink> : p.organisationName}
            <span className="app-meta"> ({ORGANISATION_KIND_LABELS[p.organisationKind]})</span>
          </SummaryRow>
          <SummaryRow label="Joined">{formatDate(p.createdAt)}</SummaryRow>
        </dl>
        {p.isDemo ? <p className="govuk-body app-meta">This is a demo account; the person is fictional.</p> : null}
      </div>
    </div>
  );
}
