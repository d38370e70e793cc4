import { relations, sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  ACCOUNT_STATUSES,
  AUDIENCES,
  DISCUSSION_OWNERS,
  ENGAGEMENT_CHANGES,
  EVIDENCE_GRADES,
  INTEREST_DECLARATIONS,
  KPI_RATINGS,
  LESSON_OUTCOMES,
  NOTIFICATION_KINDS,
  NOTIFY_PREFERENCES,
  ORGANISATION_KINDS,
  PARTNERSHIP_STATUSES,
  PARTNER_ROLES,
  SAVINGS_KINDS,
  SITE_ROLES,
  THREAD_KINDS,
  TOKEN_PURPOSES,
  VOCABULARIES,
  WATCH_SCOPES,
} from "../app/lib/fixed-lists";

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

/**
 * Failed sign-ins from one trusted browser (OWASP device cookies), keyed by the nonce in its
 * device cookie. A browser that has signed in before is locked out by its own failures only, so
 * failures elsewhere cannot lock a member out of their own browser (issue 11, item 11).
 */
export const signInDeviceLocks = sqliteTable(
  "sign_in_device_locks",
  {
    nonce: text("nonce").primaryKey(),
    email: text("email").notNull(),
    failures: integer("failures").notNull().default(0),
    windowStart: integer("window_start", { mode: "timestamp" }).notNull(),
    lockedUntil: integer("locked_until", { mode: "timestamp" }),
  },
  (t) => [index("sign_in_device_locks_email_idx").on(t.email)],
);

/**
 * Per-IP and per-member attempt counters (app/lib/rate-limit.server.ts), in the database so every
 * worker process counts against the same allowance. Times are epoch milliseconds; a row whose
 * window has ended is swept.
 */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("rate_limits_expires_at_idx").on(t.expiresAt)],
);

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

/**
 * Contract performance (Procurement Act 2023 s.52, s.71): the KPIs a partnership's contract is
 * assessed against, and each period's published rating with its source and evidence grade.
 */
export const partnershipKpis = sqliteTable(
  "partnership_kpis",
  {
    id: integer("id").primaryKey(),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("partnership_kpis_partnership_idx").on(t.partnershipId, t.position)],
);

/** One period's rating of one KPI; periods are partial dates ("2025", "2025-03"), as sources give them. */
export const kpiRatings = sqliteTable(
  "kpi_ratings",
  {
    id: integer("id").primaryKey(),
    kpiId: integer("kpi_id")
      .notNull()
      .references(() => partnershipKpis.id, { onDelete: "cascade" }),
    periodStart: text("period_start"),
    periodEnd: text("period_end").notNull(),
    rating: text("rating", { enum: KPI_RATINGS }).notNull(),
    note: text("note"),
    source: text("source").notNull(),
    sourceUrl: text("source_url"),
    evidence: text("evidence", { enum: EVIDENCE_GRADES }).notNull(),
  },
  (t) => [index("kpi_ratings_kpi_period_idx").on(t.kpiId, t.periodEnd)],
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

/**
 * A discussion is the run of posts that a thread, a lesson or a template owns, so quotes,
 * mentions, notifications and moderation are written once. Its audience is copied from the owner
 * (a thread's space, a lesson's or template's own) so every post query filters without a join.
 */
export const discussions = sqliteTable(
  "discussions",
  {
    id: integer("id").primaryKey(),
    ownerKind: text("owner_kind", { enum: DISCUSSION_OWNERS }).notNull(),
    audience: text("audience", { enum: AUDIENCES }).notNull(),
    postCount: integer("post_count").notNull().default(0),
    lastPostNumber: integer("last_post_number").notNull().default(0),
    lastPostAt: integer("last_post_at", { mode: "timestamp" }),
    lastPosterId: integer("last_poster_id").references(() => users.id),
    isLocked: integer("is_locked", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("discussions_audience_idx").on(t.audience)],
);

export const threads = sqliteTable(
  "threads",
  {
    id: integer("id").primaryKey(),
    discussionId: integer("discussion_id")
      .notNull()
      .references(() => discussions.id),
    spaceId: integer("space_id")
      .notNull()
      .references(() => spaces.id),
    kind: text("kind", { enum: THREAD_KINDS }).notNull(),
    title: text("title").notNull(),
    slug: text("slug").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    isPinned: integer("is_pinned", { mode: "boolean" }).notNull().default(false),
    acceptedPostId: integer("accepted_post_id"),
    /** Copied from the discussion in the same transaction, so the space listing sorts on an index. */
    lastActivityAt: integer("last_activity_at", { mode: "timestamp" }).notNull(),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("threads_discussion_idx").on(t.discussionId),
    index("threads_space_listing_idx").on(t.spaceId, t.isPinned, t.lastActivityAt),
    index("threads_activity_idx").on(t.lastActivityAt),
    index("threads_author_idx").on(t.authorId),
  ],
);

export const threadServiceAreas = sqliteTable(
  "thread_service_areas",
  {
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    termId: integer("term_id")
      .notNull()
      .references(() => terms.id),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.termId] }), index("thread_service_areas_term_idx").on(t.termId, t.threadId)],
);

export const threadPartnerships = sqliteTable(
  "thread_partnerships",
  {
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.partnershipId] }), index("thread_partnerships_partnership_idx").on(t.partnershipId)],
);

/**
 * One change of a thread's details after publishing (issue 14, item 4): the title, kind, service
 * areas and partnerships before and after, as their names read then (JSON arrays), by whom and when.
 */
export const threadRevisions = sqliteTable(
  "thread_revisions",
  {
    id: integer("id").primaryKey(),
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    editorId: integer("editor_id")
      .notNull()
      .references(() => users.id),
    oldTitle: text("old_title").notNull(),
    newTitle: text("new_title").notNull(),
    oldKind: text("old_kind", { enum: THREAD_KINDS }).notNull(),
    newKind: text("new_kind", { enum: THREAD_KINDS }).notNull(),
    oldServiceAreas: text("old_service_areas").notNull(),
    newServiceAreas: text("new_service_areas").notNull(),
    oldPartnerships: text("old_partnerships").notNull(),
    newPartnerships: text("new_partnerships").notNull(),
    /**
     * The thread's audience when the change was made: a thread later opened to every member shows
     * suppliers only the changes made since, as no supplier saw the earlier details.
     */
    audience: text("audience", { enum: AUDIENCES }).notNull(),
    /** Set when the change from question to discussion cleared the accepted answer. */
    clearedAnswer: integer("cleared_answer", { mode: "boolean" }).notNull().default(false),
    changedAt: integer("changed_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [index("thread_revisions_thread_idx").on(t.threadId, t.id)],
);

/** Markdown and its sanitised HTML, rendered once at write time by pipeline version render_version. */
export const posts = sqliteTable(
  "posts",
  {
    id: integer("id").primaryKey(),
    discussionId: integer("discussion_id")
      .notNull()
      .references(() => discussions.id),
    number: integer("number").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    bodyMd: text("body_md").notNull(),
    bodyHtml: text("body_html").notNull(),
    renderVersion: integer("render_version").notNull(),
    /** The hidden form token of the submission, so a double-submitted form makes one post. */
    submissionKey: text("submission_key"),
    interest: text("interest", { enum: INTEREST_DECLARATIONS }),
    helpfulCount: integer("helpful_count").notNull().default(0),
    createdAt: createdAt(),
    editedAt: integer("edited_at", { mode: "timestamp" }),
    deletedAt: integer("deleted_at", { mode: "timestamp" }),
    hiddenAt: integer("hidden_at", { mode: "timestamp" }),
    hiddenReason: text("hidden_reason"),
  },
  (t) => [
    uniqueIndex("posts_discussion_number_idx").on(t.discussionId, t.number),
    uniqueIndex("posts_submission_idx").on(t.authorId, t.submissionKey),
    index("posts_author_idx").on(t.authorId, t.createdAt),
    index("posts_render_version_idx").on(t.renderVersion),
  ],
);

export const postRevisions = sqliteTable(
  "post_revisions",
  {
    id: integer("id").primaryKey(),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    bodyMd: text("body_md").notNull(),
    bodyHtml: text("body_html").notNull(),
    renderVersion: integer("render_version").notNull(),
    editorId: integer("editor_id")
      .notNull()
      .references(() => users.id),
    /** When this text was replaced by the next revision. */
    replacedAt: integer("replaced_at", { mode: "timestamp" }).notNull(),
    /** Set when a moderator purged this version: its text is then emptied, the row stays as a marker. */
    purgedAt: integer("purged_at", { mode: "timestamp" }),
    purgedById: integer("purged_by_id").references(() => users.id),
  },
  (t) => [index("post_revisions_post_idx").on(t.postId, t.id)],
);

export const postHelpfulMarks = sqliteTable(
  "post_helpful_marks",
  {
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId] }), index("post_helpful_marks_user_idx").on(t.userId)],
);

export const readPositions = sqliteTable(
  "read_positions",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    discussionId: integer("discussion_id")
      .notNull()
      .references(() => discussions.id, { onDelete: "cascade" }),
    lastReadNumber: integer("last_read_number").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.discussionId] })],
);

export const watches = sqliteTable(
  "watches",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    discussionId: integer("discussion_id")
      .notNull()
      .references(() => discussions.id, { onDelete: "cascade" }),
    isWatching: integer("is_watching", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.discussionId] }), index("watches_discussion_idx").on(t.discussionId, t.isWatching)],
);

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    discussionId: integer("discussion_id")
      .notNull()
      .references(() => discussions.id, { onDelete: "cascade" }),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    actorId: integer("actor_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    /**
     * When it last grew: replies in one discussion make one notification until it is read
     * (issue 14), and the list shows the latest news first.
     */
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
    /** How many replies a grouped "reply" notification stands for; post_id is the first of them. */
    replyCount: integer("reply_count").notNull().default(1),
    /** The newest post it stands for (the excerpt in its e-mail). */
    lastPostId: integer("last_post_id"),
    readAt: integer("read_at", { mode: "timestamp" }),
    emailedAt: integer("emailed_at", { mode: "timestamp" }),
    /** The batched e-mail that carries (or carried) its news: one per member and discussion. */
    mailId: integer("mail_id"),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.id),
    index("notifications_user_recent_idx").on(t.userId, t.updatedAt, t.id),
    index("notifications_unread_idx").on(t.userId, t.readAt),
    index("notifications_unemailed_idx").on(t.emailedAt, t.userId),
    index("notifications_mail_idx").on(t.mailId),
    // At most one unread "reply" notification per member and discussion: the one that grows.
    uniqueIndex("notifications_unread_reply_idx").on(t.userId, t.discussionId).where(sql`kind = 'reply' AND read_at IS NULL`),
  ],
);

/**
 * Watching a space, a partnership or a service area: told about each new thread there that the
 * member may read (issue 14). Watching a thread itself is `watches`.
 */
export const topicWatches = sqliteTable(
  "topic_watches",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scope: text("scope", { enum: WATCH_SCOPES }).notNull(),
    scopeId: integer("scope_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.scope, t.scopeId] }), index("topic_watches_scope_idx").on(t.scope, t.scopeId)],
);

/**
 * Messages shown once after an action ("Your reply is posted"), held per session so a reload or
 * the same link opened by someone else shows nothing (issue 14).
 */
export const flashMessages = sqliteTable(
  "flash_messages",
  {
    id: integer("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    message: text("message").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("flash_messages_session_idx").on(t.sessionId)],
);

export const flags = sqliteTable(
  "flags",
  {
    id: integer("id").primaryKey(),
    postId: integer("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
    resolvedAt: integer("resolved_at", { mode: "timestamp" }),
    resolvedBy: integer("resolved_by").references(() => users.id),
    resolution: text("resolution"),
  },
  (t) => [index("flags_open_idx").on(t.resolvedAt, t.id), uniqueIndex("flags_post_user_idx").on(t.postId, t.userId)],
);

/** Who changed which facts of a partnership, and when; `changes` is JSON {field: [before, after]}. */
export const partnershipRevisions = sqliteTable(
  "partnership_revisions",
  {
    id: integer("id").primaryKey(),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    editorId: integer("editor_id")
      .notNull()
      .references(() => users.id),
    at: integer("at", { mode: "timestamp" }).notNull(),
    changes: text("changes").notNull(),
  },
  (t) => [index("partnership_revisions_partnership_idx").on(t.partnershipId, t.id)],
);

/**
 * What a member has typed and not yet posted, kept on the server so a reload or another device
 * keeps it: one per member and discussion (a reply), or per member and space (a new thread, with
 * its title and kind). Private to its author; deleted in the transaction that posts it.
 */
export const drafts = sqliteTable(
  "drafts",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    discussionId: integer("discussion_id").references(() => discussions.id, { onDelete: "cascade" }),
    spaceId: integer("space_id").references(() => spaces.id, { onDelete: "cascade" }),
    title: text("title").notNull().default(""),
    kind: text("kind", { enum: THREAD_KINDS }),
    bodyMd: text("body_md").notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    uniqueIndex("drafts_user_discussion_idx").on(t.userId, t.discussionId),
    uniqueIndex("drafts_user_space_idx").on(t.userId, t.spaceId),
    index("drafts_user_updated_idx").on(t.userId, t.updatedAt),
    index("drafts_discussion_idx").on(t.discussionId),
    index("drafts_space_idx").on(t.spaceId),
  ],
);

/**
 * A supplier member's declared interest in a partnership's procurement (Procurement Act 2023:
 * conflicts of interest on the record), remembered so they are asked again only when they choose
 * to change it. Each post still carries the declaration it was made under.
 */
export const interestDeclarations = sqliteTable(
  "interest_declarations",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    interest: text("interest", { enum: INTEREST_DECLARATIONS }).notNull(),
    declaredAt: integer("declared_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.partnershipId] }), index("interest_declarations_partnership_idx").on(t.partnershipId)],
);

/** A supplier's suggested correction to the registry; administrators are told and resolve it. */
export const partnershipCorrections = sqliteTable(
  "partnership_corrections",
  {
    id: integer("id").primaryKey(),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    text: text("text").notNull(),
    createdAt: createdAt(),
    resolvedAt: integer("resolved_at", { mode: "timestamp" }),
  },
  (t) => [index("partnership_corrections_open_idx").on(t.resolvedAt, t.id)],
);

/** A structured lesson; each Markdown section is stored beside its HTML, rendered once at write time. */
export const lessons = sqliteTable(
  "lessons",
  {
    id: integer("id").primaryKey(),
    discussionId: integer("discussion_id")
      .notNull()
      .references(() => discussions.id),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    phaseId: integer("phase_id")
      .notNull()
      .references(() => terms.id),
    outcome: text("outcome", { enum: LESSON_OUTCOMES }).notNull(),
    audience: text("audience", { enum: AUDIENCES }).notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    contextMd: text("context_md").notNull().default(""),
    contextHtml: text("context_html").notNull().default(""),
    workedMd: text("worked_md").notNull().default(""),
    workedHtml: text("worked_html").notNull().default(""),
    didNotWorkMd: text("did_not_work_md").notNull().default(""),
    didNotWorkHtml: text("did_not_work_html").notNull().default(""),
    recommendationMd: text("recommendation_md").notNull(),
    recommendationHtml: text("recommendation_html").notNull(),
    renderVersion: integer("render_version").notNull(),
    usefulCount: integer("useful_count").notNull().default(0),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
  },
  (t) => [
    uniqueIndex("lessons_discussion_idx").on(t.discussionId),
    index("lessons_audience_created_idx").on(t.audience, t.createdAt),
    index("lessons_useful_idx").on(t.usefulCount),
    index("lessons_phase_idx").on(t.phaseId),
    index("lessons_outcome_idx").on(t.outcome),
  ],
);

export const lessonPartnerships = sqliteTable(
  "lesson_partnerships",
  {
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id),
  },
  (t) => [primaryKey({ columns: [t.lessonId, t.partnershipId] }), index("lesson_partnerships_partnership_idx").on(t.partnershipId, t.lessonId)],
);

export const lessonServiceAreas = sqliteTable(
  "lesson_service_areas",
  {
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    termId: integer("term_id")
      .notNull()
      .references(() => terms.id),
  },
  (t) => [primaryKey({ columns: [t.lessonId, t.termId] }), index("lesson_service_areas_term_idx").on(t.termId, t.lessonId)],
);

export const lessonUsefulMarks = sqliteTable(
  "lesson_useful_marks",
  {
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.lessonId, t.userId] })],
);

/** Content-addressed file store: one row (and one file on disk) per distinct SHA-256. */
export const storedFiles = sqliteTable("stored_files", {
  sha256: text("sha256").primaryKey(),
  size: integer("size").notNull(),
  contentType: text("content_type").notNull(),
  createdAt: createdAt(),
});

export const templates = sqliteTable(
  "templates",
  {
    id: integer("id").primaryKey(),
    discussionId: integer("discussion_id")
      .notNull()
      .references(() => discussions.id),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => terms.id),
    audience: text("audience", { enum: AUDIENCES }).notNull(),
    licence: text("licence").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    /** The uploader's organisation: its members may add versions too. */
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    latestVersion: integer("latest_version").notNull().default(0),
    downloadCount: integer("download_count").notNull().default(0),
    usefulCount: integer("useful_count").notNull().default(0),
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp" }),
    withdrawnReason: text("withdrawn_reason"),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull().default(sql`(unixepoch())`),
  },
  (t) => [
    uniqueIndex("templates_discussion_idx").on(t.discussionId),
    index("templates_updated_idx").on(t.audience, t.updatedAt),
    index("templates_downloads_idx").on(t.downloadCount),
    index("templates_category_idx").on(t.categoryId),
  ],
);

export const templateVersions = sqliteTable(
  "template_versions",
  {
    id: integer("id").primaryKey(),
    templateId: integer("template_id")
      .notNull()
      .references(() => templates.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    fileSha256: text("file_sha256")
      .notNull()
      .references(() => storedFiles.sha256),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    changelog: text("changelog").notNull(),
    uploaderId: integer("uploader_id")
      .notNull()
      .references(() => users.id),
    /** Sanitised HTML made once at upload (Markdown, text, .docx), or null when there is none. */
    previewHtml: text("preview_html"),
    downloadCount: integer("download_count").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("template_versions_number_idx").on(t.templateId, t.number), index("template_versions_file_idx").on(t.fileSha256)],
);

export const templateServiceAreas = sqliteTable(
  "template_service_areas",
  {
    templateId: integer("template_id")
      .notNull()
      .references(() => templates.id, { onDelete: "cascade" }),
    termId: integer("term_id")
      .notNull()
      .references(() => terms.id),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.termId] }), index("template_service_areas_term_idx").on(t.termId, t.templateId)],
);

export const templatePartnerships = sqliteTable(
  "template_partnerships",
  {
    templateId: integer("template_id")
      .notNull()
      .references(() => templates.id, { onDelete: "cascade" }),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.partnershipId] }), index("template_partnerships_partnership_idx").on(t.partnershipId, t.templateId)],
);

export const templateUsefulMarks = sqliteTable(
  "template_useful_marks",
  {
    templateId: integer("template_id")
      .notNull()
      .references(() => templates.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.userId] })],
);

/**
 * The market engagement record: an append-only log (triggers refuse UPDATE and DELETE), one row
 * per partnership per change, written in the transaction of the change. Names, organisation and
 * text are copied as they were, so later edits, renames or moves never rewrite it.
 */
export const engagementEntries = sqliteTable(
  "engagement_entries",
  {
    id: integer("id").primaryKey(),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id),
    postId: integer("post_id").notNull(),
    discussionId: integer("discussion_id").notNull(),
    ownerKind: text("owner_kind", { enum: DISCUSSION_OWNERS }).notNull(),
    ownerTitle: text("owner_title").notNull(),
    change: text("change", { enum: ENGAGEMENT_CHANGES }).notNull(),
    /** The Markdown source as suppliers could read it after this change. */
    bodyMd: text("body_md").notNull(),
    authorId: integer("author_id").notNull(),
    authorName: text("author_name").notNull(),
    organisationName: text("organisation_name").notNull(),
    organisationKind: text("organisation_kind", { enum: ORGANISATION_KINDS }).notNull(),
    interest: text("interest", { enum: INTEREST_DECLARATIONS }),
    /** Who made the change when it was not the author (a moderator, or whoever opened the procurement). */
    actorId: integer("actor_id"),
    actorName: text("actor_name"),
    at: integer("at", { mode: "timestamp" }).notNull(),
  },
  (t) => [index("engagement_entries_partnership_idx").on(t.partnershipId, t.id), index("engagement_entries_post_idx").on(t.postId)],
);

/**
 * The transactional outbox: every e-mail is queued here in the same transaction as the event that
 * causes it, and a sender in the server delivers it, so a crash between the event and the send
 * loses nothing. A sender claims a row (claimed_until) before sending, so two processes never send
 * it at once; a failed send waits next_attempt_at (exponential back-off) and, after the last
 * attempt, failed_at is set and last_error kept. Times are milliseconds, for back-off in seconds.
 */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: integer("id").primaryKey(),
    /** What caused it (notification, verify_email, digest…), for operators reading the table. */
    kind: text("kind").notNull(),
    /** Set when the same event must never queue a second mail (e.g. notification:<id>). */
    dedupeKey: text("dedupe_key"),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    claimedUntil: integer("claimed_until", { mode: "timestamp_ms" }),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    failedAt: integer("failed_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    /** Mail that gathers several events (a thread's replies, new reports) while it waits to be sent. */
    batchKey: text("batch_key"),
  },
  (t) => [
    uniqueIndex("mail_outbox_dedupe_idx").on(t.dedupeKey),
    index("mail_outbox_batch_idx").on(t.batchKey).where(sql`sent_at IS NULL`),
    index("mail_outbox_due_idx").on(t.nextAttemptAt).where(sql`sent_at IS NULL AND failed_at IS NULL`),
  ],
);

// ---------------------------------------------------------------------------------------------
// OCDS import (issue 16): the published notices a partnership's facts came from

/** Every OCDS release imported, kept as received (the release's JSON), once per ocid and release id. */
export const ocdsReleases = sqliteTable(
  "ocds_releases",
  {
    id: integer("id").primaryKey(),
    ocid: text("ocid").notNull(),
    releaseId: text("release_id").notNull(),
    date: text("date").notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    /** The package's publisher, when the release came in a package. */
    publisher: text("publisher"),
    json: text("json").notNull(),
    /** The uploaded file it first came in (content-addressed in storage, kept as received). */
    uploadSha256: text("upload_sha256").notNull(),
    importedBy: integer("imported_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ocds_releases_ocid_release_idx").on(t.ocid, t.releaseId)],
);

/** One contracting process (ocid) is one partnership. */
export const ocdsProcesses = sqliteTable(
  "ocds_processes",
  {
    ocid: text("ocid").primaryKey(),
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
  },
  (t) => [uniqueIndex("ocds_processes_partnership_idx").on(t.partnershipId)],
);

/**
 * Each fact an import set, with the value it set (JSON) and the release it came from. A fact is
 * shown as "from the published notice" while the registry still holds that value; a later import
 * changes only the facts whose notice value changed, so a hand edit stands until the notice moves.
 * Keys: the partnership's columns (status, serviceStart…), OCDS-only facts (tenderValue…),
 * `force:<org id>`, `supplier:<org id>`, `event:<release id>`, `source:<release id>`.
 */
export const ocdsFacts = sqliteTable(
  "ocds_facts",
  {
    partnershipId: integer("partnership_id")
      .notNull()
      .references(() => partnerships.id, { onDelete: "cascade" }),
    fact: text("fact").notNull(),
    value: text("value").notNull(),
    releaseId: integer("release_id")
      .notNull()
      .references(() => ocdsReleases.id),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.fact] })],
);

/** Organisation identifiers (scheme and id) seen in notices, so the next notice matches by identifier. */
export const ocdsOrganisationIdentifiers = sqliteTable(
  "ocds_organisation_identifiers",
  {
    scheme: text("scheme").notNull(),
    identifier: text("identifier").notNull(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.scheme, t.identifier] })],
);

/** An OCDS file a member uploaded and previewed: the preview's confirm names it by hash, and only its uploader may. */
export const ocdsUploads = sqliteTable(
  "ocds_uploads",
  {
    sha256: text("sha256").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.userId] })],
);
