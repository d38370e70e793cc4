/** The reference lists that forms offer: service areas and the partnerships content can be linked to. */
import { asc } from "drizzle-orm";
import { mayContribute, mayLinkToPartnerships, type Member } from "~/auth/policy/index.server";
import { db } from "../../db/client.server";
import { partnerships } from "../../db/schema";
import { keptList } from "./kept-lists.server";

const SERVICE_AREAS = "SELECT id, slug, name FROM terms WHERE vocabulary = 'service_area' ORDER BY position";

type ServiceArea = { id: number; slug: string; name: string };

/** The service areas, in their set order: one prepared statement, not a query built each time. */
export function listServiceAreas() {
  return db().$client.prepare(SERVICE_AREAS).all() as ServiceArea[];
}

/** The same, kept between requests (`keptList`) for the page that shows them most, a space listing's filter. */
export function keptServiceAreas(member: Member) {
  return keptList<ServiceArea>(member, SERVICE_AREAS, []);
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
