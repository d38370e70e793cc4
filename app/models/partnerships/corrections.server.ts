/** Suggested corrections to the registry (issue 7): from members who may not edit an entry, to administrators. */
import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { type Member } from "~/auth/policy/index.server";
import { config } from "~/lib/env.server";
import { err, ok, type Result } from "~/lib/result";
import { db } from "../../../db/client.server";
import { organisations, partnershipCorrections, users } from "../../../db/schema";
import { recordAudit } from "../audit.server";
import { queueMail } from "../mail-outbox.server";
import { getPartnership, mayEditPartnership, type Partnership } from "./partnership.server";
import { editable } from "./editing.server";

// ---------------------------------------------------------------------------------------------
// Suggested corrections

/** Corrections one member may suggest in a day: enough for real use, too few to flood administrators. */
export const CORRECTIONS_PER_DAY = 10;

/**
 * Stores a suggested correction from a member who may not edit the partnership (suppliers, and
 * the policing side of other organisations), audit-logs it, and e-mails every active
 * administrator a link, queued in the same transaction. "editor" when the member may simply edit instead.
 */
export async function suggestCorrection(member: Member, slug: string, text: string, ip: string): Promise<Result<{ id: number }, "not_found" | "editor" | "too_many">> {
  const p = getPartnership(slug);
  if (!p) return err("not_found");
  if (mayEditPartnership(member, p)) return err("editor");
  const recent = db().get<{ n: number }>(sql`SELECT count(*) AS n FROM partnership_corrections WHERE user_id = ${member.id} AND created_at > unixepoch() - 86400`)?.n ?? 0;
  if (recent >= CORRECTIONS_PER_DAY) return err("too_many");
  const link = `${config().baseUrl}/partnerships/${p.slug}/edit#corrections`;
  const id = db().transaction((tx) => {
    const { id } = tx.insert(partnershipCorrections).values({ partnershipId: p.id, userId: member.id, text }).returning({ id: partnershipCorrections.id }).get();
    recordAudit({ actorId: member.id, action: "partnership_correction_suggested", targetType: "partnership", targetId: p.id, ip, detail: `correction ${id}` }, tx);
    const administrators = tx
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(and(eq(users.role, "administrator"), eq(users.status, "active")))
      .orderBy(asc(users.id))
      .limit(200)
      .all();
    for (const admin of administrators) {
      queueMail(tx, {
        kind: "partnership_correction",
        to: admin.email,
        subject: `Suggested correction to the registry: ${p.name}`.replace(/\s+/g, " ").slice(0, 200),
        text: [
          `Hello ${admin.name},`,
          "",
          `${member.name} (${member.organisationName}) suggests a correction to the registry entry "${p.name}":`,
          "",
          text,
          "",
          `Review it, edit the entry if the correction is right, and mark it resolved: ${link}`,
          "",
          "Partnering Exchange",
        ].join("\n"),
      });
    }
    return id;
  });
  return ok({ id });
}

/** Open corrections to a partnership, oldest first, for those who may edit it; others get none. */
export function listOpenCorrections(member: Member, partnership: Pick<Partnership, "id" | "organisationIds">) {
  if (!mayEditPartnership(member, partnership)) return [];
  const org = alias(organisations, "corrector_organisation");
  return db()
    .select({ id: partnershipCorrections.id, text: partnershipCorrections.text, createdAt: partnershipCorrections.createdAt, authorName: users.name, organisationName: org.name })
    .from(partnershipCorrections)
    .innerJoin(users, eq(users.id, partnershipCorrections.userId))
    .innerJoin(org, eq(org.id, users.organisationId))
    .where(and(eq(partnershipCorrections.partnershipId, partnership.id), sql`${partnershipCorrections.resolvedAt} IS NULL`))
    .orderBy(asc(partnershipCorrections.id))
    .limit(50)
    .all();
}

/** Marks a correction resolved (after editing, or deciding it is wrong); audit-logged. */
export function resolveCorrection(member: Member, slug: string, correctionId: number, ip: string): Result<null, "not_found" | "forbidden"> {
  const found = editable(member, slug);
  if (!found.ok) return found;
  const done = db().transaction((tx) => {
    const res = tx
      .update(partnershipCorrections)
      .set({ resolvedAt: new Date() })
      .where(and(eq(partnershipCorrections.id, correctionId), eq(partnershipCorrections.partnershipId, found.value.id), sql`${partnershipCorrections.resolvedAt} IS NULL`))
      .run();
    if (res.changes === 0) return false;
    recordAudit({ actorId: member.id, action: "partnership_correction_resolved", targetType: "partnership", targetId: found.value.id, ip, detail: `correction ${correctionId}` }, tx);
    return true;
  });
  return done ? ok(null) : err("not_found");
}
