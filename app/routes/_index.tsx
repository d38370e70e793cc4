import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { GuestHome } from "~/components/guest-home";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = () => pageTitle("Home");

export async function loader(_args: LoaderFunctionArgs) {
  return null;
}

export default function Home() {
  return <GuestHome />;
}
