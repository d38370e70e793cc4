import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";
import { err, ok, type Result } from "~/lib/result";
import { db } from "../../db/client.server";
import { mayAdminister, mayViewProfiles, type Member } from "~/auth/policy/index.server";
import { organisationDomains, organisations } from "../../db/schema";
import type { OrganisationKind } from "~/lib/fixed-lists";
import { pageCount } from "~/lib/paging";
import { recordAudit } from "./audit.server";
import { listOrganisationMembers, MEMBERS_PAGE_SIZE } from "./members.server";

export const ORGANISATIONS_PAGE_SIZE = 50;

/**
 * One page of organisations for administrators, unconfirmed ones (named by joiners, not yet
 * checked) first, then by name. Returns the page and the total for the pager; null for anyone
 * but an administrator.
 */
export function listOrganisations(admin: Member, options: { kind?: OrganisationKind; page: number }) {
  if (!mayAdminister(admin)) return null;
  const where = options.kind ? eq(organisations.kind, options.kind) : undefined;
  const rows = db()
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      kind: organisations.kind,
      isConfirmed: organisations.isConfirmed,
      // Written out: drizzle leaves columns unqualified inside a select list, which would compare users.id here.
      activeMembers: sql<number>`(SELECT count(*) FROM users AS u WHERE u.organisation_id = organisations.id AND u.status = 'active')`,
      domains: sql<string | null>`(SELECT group_concat(d.domain, ' ') FROM organisation_domains AS d WHERE d.organisation_id = organisations.id)`,
    })
    .from(organisations)
    .where(where)
    .orderBy(asc(organisations.isConfirmed), asc(organisations.name), asc(organisations.id))
    .limit(ORGANISATIONS_PAGE_SIZE)
    .offset((options.page - 1) * ORGANISATIONS_PAGE_SIZE)
    .all()
    .map((r) => ({ ...r, domains: r.domains ? r.domains.split(" ").sort() : [] }));
  const total = db().select({ n: count() }).from(organisations).where(where).get()?.n ?? 0;
  return { rows, total };
}

/** Organisations named by joiners and not yet confirmed by an administrator. */
export function countUnconfirmedOrganisations() {
  return db().select({ n: count() }).from(organisations).where(eq(organisations.isConfirmed, false)).get()?.n ?? 0;
}

/** One organisation with its verified e-mail domains (sorted), for an administrator; otherwise, or when missing, null. */
export function getOrganisation(admin: Member, id: number) {
  if (!mayAdminister(admin)) return null;
  const org = db().select().from(organisations).where(eq(organisations.id, id)).get();
  if (!org) return null;
  const domains = db()
    .select({ domain: organisationDomains.domain })
    .from(organisationDomains)
    .where(eq(organisationDomains.organisationId, id))
    .orderBy(asc(organisationDomains.domain))
    .all()
    .map((d) => d.domain);
  return { ...org, domains };
}

/**
 * A confirmed organisation's public face, for a member who may view profiles; null when the slug
 * is unknown or the organisation is unconfirmed (its name came from a joiner and nobody has
 * checked it yet).
 */
function getOrganisationBySlug(member: Member, slug: string) {
  if (!mayViewProfiles(member)) return null;
  return (
    db()
      .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, kind: organisations.kind, isDemo: organisations.isDemo })
      .from(organisations)
      .where(and(eq(organisations.slug, slug), eq(organisations.isConfirmed, true)))
      .get() ?? null
  );
}

/** An organisation's page: the organisation and one page of its active members; null as for getOrganisationBySlug. */
export function organisationPage(member: Member, slug: string, page: number) {
  const organisation = getOrganisationBySlug(member, slug);
  if (!organisation) return null;
  const { rows, total } = listOrganisationMembers(organisation.id, page);
  return { organisation, members: rows, total, page, totalPages: pageCount(total, MEMBERS_PAGE_SIZE) };
}

export type OrganisationChanges = {
  name: string;
  kind: OrganisationKind;
  isConfirmed: boolean;
  /** Lower-case, unique, already checked as domain names. */
  domains: string[];
};

export type UpdateOrganisationResult =
  | Result<{ changed: string[] }, "not_found">
  | { ok: false; reason: "domain_taken"; domain: string; ownerName: string };

const yesNo = (b: boolean) => (b ? "yes" : "no");

/**
 * Saves an administrator's edit: the organisation's fields and its whole list of verified
 * domains, in one transaction with its audit entry. A domain belonging to another organisation
 * is refused (domain_taken, naming it and its owner), so nothing is saved. Nothing changed means
 * nothing written and `changed` is empty.
 */
export function updateOrganisation(admin: Member, input: OrganisationChanges & { organisationId: number; ip: string }): UpdateOrganisationResult {
  if (!mayAdminister(admin)) return err("not_found");
  return db().transaction((tx): UpdateOrganisationResult => {
    const org = tx.select().from(organisations).where(eq(organisations.id, input.organisationId)).get();
    if (!org) return err("not_found");
    if (input.domains.length > 0) {
      const taken = tx
        .select({ domain: organisationDomains.domain, ownerName: organisations.name })
        .from(organisationDomains)
        .innerJoin(organisations, eq(organisations.id, organisationDomains.organisationId))
        .where(and(inArray(organisationDomains.domain, input.domains), ne(organisationDomains.organisationId, org.id)))
        .orderBy(asc(organisationDomains.domain))
        .get();
      if (taken) return { ok: false, reason: "domain_taken", domain: taken.domain, ownerName: taken.ownerName };
    }
    const before = tx
      .select({ domain: organisationDomains.domain })
      .from(organisationDomains)
      .where(eq(organisationDomains.organisationId, org.id))
      .all()
      .map((d) => d.domain);
    const added = input.domains.filter((d) => !before.includes(d)).sort();
    const removed = before.filter((d) => !input.domains.includes(d)).sort();
    const changed: string[] = [];
    if (org.name !== input.name) changed.push(`name: ${JSON.stringify(org.name)} → ${JSON.stringify(input.name)}`);
    if (org.kind !== input.kind) changed.push(`kind: ${org.kind} → ${input.kind}`);
    if (org.isConfirmed !== input.isConfirmed) changed.push(`confirmed: ${yesNo(org.isConfirmed)} → ${yesNo(input.isConfirmed)}`);
    if (added.length) changed.push(`domains added: ${added.join(", ")}`);
    if (removed.length) changed.push(`domains removed: ${removed.join(", ")}`);
    if (changed.length === 0) return ok({ changed });
    tx.update(organisations).set({ name: input.name, kind: input.kind, isConfirmed: input.isConfirmed }).where(eq(organisations.id, org.id)).run();
    if (removed.length) tx.delete(organisationDomains).where(and(eq(organisationDomains.organisationId, org.id), inArray(organisationDomains.domain, removed))).run();
    if (added.length) tx.insert(organisationDomains).values(added.map((domain) => ({ domain, organisationId: org.id }))).run();
    recordAudit({ actorId: admin.id, action: "organisation_updated", targetType: "organisation", targetId: org.id, ip: input.ip, detail: changed.join("; ") }, tx);
    return ok({ changed });
  });
}
