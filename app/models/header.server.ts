import type { Member } from "~/auth/policy/index.server";
import { mayAdminister, mayOpenModeration } from "~/auth/policy/index.server";
import type { HeaderMember } from "~/components/layout";
import { countUnreadNotifications } from "./notifications.server";

/** What the header shows for the signed-in member (null for a guest): name, unread count, and the links the policy allows. */
export function headerMember(member: Member | null): HeaderMember | null {
  if (!member) return null;
  return {
    name: member.name,
    handle: member.handle,
    unreadNotifications: countUnreadNotifications(member),
    isModerator: mayOpenModeration(member),
    isAdministrator: mayAdminister(member),
  };
}
