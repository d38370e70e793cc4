import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getMember, requireMember } from "~/auth/member.server";
import { GuestHome } from "~/components/guest-home";
import { MemberHome } from "~/components/member-home";
import { titled } from "~/lib/meta";
import { threadListPart } from "~/lib/thread-list-html.server";
import { homePage } from "~/models/home.server";

export const handle = titled("Home");

/** Guests see what the exchange is; members see the latest activity they may read. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await getMember(request))) return { member: null };
  // Moderators and administrators without two-factor authentication are sent to set it up first.
  const page = homePage(await requireMember(request));
  return {
    ...page,
    recent: threadListPart(context, page.recent, { showSpace: true, emptyText: "Nothing has been posted yet." }),
    unanswered: threadListPart(context, page.unanswered, { showSpace: true, emptyText: "Every question has an accepted answer." }),
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (!data.member) return <GuestHome />;
  return <MemberHome name={data.member.name} recent={data.recent!} unread={data.unreadThreads!} unanswered={data.unanswered!} lessons={data.lessons!} templates={data.templates!} />;
}
