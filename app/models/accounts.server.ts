import { and, asc, eq, sql } from "drizzle-orm";
import { newDeviceToken, trustedDeviceNonce } from "~/auth/device-cookie.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { listSessions } from "~/auth/session.server";
import { mayApproveAccounts, mayChangeRole, maySuspend, type Member } from "~/auth/policy/index.server";
import { config } from "~/lib/env.server";
import { err, ok, type Result } from "~/lib/result";
import { slugify } from "~/lib/slug";
import { describeDevice } from "~/lib/user-agent";
import { db, type Db, type Tx } from "../../db/client.server";
import { organisationDomains, organisations, signInDeviceLocks, signInLocks, users } from "../../db/schema";
import type { AccountStatus, NotifyPreference, OrganisationKind, SiteRole } from "~/lib/fixed-lists";
import { createAccountToken, useAccountToken, type TokenProblem } from "./account-tokens.server";
import { recordAudit } from "./audit.server";
import { queueMail } from "./mail-outbox.server";
import { countPendingAccounts } from "./members.server";
import { queueModeratorMail } from "./moderation.server";

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
const domainOf = (email: string) => email.split("@")[1] ?? "";

export type NewAccount = {
  name: string;
  email: string;
  jobTitle: string;
  password: string;
  organisation: { id: number } | { newName: string; kind: OrganisationKind };
};

/** Confirmed organisations for the request-access list, grouped by kind in the page. */
export function listJoinableOrganisations() {
  return db()
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.isConfirmed, true))
    .orderBy(asc(organisations.kind), asc(organisations.name))
    .all();
}

function uniqueHandle(name: string) {
  const base = slugify(name, 30) || "member";
  for (let n = 1; ; n++) {
    const handle = n === 1 ? base : `${base}-${n}`;
    if (!db().select({ id: users.id }).from(users).where(eq(users.handle, handle)).get()) return handle;
  }
}

function uniqueOrganisationSlug(name: string) {
  const base = slugify(name, 60) || "organisation";
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!db().select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get()) return slug;
  }
}

/**
 * Creates an unverified account and e-mails a confirmation link. An address that already has an
 * account gets a different e-mail instead, and the caller shows the same page either way, so the
 * form never reveals who is a member.
 */
export async function requestAccess(input: NewAccount, ip: string): Promise<Result<{ userId: number | null }, "unknown_organisation">> {
  const email = normaliseEmail(input.email);
  const existing = db().select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (existing) {
    queueAlreadyMemberEmail(db(), email);
    return ok({ userId: null });
  }
  if ("id" in input.organisation) {
    const org = db().select({ id: organisations.id }).from(organisations)
      .where(and(eq(organisations.id, input.organisation.id), eq(organisations.isConfirmed, true))).get();
    if (!org) return err("unknown_organisation");
  }
  const passwordHash = await hashPassword(input.password);
  const userId = db().transaction((tx) => {
    let organisationId: number;
    if ("id" in input.organisation) organisationId = input.organisation.id;
    else {
      organisationId = tx
        .insert(organisations)
        .values({ slug: uniqueOrganisationSlug(input.organisation.newName), name: input.organisation.newName, kind: input.organisation.kind, isConfirmed: false })
        .returning({ id: organisations.id })
        .get().id;
    }
    const user = tx
      .insert(users)
      .values({ email, handle: uniqueHandle(input.name), name: input.name, jobTitle: input.jobTitle, organisationId, passwordHash, status: "unverified" })
      .returning({ id: users.id })
      .get();
    recordAudit({ actorId: user.id, action: "account_requested", targetType: "user", targetId: user.id, ip }, tx);
    queueVerificationEmail(tx, user.id, email);
    return user.id;
  });
  return ok({ userId });
}

function queueAlreadyMemberEmail(tx: Tx | Db, email: string) {
  const { baseUrl } = config();
  queueMail(tx, {
    kind: "access_requested_again",
    to: email,
    subject: "Someone asked to join Partnering Exchange with your address",
    text: `Someone, perhaps you, asked to join Partnering Exchange with this e-mail address, which already has an account.\n\nSign in: ${baseUrl}/login\nForgotten your password? ${baseUrl}/reset-password\n\nIf this was not you, you can ignore this e-mail.`,
  });
}

/**
 * The request a browser is waiting on, from its signed join cookie: the account it created (null
 * when the address already had one, so the page cannot tell the two apart) and the address shown.
 */
export type PendingRequest = { userId: number | null; email: string };

const unconfirmedAccount = (tx: Tx, userId: number | null, email?: string) =>
  userId === null
    ? undefined
    : tx.select({ id: users.id, email: users.email }).from(users)
        .where(and(eq(users.id, userId), eq(users.status, "unverified"), ...(email ? [eq(users.email, email)] : []))).get();

/**
 * Sends the confirmation link again, or, when the address has an account that is not waiting for
 * one, the same "already has an account" e-mail the first request sent; nothing for an unknown address.
 */
export function resendConfirmation(pending: PendingRequest) {
  const email = normaliseEmail(pending.email);
  db().transaction((tx) => {
    const account = unconfirmedAccount(tx, pending.userId, email);
    if (account) queueVerificationEmail(tx, account.id, email);
    else if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) queueAlreadyMemberEmail(tx, email);
  });
}

/**
 * Moves an unconfirmed account to a corrected address and mails it a fresh link (the old link
 * dies). An address that already has an account is told so and is never taken over; without an
 * unconfirmed account the new address is asked to fill in the form. Returns the request to show,
 * the same whichever happened.
 */
export function changeUnconfirmedEmail(pending: PendingRequest, newEmail: string, ip: string): PendingRequest {
  const email = normaliseEmail(newEmail);
  return db().transaction((tx) => {
    const taken = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
    const account = unconfirmedAccount(tx, pending.userId);
    if (taken && taken.id !== account?.id) queueAlreadyMemberEmail(tx, email);
    else if (account) {
      tx.update(users).set({ email }).where(eq(users.id, account.id)).run();
      recordAudit({ actorId: account.id, action: "email_changed_before_confirming", targetType: "user", targetId: account.id, ip, detail: `${account.email} → ${email}` }, tx);
      queueVerificationEmail(tx, account.id, email);
    } else
      queueMail(tx, {
        kind: "access_request_restart",
        to: email,
        subject: "Finish asking to join Partnering Exchange",
        text: `Someone, perhaps you, asked to join Partnering Exchange with this e-mail address. To finish, fill in the request form with it:\n\n${config().baseUrl}/join\n\nIf this was not you, you can ignore this e-mail.`,
      });
    return { userId: pending.userId, email };
  });
}

function queueVerificationEmail(tx: Tx, userId: number, email: string) {
  const token = createAccountToken(userId, "verify_email");
  queueMail(tx, {
    kind: "verify_email",
    to: email,
    subject: "Confirm your e-mail address for Partnering Exchange",
    text: `Confirm your e-mail address to finish asking for access to Partnering Exchange:\n\n${config().baseUrl}/verify-email?token=${token}\n\nThe link works once and expires in 24 hours. If you did not ask to join, ignore this e-mail.`,
  });
}

function isOnVerifiedDomain(email: string, organisationId: number) {
  return Boolean(
    db().select({ d: organisationDomains.domain }).from(organisationDomains)
      .innerJoin(organisations, eq(organisations.id, organisationDomains.organisationId))
      .where(and(eq(organisationDomains.domain, domainOf(email)), eq(organisationDomains.organisationId, organisationId), eq(organisations.isConfirmed, true)))
      .get(),
  );
}

/**
 * Uses the link: an address on the organisation's verified domain is active at once, others wait
 * for approval. `signIn` names the account the caller signs in: only one this link has just made
 * active, and never one that needs a second factor.
 */
export function confirmEmail(token: string, ip: string): Result<{ status: AccountStatus; signIn: number | null }, TokenProblem> {
  return db().transaction((tx) => {
    const used = useAccountToken(tx, token, "verify_email");
    if (!used.ok) return used;
    const user = tx.select().from(users).where(eq(users.id, used.value.userId)).get()!;
    if (user.status !== "unverified") return ok({ status: user.status, signIn: null });
    const status: AccountStatus = isOnVerifiedDomain(user.email, user.organisationId) ? "active" : "pending";
    tx.update(users).set({ status, emailVerifiedAt: new Date() }).where(eq(users.id, user.id)).run();
    recordAudit({ actorId: user.id, action: status === "active" ? "email_verified_auto_approved" : "email_verified_pending", targetType: "user", targetId: user.id, ip }, tx);
    if (status === "pending") queueModeratorMail(tx, null);
    return ok({ status, signIn: status === "active" && !user.totpEnabled ? user.id : null });
  });
}

const LOCK_FAILURES = 5;
const LOCK_WINDOW_MS = 15 * 60_000;

export type SignInProblem = "locked" | "invalid" | "unverified" | "pending" | "rejected" | "suspended";
/** A real argon2id hash of a random string, so an unknown address costs the same time as a known one. */
let dummyHash: Promise<string> | undefined;

type LockRow = { failures: number; windowStart: Date; lockedUntil: Date | null };

/** The counter after one more failure: five within 15 minutes lock for 15 minutes. */
function nextLock(previous: LockRow | undefined, at: Date): LockRow {
  const fresh = !previous || at.getTime() - previous.windowStart.getTime() > LOCK_WINDOW_MS;
  const failures = fresh ? 1 : previous.failures + 1;
  return { failures, windowStart: fresh ? at : previous.windowStart, lockedUntil: failures >= LOCK_FAILURES ? new Date(at.getTime() + LOCK_WINDOW_MS) : null };
}

/**
 * Checks an e-mail address and password. Failures are counted in one of two places (OWASP device
 * cookies, issue 11): from a browser whose device token was issued for this address, against that
 * browser alone; from anyone else, against the address, whether or not it has an account. Five
 * failures within 15 minutes lock that browser, or the address for every untrusted browser, for 15
 * minutes; a trusted browser is not locked out by failures elsewhere. Account status is told only
 * after the right password, so nothing is revealed to someone guessing. On success, a fresh device
 * token for the browser.
 */
export async function checkSignIn(
  emailInput: string,
  password: string,
  ip: string,
  options: { deviceToken?: string | null; at?: Date } = {},
): Promise<Result<{ userId: number; totpEnabled: boolean; deviceToken: string }, SignInProblem> & { statusReason?: string | null; userId?: number }> {
  const at = options.at ?? new Date();
  const email = normaliseEmail(emailInput).slice(0, 320);
  const nonce = trustedDeviceNonce(options.deviceToken ?? null, email);
  const lock = nonce
    ? db().select().from(signInDeviceLocks).where(eq(signInDeviceLocks.nonce, nonce)).get()
    : db().select().from(signInLocks).where(eq(signInLocks.email, email)).get();
  if (lock?.lockedUntil && lock.lockedUntil > at) return err("locked");
  const user = db().select().from(users).where(eq(users.email, email)).get();
  dummyHash ??= hashPassword(crypto.randomUUID());
  const valid = user ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await dummyHash, password), false);
  if (!valid) {
    recordFailure(email, nonce, user?.id ?? null, ip, at);
    return err("invalid");
  }
  // A trusted browser's success clears its own counter only: the address stays locked for strangers.
  if (nonce) db().delete(signInDeviceLocks).where(eq(signInDeviceLocks.nonce, nonce)).run();
  else db().delete(signInLocks).where(eq(signInLocks.email, email)).run();
  if (user!.status !== "active") {
    recordAudit({ actorId: user!.id, action: "sign_in_refused", targetType: "user", targetId: user!.id, ip, detail: user!.status });
    return { ...err(user!.status as Exclude<AccountStatus, "active">), statusReason: user!.statusReason, userId: user!.id };
  }
  return ok({ userId: user!.id, totpEnabled: user!.totpEnabled, deviceToken: newDeviceToken(email) });
}

function recordFailure(email: string, nonce: string | null, userId: number | null, ip: string, at: Date) {
  db().transaction((tx) => {
    let lockedUntil: Date | null;
    if (nonce) {
      const next = nextLock(tx.select().from(signInDeviceLocks).where(eq(signInDeviceLocks.nonce, nonce)).get(), at);
      tx.insert(signInDeviceLocks).values({ nonce, email, ...next }).onConflictDoUpdate({ target: signInDeviceLocks.nonce, set: next }).run();
      lockedUntil = next.lockedUntil;
    } else {
      const next = nextLock(tx.select().from(signInLocks).where(eq(signInLocks.email, email)).get(), at);
      tx.insert(signInLocks).values({ email, ...next }).onConflictDoUpdate({ target: signInLocks.email, set: next }).run();
      lockedUntil = next.lockedUntil;
    }
    const detail = nonce ? `${email} (from a browser that signed in before)` : email;
    recordAudit({ actorId: null, action: lockedUntil ? "sign_in_failed_locked" : "sign_in_failed", targetType: userId ? "user" : undefined, targetId: userId, ip, detail }, tx);
  });
}

/** Sends a reset link when the address has an account; says nothing either way. */
export async function startPasswordReset(emailInput: string, ip: string) {
  const email = normaliseEmail(emailInput);
  const user = db().select({ id: users.id, status: users.status }).from(users).where(eq(users.email, email)).get();
  if (!user) return;
  db().transaction((tx) => {
    const token = createAccountToken(user.id, "reset_password");
    recordAudit({ actorId: null, action: "password_reset_requested", targetType: "user", targetId: user.id, ip }, tx);
    queueMail(tx, {
      kind: "password_reset",
      to: email,
      subject: "Reset your Partnering Exchange password",
      text: `Someone, perhaps you, asked to reset the password for this Partnering Exchange account:\n\n${config().baseUrl}/reset-password?token=${token}\n\nThe link works once and expires in 1 hour. If you did not ask, ignore this e-mail: your password has not changed.`,
    });
  });
}

/** Sets a new password from a reset link. The caller then ends every session of the account. */
export async function resetPassword(token: string, password: string, ip: string): Promise<Result<{ userId: number }, TokenProblem>> {
  const passwordHash = await hashPassword(password);
  return db().transaction((tx) => {
    const used = useAccountToken(tx, token, "reset_password");
    if (!used.ok) return used;
    tx.update(users).set({ passwordHash }).where(eq(users.id, used.value.userId)).run();
    tx.delete(signInLocks).where(sql`${signInLocks.email} = (SELECT email FROM users WHERE id = ${used.value.userId})`).run();
    tx.delete(signInDeviceLocks).where(sql`${signInDeviceLocks.email} = (SELECT email FROM users WHERE id = ${used.value.userId})`).run();
    recordAudit({ actorId: used.value.userId, action: "password_reset", targetType: "user", targetId: used.value.userId, ip }, tx);
    return used;
  });
}

export function emailForToken(userId: number) {
  return db().select({ email: users.email }).from(users).where(eq(users.id, userId)).get()?.email ?? "";
}

export async function changePassword(userId: number, current: string, next: string, ip: string): Promise<Result<null, "wrong_password">> {
  const user = db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(user.hash, current))) return err("wrong_password");
  const passwordHash = await hashPassword(next);
  db().update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
  recordAudit({ actorId: userId, action: "password_changed", targetType: "user", targetId: userId, ip });
  return ok(null);
}

export function updateProfile(userId: number, input: { name: string; jobTitle: string; notifyPreference: NotifyPreference }) {
  db().update(users).set(input).where(eq(users.id, userId)).run();
}

/** Administrators' work queue: verified accounts waiting for a decision, oldest first (at most 100), and how many wait; null for anyone else. */
export function approvalsPage(admin: Member) {
  if (!mayApproveAccounts(admin)) return null;
  const accounts = db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      jobTitle: users.jobTitle,
      createdAt: users.createdAt,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
      organisationConfirmed: organisations.isConfirmed,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.status, "pending"))
    .orderBy(asc(users.createdAt))
    .limit(100)
    .all();
  return { accounts, total: countPendingAccounts() };
}

type Decision = { userId: number; ip: string };

/** Approves a pending account (confirming a new organisation it named) and tells the person; `not_pending` also for anyone but an administrator. */
export async function approveAccount(admin: Member, { userId, ip }: Decision): Promise<Result<null, "not_pending">> {
  if (!mayApproveAccounts(admin)) return err("not_pending");
  const user = db().transaction((tx) => {
    const u = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!u || u.status !== "pending") return null;
    tx.update(users).set({ status: "active", statusReason: null }).where(eq(users.id, userId)).run();
    tx.update(organisations).set({ isConfirmed: true }).where(eq(organisations.id, u.organisationId)).run();
    recordAudit({ actorId: admin.id, action: "account_approved", targetType: "user", targetId: userId, ip }, tx);
    queueMail(tx, {
      kind: "account_approved",
      to: u.email,
      subject: "Your Partnering Exchange account is approved",
      text: `Your request to join Partnering Exchange has been approved. Sign in: ${config().baseUrl}/login`,
    });
    return u;
  });
  if (!user) return err("not_pending");
  return ok(null);
}

export async function rejectAccount(admin: Member, { userId, ip, reason }: Decision & { reason: string }): Promise<Result<null, "not_pending">> {
  if (!mayApproveAccounts(admin)) return err("not_pending");
  const user = db().transaction((tx) => {
    const u = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!u || u.status !== "pending") return null;
    tx.update(users).set({ status: "rejected", statusReason: reason }).where(eq(users.id, userId)).run();
    recordAudit({ actorId: admin.id, action: "account_rejected", targetType: "user", targetId: userId, ip, detail: reason }, tx);
    queueMail(tx, {
      kind: "account_rejected",
      to: u.email,
      subject: "Your request to join Partnering Exchange",
      text: `Your request to join Partnering Exchange was not approved.\n\nReason: ${reason}\n\nIf you think this is wrong, reply to the person who invited you or ask your organisation's lead to contact the administrators.`,
    });
    return u;
  });
  if (!user) return err("not_pending");
  return ok(null);
}

/** Suspends or reinstates an account (administrators, never their own: `self`); the caller ends the sessions of a suspended one. */
export function setAccountSuspended(admin: Member, { userId, ip, suspended, reason }: Decision & { suspended: boolean; reason: string }): Result<null, "not_found" | "self"> {
  if (!maySuspend(admin, { id: userId })) return err(admin.id === userId ? "self" : "not_found");
  return db().transaction((tx) => {
    const u = tx.select({ status: users.status }).from(users).where(eq(users.id, userId)).get();
    if (!u || (suspended ? u.status !== "active" : u.status !== "suspended")) return err("not_found");
    tx.update(users).set({ status: suspended ? "suspended" : "active", statusReason: suspended ? reason : null }).where(eq(users.id, userId)).run();
    recordAudit({ actorId: admin.id, action: suspended ? "account_suspended" : "account_reinstated", targetType: "user", targetId: userId, ip, detail: reason }, tx);
    return ok(null);
  });
}

/** Changes another member's site role (administrators, never their own: `self`). */
export function changeRole(admin: Member, { userId, ip, role }: Decision & { role: SiteRole }): Result<null, "not_found" | "self"> {
  if (!mayChangeRole(admin, { id: userId })) return err(admin.id === userId ? "self" : "not_found");
  return db().transaction((tx) => {
    const u = tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
    if (!u) return err("not_found");
    tx.update(users).set({ role }).where(eq(users.id, userId)).run();
    recordAudit({ actorId: admin.id, action: "role_changed", targetType: "user", targetId: userId, ip, detail: `${u.role} → ${role}` }, tx);
    return ok(null);
  });
}

export function recordSignIn(userId: number, ip: string, how: "password" | "two_factor" | "email_link") {
  recordAudit({ actorId: userId, action: "sign_in", targetType: "user", targetId: userId, ip, detail: how });
}

/** The member's settings page: their account as they may change it, and the devices signed in as them (the current one marked). */
export function settingsPage(member: Member) {
  const settings = db()
    .select({
      name: users.name,
      handle: users.handle,
      email: users.email,
      jobTitle: users.jobTitle,
      notifyPreference: users.notifyPreference,
      totpEnabled: users.totpEnabled,
      role: users.role,
      organisationName: organisations.name,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, member.id))
    .get()!;
  const devices = listSessions(member.id).map((s) => ({ ...s, device: describeDevice(s.userAgent), isCurrent: s.id === member.sessionId, id: undefined }));
  return { settings, sessions: devices };
}
