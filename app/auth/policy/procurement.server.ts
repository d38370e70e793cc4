/**
 * Live procurement safeguards (DESIGN.md; Procurement Act 2023: equal treatment, conflicts of
 * interest on the record). Whether something is linked to a live procurement is answered in one
 * place, app/models/procurement.server.ts; these rules take that answer.
 */
import { can, isPolicingSide, type Actor } from "./rules.server";
import type { Audience } from "~/lib/fixed-lists";

/** Whether a member must declare an interest before posting in content linked to a live procurement. */
export function mustDeclareInterest(actor: Actor, inLiveProcurement: boolean) {
  return inLiveProcurement && !isPolicingSide(actor);
}

/** Posting in content of this audience, given whether it is linked to a live procurement and whether the member declared. */
export function mayContributeDeclared(actor: Actor | null, item: { audience: Audience }, inLiveProcurement: boolean, declared: boolean) {
  return can(actor, { do: "contribute", audience: item.audience, inLiveProcurement, declared });
}

/**
 * Linking content (a lesson, a template) to partnerships, given whether any of them is in
 * procurement: suppliers may not, since it would be an undeclared supplier-side contribution to
 * the competition. Asked about the links the content will have after the change.
 */
export function mayLinkToPartnerships(actor: Actor | null, linksLiveProcurement: boolean) {
  return actor !== null && (!linksLiveProcurement || isPolicingSide(actor));
}

/**
 * Removing partnerships from content that is linked to a live procurement: suppliers may not, as
 * it would take what they wrote out of the competition's view while it runs (the market
 * engagement record keeps its entries either way). The policing side may.
 */
export function mayUnlinkPartnerships(actor: Actor | null, linkedToLiveProcurement: boolean) {
  return actor !== null && (!linkedToLiveProcurement || isPolicingSide(actor));
}
