import type { Member } from "~/auth/policy/index.server";
import { mayAdminister, mayApproveAccounts, mayOpenModeration } from "~/auth/policy/index.server";
import type { HeaderMember } from "~/components/layout";
import { takeFlash } from "./flash.server";
import { countPendingAccounts } from "./members.server";
import { countOpenFlaggedPosts } from "./moderation.server";
import { unreadCountAndFlash } from "./notifications.server";

/**
 * What the header shows for the signed-in member (null for a guest): name, unread count, the
 * links the policy allows with the work waiting behind them (open reports the member may
 * moderate, accounts waiting for an administrator), and any message left for this session.
 */
export function headerMember(member: Member | null): HeaderMember | null {
  if (!member) return null;
  const isModerator = mayOpenModeration(member);
  const { unread, flash } = unreadCountAndFlash(member);
  return {
    name: member.name,
    handle: member.handle,
    unreadNotifications: unread,
    isModerator,
    isAdministrator: mayAdminister(member),
    openReports: isModerator ? countOpenFlaggedPosts(member) : 0,
    pendingApprovals: mayApproveAccounts(member) ? countPendingAccounts() : 0,
    flash: takeFlash(flash),
  };
}
