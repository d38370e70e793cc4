import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { err, ok, type Result } from "~/lib/result";
import { db, type Tx } from "../../db/client.server";
import { accountTokens } from "../../db/schema";
import type { TokenPurpose } from "~/lib/fixed-lists";

const LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 24 * 60 * 60_000,
  reset_password: 60 * 60_000,
};

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A fresh single-use token; only its hash is stored, and earlier unused ones for the same purpose die. */
export function createAccountToken(userId: number, purpose: TokenPurpose) {
  const token = randomBytes(32).toString("base64url");
  db().transaction((tx) => {
    tx.update(accountTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)))
      .run();
    tx.insert(accountTokens)
      .values({ tokenHash: hashToken(token), userId, purpose, expiresAt: new Date(Date.now() + LIFETIME_MS[purpose]) })
      .run();
  });
  return token;
}

export type TokenProblem = "invalid" | "expired" | "used";

/** Looks a token up without using it, so a page can say what is wrong before the form is sent. */
export function checkAccountToken(token: string, purpose: TokenPurpose): Result<{ userId: number }, TokenProblem> {
  if (!token || token.length > 100) return err("invalid");
  const row = db().select().from(accountTokens).where(eq(accountTokens.tokenHash, hashToken(token))).get();
  if (!row || row.purpose !== purpose) return err("invalid");
  if (row.usedAt) return err("used");
  if (row.expiresAt.getTime() < Date.now()) return err("expired");
  return ok({ userId: row.userId });
}

/** Marks the token used inside the caller's transaction; fails if another request used it first. */
export function useAccountToken(tx: Tx, token: string, purpose: TokenPurpose): Result<{ userId: number }, TokenProblem> {
  const checked = checkAccountToken(token, purpose);
  if (!checked.ok) return checked;
  const used = tx
    .update(accountTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(accountTokens.tokenHash, hashToken(token)), isNull(accountTokens.usedAt)))
    .run();
  return used.changes === 1 ? checked : err("used");
}
