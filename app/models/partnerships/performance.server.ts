/**
 * Contract performance (Procurement Act 2023 s.52, s.71; issue 16): the KPIs a partnership's
 * contract is assessed against and each period's published rating, with its source and evidence
 * grade. Ratings are public facts like the rest of the registry; recording them is editing it.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { mayRecordPerformance, type Member } from "~/auth/policy/index.server";
import type { KpiFields, KpiRatingFields } from "~/forms/partnership-form.server";
import { comparePartialDates } from "~/lib/partial-date";
import { KPI_RATING_LABELS, periodText } from "~/lib/partnership-labels";
import { err, ok, type Result } from "~/lib/result";
import { db } from "../../../db/client.server";
import { kpiRatings, partnershipKpis } from "../../../db/schema";
import { writeRevision } from "./editing.server";
import { getPartnership, type Partnership } from "./partnership.server";

/** A partnership has a handful of KPIs, each rated once a year or so; the bounds keep a page cheap. */
export const KPIS_LIMIT = 50;
export const RATINGS_PER_KPI_LIMIT = 100;

export type KpiRatingRow = KpiRatingFields & { id: number };
export type Kpi = { id: number; partnershipId: number; name: string; description: string | null; ratings: KpiRatingRow[] };

/** The KPIs of these partnerships in set order, each with its ratings oldest period first. Two statements. */
export function kpisOf(partnershipIds: number[]): Kpi[] {
  if (partnershipIds.length === 0) return [];
  const kpis = db()
    .select({ id: partnershipKpis.id, partnershipId: partnershipKpis.partnershipId, name: partnershipKpis.name, description: partnershipKpis.description })
    .from(partnershipKpis)
    .where(inArray(partnershipKpis.partnershipId, partnershipIds))
    .orderBy(asc(partnershipKpis.partnershipId), asc(partnershipKpis.position), asc(partnershipKpis.id))
    .limit(KPIS_LIMIT * partnershipIds.length)
    .all();
  if (kpis.length === 0) return [];
  const ratings = db()
    .select({
      id: kpiRatings.id,
      kpiId: kpiRatings.kpiId,
      periodStart: kpiRatings.periodStart,
      periodEnd: kpiRatings.periodEnd,
      rating: kpiRatings.rating,
      note: kpiRatings.note,
      source: kpiRatings.source,
      sourceUrl: kpiRatings.sourceUrl,
      evidence: kpiRatings.evidence,
    })
    .from(kpiRatings)
    .where(inArray(kpiRatings.kpiId, kpis.map((k) => k.id)))
    .orderBy(asc(kpiRatings.kpiId), asc(kpiRatings.periodEnd), asc(kpiRatings.id))
    .limit(RATINGS_PER_KPI_LIMIT * kpis.length)
    .all();
  return kpis.map((k) => ({
    ...k,
    ratings: ratings
      .filter((r) => r.kpiId === k.id)
      .map(({ kpiId: _k, ...r }) => r)
      .sort((a, b) => comparePartialDates(a.periodEnd, b.periodEnd) || a.id - b.id),
  }));
}

/** The most recent period's rating of each KPI that has one, for the comparison. */
export function latestRatings(kpis: Kpi[]) {
  return kpis.flatMap((k) => {
    const latest = k.ratings.at(-1);
    return latest ? [{ kpiId: k.id, kpi: k.name, ...latest }] : [];
  });
}

const ratingText = (kpi: string, r: KpiRatingFields) => `${kpi}, ${periodText(r)}: ${KPI_RATING_LABELS[r.rating]} (${r.source})`;

function recordable(member: Member, slug: string): Result<Partnership, "not_found" | "forbidden"> {
  const p = getPartnership(slug);
  if (!p) return err("not_found");
  if (!mayRecordPerformance(member, p)) return err("forbidden");
  return ok(p);
}

/** Adds a KPI to the partnership, revisioned; "forbidden" unless the member may edit it. */
export function addKpi(member: Member, slug: string, fields: KpiFields): Result<{ id: number }, "not_found" | "forbidden"> {
  const found = recordable(member, slug);
  if (!found.ok) return found;
  const p = found.value;
  const id = db().transaction((tx) => {
    const position = (tx.get<{ n: number | null }>(sql`SELECT max(position) AS n FROM partnership_kpis WHERE partnership_id = ${p.id}`)?.n ?? -1) + 1;
    const row = tx.insert(partnershipKpis).values({ partnershipId: p.id, position, ...fields }).returning({ id: partnershipKpis.id }).get();
    writeRevision(tx, p.id, member.id, { kpis: [null, fields.name] });
    return row.id;
  });
  return ok({ id });
}

/** Removes a KPI and its ratings; "not_found" when it is not this partnership's. */
export function removeKpi(member: Member, slug: string, kpiId: number): Result<null, "not_found" | "forbidden"> {
  const found = recordable(member, slug);
  if (!found.ok) return found;
  const kpi = kpisOf([found.value.id]).find((k) => k.id === kpiId);
  if (!kpi) return err("not_found");
  db().transaction((tx) => {
    tx.delete(partnershipKpis).where(and(eq(partnershipKpis.id, kpiId), eq(partnershipKpis.partnershipId, found.value.id))).run();
    writeRevision(tx, found.value.id, member.id, { kpis: [kpi.name, null] });
  });
  return ok(null);
}

/** Records one period's rating of one of the partnership's KPIs; "not_found" when the KPI is not its. */
export function addKpiRating(member: Member, slug: string, kpiId: number, fields: KpiRatingFields): Result<null, "not_found" | "forbidden"> {
  const found = recordable(member, slug);
  if (!found.ok) return found;
  const kpi = kpisOf([found.value.id]).find((k) => k.id === kpiId);
  if (!kpi) return err("not_found");
  db().transaction((tx) => {
    tx.insert(kpiRatings).values({ kpiId, ...fields }).run();
    writeRevision(tx, found.value.id, member.id, { performance: [null, ratingText(kpi.name, fields)] });
  });
  return ok(null);
}

export function removeKpiRating(member: Member, slug: string, ratingId: number): Result<null, "not_found" | "forbidden"> {
  const found = recordable(member, slug);
  if (!found.ok) return found;
  const kpi = kpisOf([found.value.id]).find((k) => k.ratings.some((r) => r.id === ratingId));
  const rating = kpi?.ratings.find((r) => r.id === ratingId);
  if (!kpi || !rating) return err("not_found");
  db().transaction((tx) => {
    tx.delete(kpiRatings).where(and(eq(kpiRatings.id, ratingId), eq(kpiRatings.kpiId, kpi.id))).run();
    writeRevision(tx, found.value.id, member.id, { performance: [ratingText(kpi.name, rating), null] });
  });
  return ok(null);
}
