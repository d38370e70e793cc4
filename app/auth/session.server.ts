/**
 * The only module that imports lucia (deprecated upstream, lucia-auth/lucia#1787): replacing it
 * with our own code touches this file alone. Sessions live in SQLite and are revocable.
 */
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { and, desc, eq, ne } from "drizzle-orm";
import { Lucia, TimeSpan } from "lucia";
import type { Member } from "~/auth/policy/index.server";
import { config } from "~/lib/env.server";
import { db } from "../../db/client.server";
import { sessions, users } from "../../db/schema";

/** Idle expiry slides with use; the absolute limit is kept by checking created_at. */
const IDLE_DAYS = 7;
const ABSOLUTE_SECONDS = 30 * 24 * 60 * 60;
/** Avoids a write on every request: last-seen is updated at most once a minute. */
const LAST_SEEN_RESOLUTION_SECONDS = 60;

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseSessionAttributes: {
      createdAt: number;
      lastSeenAt: number;
      isSignInComplete: boolean;
      ip: string;
      userAgent: string;
    };
    DatabaseUserAttributes: Record<string, never>;
  }
}

function createLucia() {
  const cfg = config();
  return new Lucia(new DrizzleSQLiteAdapter(db(), sessions, users), {
    sessionExpiresIn: new TimeSpan(IDLE_DAYS, "d"),
    sessionCookie: {
      // The __Host- prefix needs Secure, so it is used only over https.
      name: cfg.isHttps ? "__Host-exchange_session" : "exchange_session",
      attributes: { secure: cfg.isHttps, sameSite: "lax" },
    },
    getSessionAttributes: (a) => ({
      createdAt: a.createdAt,
      lastSeenAt: a.lastSeenAt,
      isSignInComplete: Boolean(a.isSignInComplete),
      ip: a.ip,
      userAgent: a.userAgent,
    }),
  });
}

let instance: ReturnType<typeof createLucia> | undefined;
const lucia = () => (instance ??= createLucia());

export type SessionInfo = { id: string; userId: number; isSignInComplete: boolean };
/** With the session, the content version its statement read, for the lists kept between requests. */
type ValidSession = SessionInfo & { account: Omit<Member, "sessionId">; contentVersion: number };
export type SessionMeta = { ip: string; userAgent: string };

function now() {
  return Math.floor(Date.now() / 1000);
}

/**
 * A brand-new session (the caller invalidates any old one first, so an id never survives a
 * sign-in). Returns the Set-Cookie header. The cookie lives as long as the absolute limit; the
 * server-side idle expiry is what ends unused sessions.
 */
export async function startSession(userId: number, meta: SessionMeta & { isSignInComplete: boolean }) {
  const t = now();
  const session = await lucia().createSession(userId, {
    createdAt: t,
    lastSeenAt: t,
    isSignInComplete: meta.isSignInComplete,
    ip: meta.ip.slice(0, 64),
    userAgent: meta.userAgent.slice(0, 300),
  });
  const cookie = lucia().createSessionCookie(session.id);
  cookie.attributes.maxAge = ABSOLUTE_SECONDS;
  cookie.attributes.expires = undefined;
  return cookie.serialize();
}

export function clearSessionCookie() {
  return lucia().createBlankSessionCookie().serialize();
}

/** The session id in the cookie, or null; a malformed cookie header counts as none. */
export function sessionIdFrom(request: Request) {
  try {
    return lucia().readSessionCookie(request.headers.get("cookie") ?? "");
  } catch {
    return null;
  }
}

type SessionRow = Omit<Member, "sessionId" | "totpEnabled"> & { sessionId: string; expiresAt: number; createdAt: number; lastSeenAt: number; isSignInComplete: number; totpEnabled: number; contentVersion: number };

/**
 * The session behind the request's cookie, with the account behind it, or null when absent,
 * unknown, idle too long or too old. Read in one kept statement rather than through lucia's
 * adapter (a session, then a user, then the member's organisation: three statements on every
 * request); the expiry rules are lucia's: past its expiry the session is deleted, and in the
 * second half of its idle period the expiry slides forward.
 */
export async function validateSession(request: Request): Promise<ValidSession | null> {
  const id = sessionIdFrom(request);
  if (!id) return null;
  const row = db().$client.prepare(`
    SELECT s.id AS sessionId, s.expires_at AS expiresAt, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt, s.is_sign_in_complete AS isSignInComplete,
      u.id, u.handle, u.name, u.email, u.job_title AS jobTitle, u.role, u.status, u.organisation_id AS organisationId,
      o.kind AS organisationKind, o.name AS organisationName, o.slug AS organisationSlug, u.totp_enabled AS totpEnabled,
      (SELECT n FROM content_version) AS contentVersion
    FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id
    WHERE s.id = ?`).get(id) as SessionRow | undefined;
  if (!row) return null;
  const t = now();
  if (t >= row.expiresAt || t - row.createdAt > ABSOLUTE_SECONDS) {
    await lucia().invalidateSession(row.sessionId);
    return null;
  }
  const slide = t >= row.expiresAt - (IDLE_DAYS * 24 * 60 * 60) / 2;
  if (slide || t - row.lastSeenAt >= LAST_SEEN_RESOLUTION_SECONDS)
    db().update(sessions).set({ lastSeenAt: t, ...(slide ? { expiresAt: t + IDLE_DAYS * 24 * 60 * 60 } : {}) }).where(eq(sessions.id, row.sessionId)).run();
  const { sessionId, expiresAt: _e, createdAt: _c, lastSeenAt: _l, isSignInComplete, totpEnabled, contentVersion, ...account } = row;
  return { id: sessionId, userId: row.id, isSignInComplete: isSignInComplete === 1, account: { ...account, totpEnabled: totpEnabled === 1 }, contentVersion };
}

export async function endSession(sessionId: string) {
  await lucia().invalidateSession(sessionId);
}

export async function endAllSessions(userId: number) {
  await lucia().invalidateUserSessions(userId);
}

export function endOtherSessions(userId: number, keepSessionId: string) {
  db().delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))).run();
}

/** A member's live sessions, newest use first, for the settings page. */
export function listSessions(userId: number) {
  return db()
    .select({
      id: sessions.id,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.isSignInComplete, true)))
    .orderBy(desc(sessions.lastSeenAt))
    .all()
    .filter((s) => s.createdAt > now() - ABSOLUTE_SECONDS);
}
