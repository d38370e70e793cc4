/**
 * Every access decision. Routes ask `can(member, action)`; list and search queries use the SQL
 * twin `audienceReadableWhere`, built from the same rules, so a count or a snippet never shows
 * what a page would refuse. Remix runs nested loaders in parallel: each loader asks for itself.
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { AUDIENCES, type AccountStatus, type Audience, type OrganisationKind, type SiteRole } from "../../../db/schema";

export type Member = {
  id: number;
  handle: string;
  name: string;
  email: string;
  jobTitle: string;
  role: SiteRole;
  status: AccountStatus;
  organisationId: number;
  organisationKind: OrganisationKind;
  organisationName: string;
  organisationSlug: string;
  totpEnabled: boolean;
  sessionId: string;
};

/** The fields the rules look at, so tests can state every combination without a database. */
export type Actor = Pick<Member, "id" | "role" | "status" | "organisationKind" | "organisationId">;

export const POLICING_KINDS: ReadonlySet<OrganisationKind> = new Set(["force", "commissioner", "national"]);

export type Action =
  /** Read content (a space and its threads, a lesson, a template) of this audience. */
  | { do: "read"; audience: Audience }
  /**
   * Start or reply in content of this audience. While content is linked to a partnership in
   * procurement, a supplier must first declare its interest (Procurement Act 2023: equal
   * treatment and conflicts of interest on the record).
   */
  | { do: "contribute"; audience: Audience; inLiveProcurement?: boolean; declared?: boolean }
  /** Open policing-only content to every member; never while it is linked to a live procurement. */
  | { do: "widen"; audience: Audience; inLiveProcurement: boolean }
  /** Hide, restore, lock, pin or move content of this audience. */
  | { do: "moderate"; audience: Audience }
  /** Edit or delete one's own post or content. */
  | { do: "editOwn"; audience: Audience; authorId: number }
  /**
   * Add a version to, or edit the details of, a library template (issue 8): its uploader,
   * members of the uploader's organisation, and moderators; never beyond what the member may read.
   */
  | { do: "editTemplate"; audience: Audience; authorId: number; organisationId: number }
  /** Approve accounts, manage organisations, spaces, roles and vocabularies; read the audit log. */
  | { do: "administer" }
  /** See another member's profile or an organisation's page. */
  | { do: "viewProfiles" }
  /**
   * Create or edit a registry entry whose organisations (its forces and suppliers) are these:
   * administrators, and policing-side members of one of them. Suppliers suggest corrections
   * instead (issue 7). A new entry passes the creator's own organisation, so any policing-side
   * member may create one.
   */
  | { do: "editPartnership"; organisationIds: readonly number[] };

export function isPolicingSide(actor: Pick<Actor, "organisationKind">) {
  return POLICING_KINDS.has(actor.organisationKind);
}

function isActive(actor: Actor | null): actor is Actor {
  return actor !== null && actor.status === "active";
}

function mayReadAudience(actor: Actor, audience: Audience) {
  return audience === "members" || isPolicingSide(actor);
}

/** True when the member may do the action. Guests and inactive accounts may do nothing. */
export function can(actor: Actor | null, action: Action): boolean {
  if (!isActive(actor)) return false;
  switch (action.do) {
    case "read":
      return mayReadAudience(actor, action.audience);
    case "contribute":
      if (action.inLiveProcurement && !isPolicingSide(actor) && !action.declared) return false;
      return mayReadAudience(actor, action.audience);
    case "widen":
      return (actor.role === "moderator" || actor.role === "administrator") && isPolicingSide(actor) && !action.inLiveProcurement;
    case "moderate":
      // Even a moderator on the supplier side never sees policing-only content.
      return (actor.role === "moderator" || actor.role === "administrator") && mayReadAudience(actor, action.audience);
    case "editOwn":
      return actor.id === action.authorId && mayReadAudience(actor, action.audience);
    case "editTemplate":
      if (!mayReadAudience(actor, action.audience)) return false;
      return actor.id === action.authorId || actor.organisationId === action.organisationId || actor.role === "moderator" || actor.role === "administrator";
    case "administer":
      return actor.role === "administrator";
    case "viewProfiles":
      return true;
    case "editPartnership":
      return actor.role === "administrator" || (isPolicingSide(actor) && action.organisationIds.includes(actor.organisationId));
  }
}

/**
 * The "read" rule as SQL over an audience column: `1` for the policing side, `column =
 * 'members'` for suppliers, `0` for guests and inactive accounts.
 */
export function audienceReadableWhere(actor: Actor | null, audienceColumn: SQLWrapper): SQL {
  if (!isActive(actor)) return sql`0`;
  if (isPolicingSide(actor)) return sql`1`;
  return sql`${audienceColumn} = 'members'`;
}

/**
 * Earlier versions of a post keep what its author took out, such as a figure disclosed by mistake,
 * so only the author and moderators of its audience may read them (issue 11, item 14). Asked
 * about the post; a miss reads as "not found".
 */
export function mayReadRevisions(actor: Actor | null, post: { authorId: number; audience: Audience }) {
  return can(actor, { do: "editOwn", audience: post.audience, authorId: post.authorId }) || can(actor, { do: "moderate", audience: post.audience });
}

/** Deleting the text of an earlier version, to undo an accidental disclosure: moderators of the post's audience. */
export function mayPurgeRevision(actor: Actor | null, post: { audience: Audience }) {
  return can(actor, { do: "moderate", audience: post.audience });
}

/** Whether a member must declare an interest before posting in content linked to a live procurement. */
export function mustDeclareInterest(actor: Actor, inLiveProcurement: boolean) {
  return inLiveProcurement && !isPolicingSide(actor);
}

/** Moderators and administrators must have two-factor authentication before anything else. */
export function mustSetUpTwoFactor(member: Pick<Member, "role" | "totpEnabled">) {
  return (member.role === "moderator" || member.role === "administrator") && !member.totpEnabled;
}

/**
 * The "read" rule from the other side: which members may read content of a given audience, as
 * SQL over a user's status and organisation-kind columns. Notifications and mentions use it, so
 * nobody is told about content they may not open.
 */
export function readersOfAudienceWhere(audience: Audience, statusColumn: SQLWrapper, kindColumn: SQLWrapper): SQL {
  const policing = sql.join([...POLICING_KINDS].map((k) => sql`${k}`), sql`, `);
  if (audience === "members") return sql`${statusColumn} = 'active'`;
  return sql`(${statusColumn} = 'active' AND ${kindColumn} IN (${policing}))`;
}

/**
 * The "read" rule over three columns at once, content audience × user status × organisation kind,
 * for queries that serve many recipients in one statement (the daily digest): true when that user
 * may read content of that audience. Built from readersOfAudienceWhere, so the two cannot drift.
 */
export function recipientMayReadWhere(audienceColumn: SQLWrapper, statusColumn: SQLWrapper, kindColumn: SQLWrapper): SQL {
  const branches = AUDIENCES.map((audience) => sql`(${audienceColumn} = ${audience} AND ${readersOfAudienceWhere(audience, statusColumn, kindColumn)})`);
  return sql`(${sql.join(branches, sql` OR `)})`;
}
