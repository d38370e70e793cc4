import { and, asc, count, eq, or, sql, type SQL } from "drizzle-orm";
import { db } from "../../db/client.server";
import { mayAdminister, mayChangeRole, maySuspend, mayViewProfiles, type Member } from "~/auth/policy/index.server";
import { organisations, users } from "../../db/schema";
import type { AccountStatus } from "~/lib/fixed-lists";

export const MEMBERS_PAGE_SIZE = 50;

/** `%` and `_` typed into a search box are literal characters, not wildcards. */
function containsPattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function memberSearchWhere(options: { q?: string; status?: AccountStatus }): SQL | undefined {
  const conditions: SQL[] = [];
  if (options.status) conditions.push(eq(users.status, options.status));
  if (options.q) {
    // SQLite's LIKE ignores case for ASCII letters.
    const pattern = containsPattern(options.q);
    conditions.push(or(sql`${users.name} LIKE ${pattern} ESCAPE '\\'`, sql`${users.email} LIKE ${pattern} ESCAPE '\\'`)!);
  }
  return conditions.length ? and(...conditions) : undefined;
}

/**
 * One page of accounts for administrators, by name: optionally only those whose name or e-mail
 * address contains `q`, or with one status. Returns the page and the total for the pager; null
 * for anyone but an administrator.
 */
export function listMembers(admin: Member, options: { q?: string; status?: AccountStatus; page: number }) {
  if (!mayAdminister(admin)) return null;
  const where = memberSearchWhere(options);
  const rows = db()
    .select({
      id: users.id,
      handle: users.handle,
      name: users.name,
      email: users.email,
      role: users.role,
      status: users.status,
      organisationName: organisations.name,
      createdAt: users.createdAt,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(where)
    .orderBy(asc(users.name), asc(users.id))
    .limit(MEMBERS_PAGE_SIZE)
    .offset((options.page - 1) * MEMBERS_PAGE_SIZE)
    .all();
  const total = db().select({ n: count() }).from(users).where(where).get()?.n ?? 0;
  return { rows, total };
}

/**
 * Everything an administrator sees about one account, with what they may do to it (never change
 * their own role or status); null when missing or for anyone but an administrator.
 */
export function getMemberForAdmin(admin: Member, id: number) {
  if (!mayAdminister(admin)) return null;
  const found =
    db()
      .select({
        id: users.id,
        handle: users.handle,
        name: users.name,
        email: users.email,
        jobTitle: users.jobTitle,
        role: users.role,
        status: users.status,
        statusReason: users.statusReason,
        totpEnabled: users.totpEnabled,
        emailVerifiedAt: users.emailVerifiedAt,
        createdAt: users.createdAt,
        isDemo: users.isDemo,
        organisationId: organisations.id,
        organisationName: organisations.name,
        organisationKind: organisations.kind,
        organisationConfirmed: organisations.isConfirmed,
      })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, id))
      .get() ?? null;
  return found && { ...found, may: { changeRole: mayChangeRole(admin, found), suspend: maySuspend(admin, found) } };
}

/** Accounts waiting for an administrator's decision. */
export function countPendingAccounts() {
  return db().select({ n: count() }).from(users).where(eq(users.status, "pending")).get()?.n ?? 0;
}

/**
 * A member's public profile, for a member who may view profiles; null when the handle is unknown
 * or the account is not active (pending, rejected and suspended accounts have no profile).
 */
export function getProfile(member: Member, handle: string) {
  if (!mayViewProfiles(member)) return null;
  return (
    db()
      .select({
        handle: users.handle,
        name: users.name,
        jobTitle: users.jobTitle,
        role: users.role,
        createdAt: users.createdAt,
        isDemo: users.isDemo,
        organisationName: organisations.name,
        organisationSlug: organisations.slug,
        organisationKind: organisations.kind,
        organisationConfirmed: organisations.isConfirmed,
      })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(and(eq(users.handle, handle), eq(users.status, "active")))
      .get() ?? null
  );
}

/** One page of an organisation's active members, by name, with the total for the pager. */
export function listOrganisationMembers(organisationId: number, page: number) {
  const where = and(eq(users.organisationId, organisationId), eq(users.status, "active"));
  const rows = db()
    .select({ handle: users.handle, name: users.name, jobTitle: users.jobTitle })
    .from(users)
    .where(where)
    .orderBy(asc(users.name), asc(users.id))
    .limit(MEMBERS_PAGE_SIZE)
    .offset((page - 1) * MEMBERS_PAGE_SIZE)
    .all();
  const total = db().select({ n: count() }).from(users).where(where).get()?.n ?? 0;
  return { rows, total };
}
