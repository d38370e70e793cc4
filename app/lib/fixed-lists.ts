/**
 * The fixed lists the database constrains columns to, and their types. They live apart from
 * db/schema.ts so that pages and components can use them without shipping drizzle and the table
 * definitions to the browser. The lists members and moderators can edit are terms, in
 * app/models/vocabularies.server.ts; VOCABULARIES below only names those lists.
 */

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
export const TOKEN_PURPOSES = ["verify_email", "reset_password"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];
export const NOTIFY_PREFERENCES = ["each", "daily", "none"] as const;
export type NotifyPreference = (typeof NOTIFY_PREFERENCES)[number];
export const NOTIFICATION_KINDS = ["reply", "mention", "accepted", "new_thread", "post_hidden", "report_upheld", "report_dismissed"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** What besides a thread a member may watch, to be told of new threads there. */
export const WATCH_SCOPES = ["space", "partnership", "service_area"] as const;
export type WatchScope = (typeof WATCH_SCOPES)[number];

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
/** The ratings a contracting authority publishes for each KPI (Procurement Act 2023 s.52), best first, then other. */
export const KPI_RATINGS = ["good", "approaching_target", "requires_improvement", "inadequate", "other"] as const;
export type KpiRating = (typeof KPI_RATINGS)[number];
export const PARTNER_ROLES = ["force", "supplier"] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export const SAVINGS_KINDS = ["targeted", "reported"] as const;
export type SavingsKind = (typeof SAVINGS_KINDS)[number];
export const VOCABULARIES = ["partnership_type", "service_area", "lesson_phase", "template_category"] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];

export const DISCUSSION_OWNERS = ["thread", "lesson", "template"] as const;
export type DiscussionOwner = (typeof DISCUSSION_OWNERS)[number];
export const THREAD_KINDS = ["question", "discussion"] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];
export const INTEREST_DECLARATIONS = ["bidding", "may_bid", "not_bidding"] as const;
export type InterestDeclaration = (typeof INTEREST_DECLARATIONS)[number];
export const LESSON_OUTCOMES = ["worked_well", "mixed", "did_not_work"] as const;
export type LessonOutcome = (typeof LESSON_OUTCOMES)[number];

/**
 * What happened to a supplier-visible post while it was linked to a partnership in procurement:
 * posted, edited or deleted by its author; hidden, restored or narrowed (moved out of suppliers'
 * sight) by a moderator; or already in view when the procurement opened or the content was linked.
 */
export const ENGAGEMENT_CHANGES = ["posted", "edited", "deleted", "hidden", "restored", "narrowed", "opened", "linked"] as const;
export type EngagementChange = (typeof ENGAGEMENT_CHANGES)[number];
