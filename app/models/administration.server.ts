import { mayAdminister, mayApproveAccounts, mayOpenModeration, type Member } from "~/auth/policy/index.server";
import { countPendingAccounts } from "./members.server";
import { countOpenFlaggedPosts } from "./moderation.server";
import { countUnconfirmedOrganisations } from "./organisations.server";

/**
 * The administration index for moderators and administrators: what waits, and which sections
 * this member may open (a moderator gets the reports and the forum's moderation, not accounts).
 * Null for everyone else, who get "not found".
 */
export function administrationOverview(member: Member) {
  if (!mayOpenModeration(member)) return null;
  const administer = mayAdminister(member);
  return {
    pending: mayApproveAccounts(member) ? countPendingAccounts() : 0,
    unconfirmed: administer ? countUnconfirmedOrganisations() : 0,
    flagged: countOpenFlaggedPosts(member),
    may: { approve: mayApproveAccounts(member), administer, moderate: true },
  };
}
