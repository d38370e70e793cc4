import type { LoaderFunctionArgs } from "@remix-run/node";
import { GuestHome } from "~/components/guest-home";
import { titled } from "~/lib/meta";

export const handle = titled("Home");

export async function loader(_args: LoaderFunctionArgs) {
  return null;
}

export default function Home() {
  return <GuestHome />;
}
