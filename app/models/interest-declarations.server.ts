/**
 * Remembered interest declarations: a supplier declares once per procurement and is asked again
 * only when they choose to change it (issue 14, item 5). Each post still stores the declaration
 * it was made under, and the engagement record copies that.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { InterestDeclaration } from "~/lib/fixed-lists";
import { db, type Tx } from "../../db/client.server";
import { interestDeclarations } from "../../db/schema";

/**
 * What the member declared for these procurements, when they declared the same for each of them;
 * null when any is undeclared or the declarations differ, so they are asked.
 */
export function rememberedDeclaration(userId: number, partnershipIds: readonly number[], reader: Tx | ReturnType<typeof db> = db()): InterestDeclaration | null {
  if (partnershipIds.length === 0) return null;
  const rows = reader.select({ interest: interestDeclarations.interest }).from(interestDeclarations)
    .where(and(eq(interestDeclarations.userId, userId), inArray(interestDeclarations.partnershipId, [...partnershipIds]))).all();
  const values = new Set(rows.map((r) => r.interest));
  return rows.length === partnershipIds.length && values.size === 1 ? rows[0]!.interest : null;
}

/** Remembers a declaration for each procurement, inside the transaction that posts under it. */
export function rememberDeclaration(tx: Tx, userId: number, partnershipIds: readonly number[], interest: InterestDeclaration) {
  const at = new Date();
  for (const partnershipId of new Set(partnershipIds))
    tx.insert(interestDeclarations).values({ userId, partnershipId, interest, declaredAt: at })
      .onConflictDoUpdate({ target: [interestDeclarations.userId, interestDeclarations.partnershipId], set: { interest: sql`excluded.interest`, declaredAt: sql`excluded.declared_at` } }).run();
}
