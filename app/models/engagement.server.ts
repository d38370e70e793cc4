/**
 * The market engagement record of a partnership (Procurement Act 2023: preliminary market
 * engagement on the record, equal treatment): every post suppliers could read in a thread,
 * lesson or template linked to the partnership, with its date, author's organisation and
 * declaration. Only the policing side may see it.
 */
import { sql } from "drizzle-orm";
import { can, type Member } from "~/auth/policy.server";
import { csvDocument } from "~/lib/csv";
import { renderPlainExcerpt } from "~/lib/markdown.server";
import { db } from "../../db/client.server";
import type { DiscussionOwner, InterestDeclaration, OrganisationKind } from "../../db/schema";

export const ENGAGEMENT_PAGE_SIZE = 100;

export type EngagementEntry = {
  postId: number;
  createdAt: number;
  ownerKind: DiscussionOwner;
  ownerTitle: string;
  authorName: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  interest: InterestDeclaration | null;
  bodyMd: string;
  state: "shown" | "hidden" | "removed";
};

/** May this member see the record? The same rule as reading policing-only content. */
export function mayViewEngagementRecord(member: Member) {
  return can(member, { do: "read", audience: "policing" });
}

export function getPartnershipForRecord(slug: string) {
  return db().get<{ id: number; slug: string; name: string; status: string | null }>(sql`SELECT id, slug, name, status FROM partnerships WHERE slug = ${slug}`) ?? null;
}

/** Supplier-visible posts linked to the partnership, oldest first, keyset-paged by post id. */
export function listEngagement(member: Member, partnershipId: number, options: { after?: number; limit?: number | null } = {}): EngagementEntry[] {
  if (!mayViewEngagementRecord(member)) return [];
  const limit = options.limit === null ? sql`` : sql`LIMIT ${options.limit ?? ENGAGEMENT_PAGE_SIZE}`;
  const rows = db().all<Omit<EngagementEntry, "state"> & { deletedAt: number | null; hiddenAt: number | null }>(sql`
    WITH linked(discussion_id, owner_title) AS (
      SELECT t.discussion_id, t.title FROM thread_partnerships x JOIN threads t ON t.id = x.thread_id WHERE x.partnership_id = ${partnershipId}
      UNION ALL SELECT l.discussion_id, l.title FROM lesson_partnerships x JOIN lessons l ON l.id = x.lesson_id WHERE x.partnership_id = ${partnershipId}
      UNION ALL SELECT m.discussion_id, m.title FROM template_partnerships x JOIN templates m ON m.id = x.template_id WHERE x.partnership_id = ${partnershipId}
    )
    SELECT p.id AS postId, p.created_at AS createdAt, d.owner_kind AS ownerKind, linked.owner_title AS ownerTitle,
           u.name AS authorName, o.name AS organisationName, o.kind AS organisationKind, p.interest AS interest,
           p.body_md AS bodyMd, p.deleted_at AS deletedAt, p.hidden_at AS hiddenAt
    FROM linked
    JOIN discussions d ON d.id = linked.discussion_id AND d.audience = 'members'
    JOIN posts p ON p.discussion_id = d.id
    JOIN users u ON u.id = p.author_id
    JOIN organisations o ON o.id = u.organisation_id
    WHERE p.id > ${options.after ?? 0}
    ORDER BY p.id
    ${limit}`);
  return rows.map(({ deletedAt, hiddenAt, ...r }) => ({ ...r, state: deletedAt ? "removed" : hiddenAt ? "hidden" : "shown" }));
}

const INTEREST_TEXT: Record<InterestDeclaration, string> = { bidding: "Bidding", may_bid: "May bid", not_bidding: "Not bidding" };

export function interestText(interest: InterestDeclaration | null, kind: OrganisationKind) {
  if (interest) return INTEREST_TEXT[interest];
  return kind === "supplier" ? "None recorded" : "Not applicable (policing side)";
}

export function engagementCsv(entries: EngagementEntry[], baseUrl: string) {
  const header = ["Date (UTC)", "Where", "Title", "Author", "Organisation", "Side", "Declaration", "Status", "Excerpt", "Link"];
  const rows = entries.map((e) => [
      new Date(e.createdAt * 1000).toISOString(),
      e.ownerKind,
      e.ownerTitle,
      e.authorName,
      e.organisationName,
      e.organisationKind === "supplier" ? "supplier" : "policing",
      interestText(e.interest, e.organisationKind),
      e.state,
      e.state === "shown" ? renderPlainExcerpt(e.bodyMd, 300) : "",
      `${baseUrl}/posts/${e.postId}`,
  ]);
  return csvDocument(header, rows);
}
