import { desc, eq, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { mayAdminister, type Member } from "~/auth/policy/index.server";
import { db } from "../../db/client.server";
import { auditLog, organisations, users } from "../../db/schema";

export type AuditEntry = {
  actorId: number | null;
  action: string;
  targetType?: "user" | "organisation" | "space" | "thread" | "post" | "partnership" | "lesson" | "template";
  targetId?: number | null;
  ip?: string;
  detail?: string;
};

type Writer = Pick<ReturnType<typeof db>, "insert">;

/** Pass the transaction when the audited change is part of one, so both land or neither. */
export function recordAudit(entry: AuditEntry, writer: Writer = db()) {
  writer
    .insert(auditLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? "",
      detail: entry.detail ?? "",
    })
    .run();
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * The audit log for administrators, newest first, paged by id (keyset) so a deep page costs the
 * same as the first: a page and the id the next (older) page starts below, or null when this
 * page is the last. Null for anyone but an administrator.
 */
export function listAudit(admin: Member, options: { before?: number } = {}) {
  if (!mayAdminister(admin)) return null;
  const actor = alias(users, "actor");
  const target = alias(users, "target_user");
  const targetOrganisation = alias(organisations, "target_organisation");
  const entries = db()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      ip: auditLog.ip,
      detail: auditLog.detail,
      actorId: auditLog.actorId,
      actorName: actor.name,
      actorHandle: actor.handle,
      targetUserName: target.name,
      targetOrganisationName: targetOrganisation.name,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(target, sql`${auditLog.targetType} = 'user' AND ${target.id} = ${auditLog.targetId}`)
    .leftJoin(targetOrganisation, sql`${auditLog.targetType} = 'organisation' AND ${targetOrganisation.id} = ${auditLog.targetId}`)
    .where(options.before ? lt(auditLog.id, options.before) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .all();
  // A full page may have more behind it; the next page starts below its last (oldest) id.
  return { entries, olderBefore: entries.length === AUDIT_PAGE_SIZE ? entries[entries.length - 1]!.id : null };
}
