/** The member home page: the latest activity across the three bodies of knowledge, each list filtered by audience in SQL. */
import type { Member } from "~/auth/policy/index.server";
import { listRecentThreads } from "./forum.server";
import { listRecentLessons } from "./lessons.server";
import { listRecentTemplates } from "./templates.server";

/** Latest threads, unanswered questions, new lessons and templates the member may read. */
export function homePage(member: Member) {
  return {
    member: { name: member.name },
    recent: listRecentThreads(member, { limit: 15 }),
    unanswered: listRecentThreads(member, { unansweredOnly: true, limit: 8 }),
    lessons: listRecentLessons(member, { limit: 5 }),
    templates: listRecentTemplates(member, 5),
  };
}
