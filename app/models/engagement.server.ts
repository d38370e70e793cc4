/**
 * The market engagement record of a partnership (Procurement Act 2023: preliminary market
 * engagement on the record, equal treatment), read from the append-only log that every
 * supplier-visible post, edit, removal, hide and move writes (engagement-log.server.ts): each entry
 * as it was written, with what the change was, its date, author's organisation and declaration.
 * Only the policing side may see it.
 */
import { sql } from "drizzle-orm";
import { mayReadEngagementRecord, type Member } from "~/auth/policy/index.server";
import { csvDocument } from "~/lib/csv";
import { db } from "../../db/client.server";
import type { DiscussionOwner, EngagementChange, InterestDeclaration, OrganisationKind } from "~/lib/fixed-lists";

export const ENGAGEMENT_PAGE_SIZE = 100;

export type EngagementEntry = {
  id: number;
  postId: number;
  at: number;
  change: EngagementChange;
  ownerKind: DiscussionOwner;
  ownerTitle: string;
  authorName: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  interest: InterestDeclaration | null;
  bodyMd: string;
  actorName: string | null;
};

/** May this member see the record? The same rule as reading policing-only content. */
export function mayViewEngagementRecord(member: Member) {
  return mayReadEngagementRecord(member);
}

export function getPartnershipForRecord(slug: string) {
  return db().get<{ id: number; slug: string; name: string; status: string | null }>(sql`SELECT id, slug, name, status FROM partnerships WHERE slug = ${slug}`) ?? null;
}

/** The partnership's entries, oldest first, keyset-paged by entry id (ids follow time). */
export function listEngagement(member: Member, partnershipId: number, options: { after?: number; limit?: number | null } = {}): EngagementEntry[] {
  if (!mayViewEngagementRecord(member)) return [];
  const limit = options.limit === null ? sql`` : sql`LIMIT ${options.limit ?? ENGAGEMENT_PAGE_SIZE}`;
  return db().all<EngagementEntry>(sql`
    SELECT id, post_id AS postId, at, change, owner_kind AS ownerKind, owner_title AS ownerTitle, author_name AS authorName,
           organisation_name AS organisationName, organisation_kind AS organisationKind, interest, body_md AS bodyMd, actor_name AS actorName
    FROM engagement_entries
    WHERE partnership_id = ${partnershipId} AND id > ${options.after ?? 0}
    ORDER BY id
    ${limit}`);
}

const CHANGE_TEXT: Record<EngagementChange, string> = {
  posted: "Posted",
  edited: "Edited",
  deleted: "Removed by its author",
  hidden: "Hidden by a moderator",
  restored: "Shown again by a moderator",
  narrowed: "Moved where suppliers cannot read it",
  opened: "Readable when the procurement opened",
  linked: "Readable when linked to this partnership",
};

export function changeText(change: EngagementChange) {
  return CHANGE_TEXT[change];
}

const INTEREST_TEXT: Record<InterestDeclaration, string> = { bidding: "Bidding", may_bid: "May bid", not_bidding: "Not bidding" };

export function interestText(interest: InterestDeclaration | null, kind: OrganisationKind) {
  if (interest) return INTEREST_TEXT[interest];
  return kind === "supplier" ? "None recorded" : "Not applicable (policing side)";
}

/** The whole record for the procurement file: each entry's full text as written (Markdown). */
export function engagementCsv(entries: EngagementEntry[], baseUrl: string) {
  const header = ["Date (UTC)", "Change", "Where", "Title", "Author", "Organisation", "Side", "Declaration", "Changed by", "Text", "Link"];
  const rows = entries.map((e) => [
    new Date(e.at * 1000).toISOString(),
    e.change,
    e.ownerKind,
    e.ownerTitle,
    e.authorName,
    e.organisationName,
    e.organisationKind === "supplier" ? "supplier" : "policing",
    interestText(e.interest, e.organisationKind),
    e.actorName ?? e.authorName,
    e.bodyMd,
    `${baseUrl}/posts/${e.postId}`,
  ]);
  return csvDocument(header, rows);
}
