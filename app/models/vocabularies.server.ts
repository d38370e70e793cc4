/** The reference lists that forms offer: service areas and the partnerships content can be linked to. */
import { asc, eq } from "drizzle-orm";
import { mayContribute, mayLinkToPartnerships, type Member } from "~/auth/policy/index.server";
import { db } from "../../db/client.server";
import { partnerships, terms } from "../../db/schema";

export function listServiceAreas() {
  return db().select({ id: terms.id, slug: terms.slug, name: terms.name }).from(terms).where(eq(terms.vocabulary, "service_area")).orderBy(asc(terms.position)).all();
}

/** Partnerships content can be linked to, by name (the registry is small and bounded). */
export function listLinkablePartnerships() {
  return db().select({ id: partnerships.id, slug: partnerships.slug, name: partnerships.name, status: partnerships.status }).from(partnerships).orderBy(asc(partnerships.name)).limit(500).all();
}

/**
 * What a lesson or template form lets this member choose: a policing-only audience (not
 * suppliers), and a partnership in procurement to link to (not suppliers either), so the page
 * words its hints from the rules the model will apply.
 */
export function contentFormMay(member: Member) {
  return { choosePolicingOnly: mayContribute(member, { audience: "policing" }), linkLiveProcurement: mayLinkToPartnerships(member, true) };
}
