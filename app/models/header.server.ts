import type { HeaderMember } from "~/components/layout";

export async function headerMember(_request: Request): Promise<HeaderMember | null> {
  return null;
}
