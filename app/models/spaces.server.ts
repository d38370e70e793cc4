/**
 * Spaces administration: create, rename, re-address, re-order, archive and change who can see a
 * space. A space's threads inherit its audience through their discussions, so changing it
 * re-labels every thread's discussion in the same transaction; widening to all members needs an
 * explicit confirmation and is refused while a linked partnership is in procurement.
 */
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { mayManageSpaces, mayWidenSpace, type Member } from "~/auth/policy/index.server";
import { err, ok, type Result } from "~/lib/result";
import { db } from "../../db/client.server";
import { discussions, spaces } from "../../db/schema";
import type { Audience } from "~/lib/fixed-lists";
import { recordAudit } from "./audit.server";
import { isLinkedToLiveProcurement } from "./procurement.server";

/** Every space there is; the list is small and bounded by administrators, so one page holds it. */
const SPACES_LIMIT = 500;

export type SpaceFields = { name: string; slug: string; description: string; audience: Audience; position: number; archived: boolean };

/** All spaces, archived included, in their set order, with their thread counts; empty for non-administrators. */
export function listAllSpaces(admin: Member) {
  if (!mayManageSpaces(admin)) return [];
  return db()
    .select({ id: spaces.id, slug: spaces.slug, name: spaces.name, description: spaces.description, audience: spaces.audience, position: spaces.position, isArchived: spaces.isArchived, threadCount: spaces.threadCount })
    .from(spaces)
    .orderBy(asc(spaces.position), asc(spaces.name))
    .limit(SPACES_LIMIT)
    .all();
}

/** One space by id for its edit form, or null when missing or the member is not an administrator. */
export function getSpaceForAdmin(admin: Member, id: number) {
  if (!mayManageSpaces(admin)) return null;
  return db().select().from(spaces).where(eq(spaces.id, id)).get() ?? null;
}

/** The position a new space gets unless the administrator says otherwise (after the last), or null for non-administrators. */
export function nextSpacePosition(admin: Member) {
  if (!mayManageSpaces(admin)) return null;
  return db().select({ n: sql<number>`coalesce(max(${spaces.position}), -1) + 1` }).from(spaces).get()?.n ?? 0;
}

function slugTaken(slug: string, exceptId?: number) {
  return Boolean(
    db()
      .select({ id: spaces.id })
      .from(spaces)
      .where(and(eq(spaces.slug, slug), exceptId ? ne(spaces.id, exceptId) : undefined))
      .get(),
  );
}

const yesNo = (b: boolean) => (b ? "yes" : "no");

export type SpaceProblem = "not_found" | "slug_taken";

/** A new space; refuses a web address already in use. Audit-logged. */
export function createSpace(admin: Member, fields: SpaceFields, ip: string): Result<{ id: number }, SpaceProblem> {
  if (!mayManageSpaces(admin)) return err("not_found");
  if (slugTaken(fields.slug)) return err("slug_taken");
  return ok(
    db().transaction((tx) => {
      const space = tx
        .insert(spaces)
        .values({ name: fields.name, slug: fields.slug, description: fields.description, audience: fields.audience, position: fields.position, isArchived: fields.archived })
        .returning({ id: spaces.id })
        .get();
      const detail = `name ${JSON.stringify(fields.name)}; address /spaces/${fields.slug}; audience ${fields.audience}; position ${fields.position}${fields.archived ? "; archived" : ""}`;
      recordAudit({ actorId: admin.id, action: "space_created", targetType: "space", targetId: space.id, ip, detail }, tx);
      return { id: space.id };
    }),
  );
}

export type SpaceUpdateProblem = SpaceProblem | "confirm_wider" | "procurement";

/**
 * Saves a space's changes with one audit entry listing them (space_archived or space_unarchived
 * when that changed, otherwise space_updated). A change of audience re-labels the discussion of
 * every thread in the space in the same transaction. Widening (policing-only to all members)
 * needs `confirmWiden` and is refused while any of its threads is linked to a partnership in
 * procurement. Returns the list of changes (empty when nothing changed, and nothing is written).
 */
export function updateSpace(admin: Member, id: number, fields: SpaceFields & { confirmWiden: boolean }, ip: string): Result<{ changed: string[]; relabelled: number }, SpaceUpdateProblem> {
  const space = getSpaceForAdmin(admin, id);
  if (!space) return err("not_found");
  if (fields.slug !== space.slug && slugTaken(fields.slug, id)) return err("slug_taken");
  const audienceChanged = fields.audience !== space.audience;
  const widened = space.audience === "policing" && fields.audience === "members";
  if (widened && !mayWidenSpace(admin, isLinkedToLiveProcurement({ spaceId: id }))) return err("procurement");
  if (widened && !fields.confirmWiden) return err("confirm_wider");
  const changed: string[] = [];
  if (fields.name !== space.name) changed.push(`name: ${JSON.stringify(space.name)} → ${JSON.stringify(fields.name)}`);
  if (fields.slug !== space.slug) changed.push(`address: /spaces/${space.slug} → /spaces/${fields.slug}`);
  if (fields.description !== space.description) changed.push("description changed");
  if (fields.position !== space.position) changed.push(`position: ${space.position} → ${fields.position}`);
  if (fields.archived !== space.isArchived) changed.push(`archived: ${yesNo(space.isArchived)} → ${yesNo(fields.archived)}`);
  if (changed.length === 0 && !audienceChanged) return ok({ changed, relabelled: 0 });
  return ok(
    db().transaction((tx) => {
      tx.update(spaces)
        .set({ name: fields.name, slug: fields.slug, description: fields.description, audience: fields.audience, position: fields.position, isArchived: fields.archived })
        .where(eq(spaces.id, id))
        .run();
      let relabelled = 0;
      if (audienceChanged) {
        relabelled = tx
          .update(discussions)
          .set({ audience: fields.audience })
          .where(sql`${discussions.id} IN (SELECT discussion_id FROM threads WHERE space_id = ${id})`)
          .run().changes;
        changed.push(`audience: ${space.audience} → ${fields.audience} (${relabelled} ${relabelled === 1 ? "thread" : "threads"} re-labelled${widened ? "; widening confirmed" : ""})`);
      }
      const action = fields.archived !== space.isArchived ? (fields.archived ? "space_archived" : "space_unarchived") : "space_updated";
      recordAudit({ actorId: admin.id, action, targetType: "space", targetId: id, ip, detail: changed.join("; ") }, tx);
      return { changed, relabelled };
    }),
  );
}
