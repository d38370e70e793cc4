import { relations, sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Force, commissioner and national bodies are the policing side; see DESIGN.md. */
export const ORGANISATION_KINDS = ["force", "commissioner", "national", "supplier"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const AUDIENCES = ["members", "policing"] as const;
export type Audience = (typeof AUDIENCES)[number];
export const SITE_ROLES = ["member", "moderator", "administrator"] as const;
export type SiteRole = (typeof SITE_ROLES)[number];
/** unverified: e-mail not yet confirmed; pending: waiting for an administrator. */
export const ACCOUNT_STATUSES = ["unverified", "pending", "active", "rejected", "suspended"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
/** The logic of live-procurement safeguards keys on "in-procurement", so statuses are fixed here. */
export const PARTNERSHIP_STATUSES = ["planning", "in-procurement", "live", "ended", "terminated"] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];
export const EVIDENCE_GRADES = [
  "supplier_estimate",
  "force_reported",
  "disputed",
  "independently_verified",
  "audited",
] as const;
export type EvidenceGrade = (typeof EVIDENCE_GRADES)[number];
export const VOCABULARIES = ["partnership_type", "service_area", "lesson_phase", "template_category"] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];
export const NOTIFY_PREFERENCES = ["each", "daily", "none"] as const;
export type NotifyPreference = (typeof NOTIFY_PREFERENCES)[number];

const createdAt = () =>
  integer("created_at", { mode: "timestamp" })
    .notNull()
    .default(sql`(unixepoch())`);

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    /** A joiner may name a new organisation; an administrator confirms it before it counts. */
    isConfirmed: integer("is_confirmed", { mode: "boolean" }).notNull().default(true),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("organisations_slug_idx").on(t.slug), index("organisations_kind_name_idx").on(t.kind, t.name)],
);

/** A verified domain auto-approves verified e-mail addresses at that domain. */
export const organisationDomains = sqliteTable(
  "organisation_domains",
  {
    domain: text("domain").primaryKey(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [index("organisation_domains_org_idx").on(t.organisationId)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey(),
    email: text("email").notNull(),
    handle: text("handle").notNull(),
    name: text("name").notNull(),
    jobTitle: text("job_title").notNull().default(""),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: SITE_ROLES }).notNull().default("member"),
    status: text("status", { enum: ACCOUNT_STATUSES }).notNull().default("unverified"),
    statusReason: text("status_reason"),
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp" }),
    totpKey: text("totp_key"),
    totpEnabled: integer("totp_enabled", { mode: "boolean" }).notNull().default(false),
    /** The last accepted TOTP time step: a code from that step or earlier is a replay. */
    totpLastStep: integer("totp_last_step"),
    notifyPreference: text("notify_preference", { enum: NOTIFY_PREFERENCES }).notNull().default("each"),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_idx").on(t.email),
    uniqueIndex("users_handle_idx").on(t.handle),
    index("users_organisation_idx").on(t.organisationId),
    index("users_status_idx").on(t.status, t.createdAt),
  ],
);

/** Column names id, user_id and expires_at are what lucia's drizzle adapter expects. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    ip: text("ip").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
    /** False between the password and the second factor: such a session reaches nothing else. */
    isSignInComplete: integer("is_sign_in_complete", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at", { mode: "timestamp" }),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

export const TOKEN_PURPOSES = ["verify_email", "reset_password"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];
/** Single-use e-mailed tokens; only a SHA-256 of the token is stored. */
export const accountTokens = sqliteTable(
  "account_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp" }),
  },
  (t) => [index("account_tokens_user_idx").on(t.userId, t.purpose)],
);

/**
 * Failed sign-ins per e-mail address, known or not, so a lock-out looks the same for an address
 * with no account (no enumeration). Five failures within 15 minutes lock the address for 15.
 */
export const signInLocks = sqliteTable("sign_in_locks", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: integer("window_start", { mode: "timestamp" }).notNull(),
  lockedUntil: integer("locked_until", { mode: "timestamp" }),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey(),
    at: integer("at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
    actorId: integer("actor_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: integer("target_id"),
    ip: text("ip").notNull().default(""),
    detail: text("detail").notNull().default(""),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_target_idx").on(t.targetType, t.targetId, t.action, t.at),
    index("audit_log_actor_idx").on(t.actorId),
  ],
);

/** Reference vocabularies (partnership types, service areas, lesson phases, template categories). */
export const terms = sqliteTable(
  "terms",
  {
    id: integer("id").primaryKey(),
    vocabulary: text("vocabulary", { enum: VOCABULARIES }).notNull(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("terms_vocabulary_slug_idx").on(t.vocabulary, t.slug), index("terms_vocabulary_position_idx").on(t.vocabulary, t.position)],
);

export const spaces = sqliteTable(
  "spaces",
  {
    id: integer("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    audience: text("audience", { enum: AUDIENCES }).notNull(),
    position: integer("position").notNull().default(0),
    isArchived: integer("is_archived", { mode: "boolean" }).notNull().default(false),
    threadCount: integer("thread_count").notNull().default(0),
    lastActivityAt: integer("last_activity_at", { mode: "timestamp" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("spaces_slug_idx").on(t.slug), index("spaces_audience_position_idx").on(t.audience, t.position)],
);

/** Dates are kept as precisely as the source gives them: "2009", "2010-06" or "2010-10-01". */
export const partnerships = sqliteTable(
  "partnerships",
  {
    id: integer("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    summary: text("summary"),
    typeId: integer("type_id").references(() => terms.id),
    status: text("status", { enum: PARTNERSHIP_STATUSES }),
    procurementLaunched: text("procurement_launched"),
    contractSigned: text("contract_signed"),
    serviceStart: text("service_start"),
    serviceEnd: text("service_end"),
    termYears: integer("term_years"),
    contractValuePence: integer("contract_value_pence"),
    contractValueNote: text("contract_value_note"),
    staffTransferred: text("staff_transferred"),
    commissionerBodies: text("commissioner_bodies"),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
  },
  (t) => [
    uniqueIndex("partnerships_slug_idx").on(t.slug),
    index("partnerships_type_idx").on(t.typeId),
    index("partnerships_status_idx").on(t.status),
    index("partnerships_signed_idx").on(t.contractSigned),
    index("partnerships_value_idx").on(t.contractValuePence),
  ],
);

export const PARTNER_ROLES = ["force", "supplier"] as const;
export const partnershipOrganisations = sqliteTable(
  "partnership_organisations",
  {
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    role: text("role", { enum: PARTNER_ROLES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.partnershipId, t.organisationId] }),
    index("partnership_organisations_org_idx").on(t.organisationId),
  ],
);

export const partnershipServiceAreas = sqliteTable(
  "partnership_service_areas",
  {
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    termId: integer("term_id")
      .notNull()
      .references(() => terms.id),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.termId] }), index("partnership_service_areas_term_idx").on(t.termId)],
);

export const SAVINGS_KINDS = ["targeted", "reported"] as const;
/** A savings figure is an amount (pence) or a percentage range, never guessed when the source is silent. */
export const savingsFigures = sqliteTable(
  "savings_figures",
  {
    id: integer("id").primaryKey(),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    amountPence: integer("amount_pence"),
    percentLow: real("percent_low"),
    percentHigh: real("percent_high"),
    period: text("period"),
    kind: text("kind", { enum: SAVINGS_KINDS }).notNull(),
    note: text("note"),
    reportedBy: text("reported_by").notNull(),
    evidence: text("evidence", { enum: EVIDENCE_GRADES }).notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("savings_figures_partnership_idx").on(t.partnershipId, t.position)],
);

export const partnershipEvents = sqliteTable(
  "partnership_events",
  {
    id: integer("id").primaryKey(),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    date: text("date").notNull(),
    what: text("what").notNull(),
  },
  (t) => [index("partnership_events_partnership_idx").on(t.partnershipId, t.date)],
);

export const partnershipSources = sqliteTable(
  "partnership_sources",
  {
    id: integer("id").primaryKey(),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    citation: text("citation").notNull(),
    url: text("url"),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("partnership_sources_partnership_idx").on(t.partnershipId, t.position)],
);

export const organisationsRelations = relations(organisations, ({ many }) => ({
  domains: many(organisationDomains),
  users: many(users),
}));
export const usersRelations = relations(users, ({ one }) => ({
  organisation: one(organisations, { fields: [users.organisationId], references: [organisations.id] }),
}));
export const partnershipsRelations = relations(partnerships, ({ one, many }) => ({
  type: one(terms, { fields: [partnerships.typeId], references: [terms.id] }),
  organisations: many(partnershipOrganisations),
  serviceAreas: many(partnershipServiceAreas),
  savings: many(savingsFigures),
  events: many(partnershipEvents),
  sources: many(partnershipSources),
}));
export const partnershipOrganisationsRelations = relations(partnershipOrganisations, ({ one }) => ({
  partnership: one(partnerships, { fields: [partnershipOrganisations.partnershipId], references: [partnerships.id] }),
  organisation: one(organisations, { fields: [partnershipOrganisations.organisationId], references: [organisations.id] }),
}));
export const partnershipServiceAreasRelations = relations(partnershipServiceAreas, ({ one }) => ({
  partnership: one(partnerships, { fields: [partnershipServiceAreas.partnershipId], references: [partnerships.id] }),
  term: one(terms, { fields: [partnershipServiceAreas.termId], references: [terms.id] }),
}));
export const savingsFiguresRelations = relations(savingsFigures, ({ one }) => ({
  partnership: one(partnerships, { fields: [savingsFigures.partnershipId], references: [partnerships.id] }),
}));
export const partnershipEventsRelations = relations(partnershipEvents, ({ one }) => ({
  partnership: one(partnerships, { fields: [partnershipEvents.partnershipId], references: [partnerships.id] }),
}));
export const partnershipSourcesRelations = relations(partnershipSources, ({ one }) => ({
  partnership: one(partnerships, { fields: [partnershipSources.partnershipId], references: [partnerships.id] }),
}));
