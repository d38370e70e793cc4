import { and, eq, sql } from "drizzle-orm";
import { hashPassword } from "../../app/auth/password.server";
import { slugify } from "../../app/lib/slug";
import type { Db, Tx } from "../client.server";
import * as t from "../schema";
import type { OrganisationKind, PartnershipStatus, Vocabulary } from "../../app/lib/fixed-lists";
import { readForces, readPartnershipFacts, parsePercent } from "./partnerships";
import { COMMISSIONER_OFFICE_NAMES, NATIONAL_BODIES, SPACES, VOCABULARY_TERMS } from "./reference";
import { seedDemoForum } from "./forum-demo";
import { detectDemoFiles, seedDemoTemplates, type DemoDetections } from "./templates-demo";
import { seedDemoLessons } from "./lessons-demo";
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_TOTP_KEY } from "./demo";



/**
 * Loads reference data and, unless turned off, demo content. Every insert is keyed on a natural
 * key (slug, e-mail), so running it again adds nothing.
 */
export async function seed(database: Db, options: { demo: boolean }) {
  const demoHash = options.demo ? await hashPassword(DEMO_PASSWORD) : "";
  const detections = options.demo ? await detectDemoFiles() : new Map();
  database.transaction((tx) => {
    seedReference(tx);
    if (options.demo) seedDemo(tx, demoHash, detections);
  });
}

function upsertOrganisation(tx: Tx, org: { slug: string; name: string; kind: OrganisationKind; isDemo?: boolean }) {
  tx.insert(t.organisations).values(org).onConflictDoNothing().run();
  return tx.select({ id: t.organisations.id }).from(t.organisations).where(eq(t.organisations.slug, org.slug)).get()!.id;
}

function termId(tx: Tx, vocabulary: Vocabulary, name: string) {
  const row = tx
    .select({ id: t.terms.id })
    .from(t.terms)
    .where(and(eq(t.terms.vocabulary, vocabulary), eq(t.terms.slug, slugify(name))))
    .get();
  if (!row) throw new Error(`seed: no ${vocabulary} term "${name}"`);
  return row.id;
}

export function commissionerOffice(force: { slug: string; name: string }) {
  const area = force.name.replace(/ (Police Service|Constabulary|Police)$/, "");
  return { slug: `${force.slug}-pcc`, name: COMMISSIONER_OFFICE_NAMES[force.slug] ?? `${area} PCC office` };
}

function seedReference(tx: Tx) {
  for (const [vocabulary, names] of Object.entries(VOCABULARY_TERMS) as [Vocabulary, string[]][]) {
    names.forEach((name, position) =>
      tx.insert(t.terms).values({ vocabulary, slug: slugify(name), name, position }).onConflictDoNothing().run(),
    );
  }
  for (const force of readForces()) {
    upsertOrganisation(tx, { ...force, kind: "force" });
    upsertOrganisation(tx, { ...commissionerOffice(force), kind: "commissioner" });
  }
  for (const body of NATIONAL_BODIES) upsertOrganisation(tx, body);
  SPACES.forEach((space, position) => tx.insert(t.spaces).values({ ...space, position }).onConflictDoNothing().run());
  for (const facts of readPartnershipFacts()) seedPartnership(tx, facts);
}

function seedPartnership(tx: Tx, p: ReturnType<typeof readPartnershipFacts>[number]) {
  const inserted = tx
    .insert(t.partnerships)
    .values({
      slug: p.slug,
      name: p.name,
      summary: p.summary ?? null,
      typeId: termId(tx, "partnership_type", p.type),
      status: p.status === null ? null : (slugify(p.status) as PartnershipStatus),
      procurementLaunched: p.procurement_launched,
      contractSigned: p.contract_signed,
      serviceStart: p.service_start,
      serviceEnd: p.service_end,
      termYears: p.term_years,
      contractValuePence: p.contract_value === null ? null : Math.round(p.contract_value * 100),
      contractValueNote: p.contract_value_note ?? null,
      staffTransferred: p.staff_transferred ?? null,
      commissionerBodies: p.commissioner_bodies.join("; ") || null,
    })
    .onConflictDoNothing()
    .returning({ id: t.partnerships.id })
    .get();
  // Children are written only with a new partnership, so a re-run never duplicates them.
  if (!inserted) return;
  const partnershipId = inserted.id;
  for (const force of p.forces) {
    const org = tx.select({ id: t.organisations.id }).from(t.organisations).where(eq(t.organisations.slug, force)).get();
    if (!org) throw new Error(`seed: partnership ${p.slug} names unknown force ${force}`);
    tx.insert(t.partnershipOrganisations).values({ partnershipId, organisationId: org.id, role: "force" }).run();
  }
  for (const supplier of p.suppliers) {
    const organisationId = upsertOrganisation(tx, { slug: slugify(supplier), name: supplier, kind: "supplier" });
    tx.insert(t.partnershipOrganisations).values({ partnershipId, organisationId, role: "supplier" }).run();
  }
  for (const area of p.service_areas)
    tx.insert(t.partnershipServiceAreas).values({ partnershipId, termId: termId(tx, "service_area", area) }).run();
  p.savings.forEach((s, position) => {
    const [percentLow, percentHigh] = parsePercent(s.percent);
    tx.insert(t.savingsFigures)
      .values({
        partnershipId,
        amountPence: s.amount == null ? null : Math.round(s.amount * 100),
        percentLow,
        percentHigh,
        period: s.over ?? null,
        kind: s.kind,
        note: s.note ?? null,
        reportedBy: s.reported_by,
        evidence: s.evidence,
        position,
      })
      .run();
  });
  for (const e of p.events) tx.insert(t.partnershipEvents).values({ partnershipId, date: e.date, what: e.what }).run();
  p.sources.forEach((citation, position) =>
    tx.insert(t.partnershipSources).values({ partnershipId, citation, position }).run(),
  );
}

function seedDemo(tx: Tx, passwordHash: string, detections: DemoDetections) {
  for (const org of DEMO_ORGANISATIONS) upsertOrganisation(tx, { ...org, isDemo: org.isDemo ?? true });
  for (const [domain, orgSlug] of Object.entries(demoDomains())) {
    const org = tx.select({ id: t.organisations.id }).from(t.organisations).where(eq(t.organisations.slug, orgSlug)).get()!;
    tx.insert(t.organisationDomains).values({ domain, organisationId: org.id }).onConflictDoNothing().run();
  }
  for (const account of DEMO_ACCOUNTS) {
    const org = tx.select({ id: t.organisations.id }).from(t.organisations).where(eq(t.organisations.slug, account.organisation)).get();
    if (!org) throw new Error(`seed: demo account ${account.email} names unknown organisation`);
    tx.insert(t.users)
      .values({
        email: account.email,
        handle: account.handle,
        name: account.name,
        jobTitle: account.jobTitle,
        organisationId: org.id,
        passwordHash,
        role: account.role,
        status: "active",
        emailVerifiedAt: sql`(unixepoch())`,
        ...(account.role === "member" ? {} : { totpKey: DEMO_TOTP_KEY, totpEnabled: true }),
        isDemo: true,
      })
      .onConflictDoNothing()
      .run();
  }
  seedDemoForum(tx);
  seedDemoTemplates(tx, detections);
  seedDemoLessons(tx);
}

function demoDomains() {
  return Object.fromEntries(DEMO_ACCOUNTS.filter((a) => a.verifiedDomain).map((a) => [a.email.split("@")[1]!, a.organisation]));
}
