/** Field names of the registry's smaller forms, shared by the forms (browser) and their parsers (server). */
export const SAVING_FIELDS = ["savingKind", "savingAmount", "savingPercent", "savingPeriod", "savingReportedBy", "savingEvidence", "savingNote"] as const;
export const KPI_FIELDS = ["kpiName", "kpiDescription"] as const;
export const KPI_RATING_FIELDS = ["ratingKpi", "ratingPeriodStart", "ratingPeriodEnd", "rating", "ratingNote", "ratingSource", "ratingSourceUrl", "ratingEvidence"] as const;
export const EVENT_FIELDS = ["eventDate", "eventWhat"] as const;
export const SOURCE_FIELDS = ["sourceCitation", "sourceUrl"] as const;
export const CORRECTION_MIN = 10;
export const CORRECTION_MAX = 2000;
