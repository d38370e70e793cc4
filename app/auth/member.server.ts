import { redirect } from "@remix-run/node";
import { config } from "../lib/env.server";
import { noteContentVersion } from "../models/kept-lists.server";
import { sameOriginPath } from "../lib/safe-redirect";
import { mayAdminister, mayOpenModeration, mustSetUpTwoFactor, type Member } from "./policy/index.server";
import { endSession, sessionIdFrom, startSession, validateSession, type SessionMeta } from "./session.server";

/** Root and route loaders run in parallel for one request; they share one session lookup. */
const perRequest = new WeakMap<Request, Promise<Member | null>>();

/** The signed-in, active member behind the request, or null (guests, half-finished sign-ins, inactive accounts). */
export function getMember(request: Request): Promise<Member | null> {
  let found = perRequest.get(request);
  if (!found) {
    found = loadMember(request);
    perRequest.set(request, found);
  }
  return found;
}

async function loadMember(request: Request): Promise<Member | null> {
  const session = await validateSession(request);
  if (!session || !session.isSignInComplete) return null;
  if (session.account.status !== "active") return null;
  const member = { ...session.account, sessionId: session.id };
  // Only where the request cannot itself change content first: after a form's action, its
  // page's lists are checked against the version as it is then. (A GET that writes content, as
  // a template download counts itself, must not then read a kept list.)
  if (request.method === "GET" || request.method === "HEAD") noteContentVersion(member, session.contentVersion);
  return member;
}

/** Only paths on this site are honoured, so a crafted link cannot send a member elsewhere. */
export function safeRedirectPath(target: string | null | undefined, fallback = "/") {
  return sameOriginPath(target, config().baseUrl, fallback);
}

export function loginUrl(request: Request) {
  const url = new URL(request.url);
  return `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
}

/**
 * The member, or a thrown redirect: guests to sign in (and back), moderators and administrators
 * without two-factor authentication to set it up first.
 */
export async function requireMember(request: Request, options: { allowWithoutTwoFactor?: boolean } = {}) {
  const member = await getMember(request);
  if (!member) throw redirect(loginUrl(request));
  if (!options.allowWithoutTwoFactor && mustSetUpTwoFactor(member)) throw redirect("/settings/two-factor?required=1");
  return member;
}

/** Moderators and administrators; everyone else gets the same 404 as for a page that does not exist. */
export async function requireModerator(request: Request) {
  const member = await requireMember(request);
  if (!mayOpenModeration(member)) throw new Response("Not found", { status: 404 });
  return member;
}

export async function requireAdministrator(request: Request) {
  const member = await requireMember(request);
  if (!mayAdminister(member)) throw new Response("Not found", { status: 404 });
  return member;
}

/**
 * Ends whatever session the request carried and starts a new one, so a session id never survives
 * a change of privilege (ASVS 3.2.1). Returns the Set-Cookie header.
 */
export async function rotateSession(request: Request, userId: number, meta: SessionMeta, isSignInComplete: boolean) {
  const old = sessionIdFrom(request);
  if (old) await endSession(old);
  return startSession(userId, { ...meta, isSignInComplete });
}

/** A session that has passed the password but not yet the second factor, or null. */
export async function getHalfSignedIn(request: Request) {
  const session = await validateSession(request);
  return session && !session.isSignInComplete ? session : null;
}
