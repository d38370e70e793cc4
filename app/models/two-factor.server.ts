import { createHash, randomBytes } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { and, eq, isNull } from "drizzle-orm";
import QRCode from "qrcode";
import { mayTurnOffTwoFactor, mustSetUpTwoFactor, type Member } from "~/auth/policy/index.server";
import { err, ok, type Result } from "~/lib/result";
import { db } from "../../db/client.server";
import { recoveryCodes, users } from "../../db/schema";
import { recordAudit } from "./audit.server";

const PERIOD_SECONDS = 30;
const DIGITS = 6;
const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Partnering Exchange";

const hashCode = (code: string) => createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
const normaliseRecoveryCode = (code: string) => code.replace(/[\s-]/g, "").toUpperCase();

export function totpKeyFromBase32(base32: string) {
  return decodeBase32IgnorePadding(base32);
}

/** Starts (or resumes) set-up: a new key is kept unconfirmed until a first code proves the app has it. */
async function beginTwoFactorSetup(userId: number) {
  const user = db().select({ email: users.email, key: users.totpKey, enabled: users.totpEnabled }).from(users).where(eq(users.id, userId)).get()!;
  let keyBase32 = user.key;
  if (!keyBase32 || user.enabled) {
    keyBase32 = encodeBase32UpperCaseNoPadding(randomBytes(20));
    db().update(users).set({ totpKey: keyBase32 }).where(and(eq(users.id, userId), eq(users.totpEnabled, false))).run();
  }
  const uri = createTOTPKeyURI(ISSUER, user.email, totpKeyFromBase32(keyBase32), PERIOD_SECONDS, DIGITS);
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { keyBase32, uri, qrSvg };
}

/**
 * The time step a code belongs to, allowing one step of clock drift either way, or null. A step at
 * or before the last accepted one is refused, so a code works once only.
 */
function matchingStep(keyBase32: string, code: string, lastStep: number | null, at: number) {
  if (!/^\d{6}$/.test(code)) return null;
  const key = totpKeyFromBase32(keyBase32);
  const current = Math.floor(at / 1000 / PERIOD_SECONDS);
  for (const step of [current - 1, current, current + 1]) {
    if (lastStep !== null && step <= lastStep) continue;
    if (generateHOTP(key, BigInt(step), DIGITS) === code) return step;
  }
  return null;
}

function newRecoveryCodes() {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = encodeBase32UpperCaseNoPadding(randomBytes(8)).slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** Turns two-factor on with the first good code, and returns ten recovery codes to show once. */
export function confirmTwoFactorSetup(userId: number, codeInput: string, ip: string, at = Date.now()): Result<{ recoveryCodes: string[] }, "wrong_code" | "not_started"> {
  const code = codeInput.replace(/\s/g, "");
  const user = db().select().from(users).where(eq(users.id, userId)).get();
  if (!user?.totpKey || user.totpEnabled) return err("not_started");
  const step = matchingStep(user.totpKey, code, user.totpLastStep, at);
  if (step === null) return err("wrong_code");
  const codes = newRecoveryCodes();
  db().transaction((tx) => {
    tx.update(users).set({ totpEnabled: true, totpLastStep: step }).where(eq(users.id, userId)).run();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    for (const c of codes) tx.insert(recoveryCodes).values({ userId, codeHash: hashCode(c) }).run();
    recordAudit({ actorId: userId, action: "two_factor_enabled", targetType: "user", targetId: userId, ip }, tx);
  });
  return ok({ recoveryCodes: codes });
}

/** The second sign-in step: a fresh authenticator code, or an unused recovery code (used up). */
export function verifySecondFactor(userId: number, codeInput: string, ip: string, at = Date.now()): Result<{ usedRecoveryCode: boolean }, "wrong_code"> {
  const code = codeInput.trim();
  const user = db().select().from(users).where(eq(users.id, userId)).get();
  if (!user?.totpEnabled || !user.totpKey) return err("wrong_code");
  const step = matchingStep(user.totpKey, code.replace(/\s/g, ""), user.totpLastStep, at);
  if (step !== null) {
    // The guard on the old step makes two simultaneous uses of one code race to a single winner.
    const updated = db().update(users).set({ totpLastStep: step })
      .where(and(eq(users.id, userId), user.totpLastStep === null ? isNull(users.totpLastStep) : eq(users.totpLastStep, user.totpLastStep)))
      .run();
    if (updated.changes === 1) {
      recordAudit({ actorId: userId, action: "sign_in_two_factor", targetType: "user", targetId: userId, ip });
      return ok({ usedRecoveryCode: false });
    }
    return err("wrong_code");
  }
  if (normaliseRecoveryCode(code).length !== 10) return err("wrong_code");
  const used = db().update(recoveryCodes).set({ usedAt: new Date(at) })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashCode(code)), isNull(recoveryCodes.usedAt)))
    .run();
  if (used.changes !== 1) return err("wrong_code");
  recordAudit({ actorId: userId, action: "sign_in_recovery_code", targetType: "user", targetId: userId, ip });
  return ok({ usedRecoveryCode: true });
}

/** The settings page's state: whether two-factor is on, recovery codes left, and whether the member may turn it off. */
function twoFactorState(member: Pick<Member, "id" | "role" | "totpEnabled">) {
  return { enabled: member.totpEnabled, recoveryCodesLeft: member.totpEnabled ? unusedRecoveryCodeCount(member.id) : 0, mayTurnOff: member.totpEnabled && mayTurnOffTwoFactor(member), required: mustSetUpTwoFactor(member) };
}

/**
 * The two-factor page: when on, how many recovery codes are left and whether the member may turn
 * it off (not moderators or administrators); when off, a set-up key and QR code, and whether
 * set-up is required before anything else.
 */
export async function twoFactorPage(member: Pick<Member, "id" | "role" | "totpEnabled">) {
  const state = twoFactorState(member);
  if (state.enabled) return { enabled: true as const, recoveryCodesLeft: state.recoveryCodesLeft, mayTurnOff: state.mayTurnOff, setup: null };
  const setup = await beginTwoFactorSetup(member.id);
  return { enabled: false as const, recoveryCodesLeft: 0, mayTurnOff: false, setup: { keyBase32: setup.keyBase32, qrSvg: setup.qrSvg, required: state.required } };
}

export function unusedRecoveryCodeCount(userId: number) {
  return db().select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).all().length;
}

/** Members may turn two-factor off with a current code; moderators and administrators may not (mayTurnOffTwoFactor). */
export function disableTwoFactor(member: Pick<Member, "id" | "role">, code: string, ip: string): Result<null, "wrong_code" | "required"> {
  if (!mayTurnOffTwoFactor(member)) return err("required");
  const userId = member.id;
  const checked = verifySecondFactor(userId, code, ip);
  if (!checked.ok) return checked;
  db().transaction((tx) => {
    tx.update(users).set({ totpEnabled: false, totpKey: null, totpLastStep: null }).where(eq(users.id, userId)).run();
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    recordAudit({ actorId: userId, action: "two_factor_disabled", targetType: "user", targetId: userId, ip }, tx);
  });
  return ok(null);
}
