import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getMember, requireMember } from "~/auth/member.server";
import { GuestHome } from "~/components/guest-home";
import { MemberHome } from "~/components/member-home";
import { titled } from "~/lib/meta";
import { homePage } from "~/models/home.server";

export const handle = titled("Home");

/** Guests see what the exchange is; members see the latest activity they may read. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await getMember(request))) return { member: null };
  // Moderators and administrators without two-factor authentication are sent to set it up first.
  return homePage(await requireMember(request));
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (!data.member) return <GuestHome />;
  return <MemberHome name={data.member.name} recent={data.recent!} unanswered={data.unanswered!} lessons={data.lessons!} templates={data.templates!} />;
}
