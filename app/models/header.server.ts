import { getMember } from "~/auth/member.server";
import type { HeaderMember } from "~/components/layout";
import { countUnreadNotifications } from "./notifications.server";

/** What the header shows: the signed-in member's name and unread notification count. */
export async function headerMember(request: Request): Promise<HeaderMember | null> {
  const member = await getMember(request);
  if (!member) return null;
  return {
    name: member.name,
    handle: member.handle,
    unreadNotifications: countUnreadNotifications(member),
    isModerator: member.role !== "member",
    isAdministrator: member.role === "administrator",
  };
}
