/** The member home page: the latest activity across the three bodies of knowledge, each list filtered by audience in SQL. */
import type { Member } from "~/auth/policy/index.server";
import { recentThreadLists } from "./forum.server";
import { listRecentLessons } from "./lessons.server";
import { listRecentTemplates } from "./templates.server";

/** Latest threads, unanswered questions, new lessons and templates the member may read. */
export function homePage(member: Member) {
  const { recent, unanswered } = recentThreadLists(member, { recent: 15, unanswered: 8 });
  return {
    member: { name: member.name },
    recent,
    /** How many of the latest threads have posts the member has not read. */
    unreadThreads: recent.filter((t) => !t.hasRead || t.unread > 0).length,
    unanswered,
    lessons: listRecentLessons(member, { limit: 5 }),
    templates: listRecentTemplates(member, 5),
  };
}
