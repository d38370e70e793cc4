/**
 * The basic rules every area builds on: who a member is, which side of policing they are on,
 * and `can(actor, action)`. The per-area files name the rules built on these (`mayEdit`,
 * `mayAccept`, …); models ask those, never this switch directly, so one rule has one place.
 */
import type { AccountStatus, Audience, OrganisationKind, SiteRole } from "~/lib/fixed-lists";

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
  /**
   * Open policing-only content to every member: moderators on the policing side, and the
   * content's own side (its author, or for a template a colleague in the uploader's
   * organisation); never while it is linked to a live procurement.
   */
  | { do: "widen"; audience: Audience; inLiveProcurement: boolean; authorId?: number; organisationId?: number }
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
  | { do: "editPartnership"; organisationIds: readonly number[] }
  /**
   * Bring in a partnership's facts from published OCDS notices (issue 16): administrators and
   * policing-side members, into a new entry (null) or one they may edit (its organisations).
   */
  | { do: "importNotices"; organisationIds: readonly number[] | null };

export function isPolicingSide(actor: Pick<Actor, "organisationKind">) {
  return POLICING_KINDS.has(actor.organisationKind);
}

export function isActive(actor: Actor | null): actor is Actor {
  return actor !== null && actor.status === "active";
}

/** A moderator or administrator by site role; what they may moderate still depends on the audience. */
export function isModeratorRole(actor: Pick<Actor, "role">) {
  return actor.role === "moderator" || actor.role === "administrator";
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
    case "widen": {
      if (action.inLiveProcurement || !isPolicingSide(actor)) return false;
      const ownSide = actor.id === action.authorId || (action.organisationId !== undefined && actor.organisationId === action.organisationId);
      return isModeratorRole(actor) || ownSide;
    }
    case "moderate":
      // Even a moderator on the supplier side never sees policing-only content.
      return isModeratorRole(actor) && mayReadAudience(actor, action.audience);
    case "editOwn":
      return actor.id === action.authorId && mayReadAudience(actor, action.audience);
    case "editTemplate":
      if (!mayReadAudience(actor, action.audience)) return false;
      return actor.id === action.authorId || actor.organisationId === action.organisationId || isModeratorRole(actor);
    case "administer":
      return actor.role === "administrator";
    case "viewProfiles":
      return true;
    case "editPartnership":
      return actor.role === "administrator" || (isPolicingSide(actor) && action.organisationIds.includes(actor.organisationId));
    case "importNotices":
      return actor.role === "administrator" || (isPolicingSide(actor) && (action.organisationIds === null || action.organisationIds.includes(actor.organisationId)));
  }
}
