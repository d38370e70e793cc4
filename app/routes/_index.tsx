import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getMember } from "~/auth/member.server";
import { mustSetUpTwoFactor } from "~/auth/policy/index.server";
import { redirect } from "@remix-run/node";
import { GuestHome } from "~/components/guest-home";
import { MemberHome } from "~/components/member-home";
import { titled } from "~/lib/meta";
import { listRecentThreads } from "~/models/forum.server";
import { listRecentLessons } from "~/models/lessons.server";
import { listRecentTemplates } from "~/models/templates.server";

export const handle = titled("Home");

/** Guests see what the exchange is; members see the latest activity they may read. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await getMember(request);
  if (!member) return { member: null };
  if (mustSetUpTwoFactor(member)) throw redirect("/settings/two-factor?required=1");
  return {
    member: { name: member.name },
    recent: listRecentThreads(member, { limit: 15 }),
    unanswered: listRecentThreads(member, { unansweredOnly: true, limit: 8 }),
    lessons: listRecentLessons(member, { limit: 5 }),
    templates: listRecentTemplates(member, 5),
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (!data.member) return <GuestHome />;
  return <MemberHome name={data.member.name} recent={data.recent!} unanswered={data.unanswered!} lessons={data.lessons!} templates={data.templates!} />;
}
