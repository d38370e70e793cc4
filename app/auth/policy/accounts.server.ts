/** Accounts and administration: approvals, roles, organisations, profiles and two-factor authentication. */
import { can, isModeratorRole, type Actor, type Member } from "./rules.server";

/** Approving accounts, managing organisations, spaces, roles and vocabularies, reading the audit log: administrators. */
export function mayAdminister(actor: Actor | null) {
  return can(actor, { do: "administer" });
}

/** Another member's profile or an organisation's page: every active member. */
export function mayViewProfiles(actor: Actor | null) {
  return can(actor, { do: "viewProfiles" });
}

/** Approving or refusing a request for access. */
export function mayApproveAccounts(actor: Actor | null) {
  return mayAdminister(actor);
}

/** Changing another member's role or status; nobody changes their own, so the last administrator cannot lock everyone out by mistake. */
export function mayChangeRole(actor: Actor | null, target: { id: number }) {
  return mayAdminister(actor) && actor!.id !== target.id;
}

/** Suspending or reinstating an account: as for roles, administrators, never their own. */
export function maySuspend(actor: Actor | null, target: { id: number }) {
  return mayChangeRole(actor, target);
}

/** Creating, renaming, re-ordering and archiving spaces: administrators. */
export function mayManageSpaces(actor: Actor | null) {
  return mayAdminister(actor);
}

/**
 * Opening a policing-only space to every member: administrators, never while one of its threads
 * is linked to a live procurement (the same safeguard as widening a thread, lesson or template).
 */
export function mayWidenSpace(actor: Actor | null, inLiveProcurement: boolean) {
  return mayManageSpaces(actor) && !inLiveProcurement;
}

/** The moderation pages (reports, the moderation queue) in the header: moderators and administrators. */
export function mayOpenModeration(actor: Actor | null) {
  return actor !== null && actor.status === "active" && isModeratorRole(actor);
}

/** Moderators and administrators must have two-factor authentication before anything else. */
export function mustSetUpTwoFactor(member: Pick<Member, "role" | "totpEnabled">) {
  return isModeratorRole(member) && !member.totpEnabled;
}

/** Turning two-factor authentication off: members only; moderators and administrators keep it. */
export function mayTurnOffTwoFactor(member: Pick<Member, "role">) {
  return !isModeratorRole(member);
}
