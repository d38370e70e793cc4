/**
 * The session lookup reads session and account in one statement, outside lucia's adapter, so it
 * must keep lucia's expiry rules: past its expiry a session is refused and deleted, in the second
 * half of its idle period its expiry slides forward, and the absolute limit holds whatever its use.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { demoDatabase } from "../helpers/in-process";

const db = await demoDatabase("session");
const { startSession } = await import("~/auth/session.server");
const { getMember } = await import("~/auth/member.server");

const DAY = 24 * 60 * 60;
let userId: number;

beforeAll(async () => {
  userId = (db().$client.prepare("SELECT id FROM users WHERE email = ?").get("chief@cleveland-police.example") as { id: number }).id;
});

async function newSession() {
  const cookie = (await startSession(userId, { ip: "127.0.0.1", userAgent: "expiry", isSignInComplete: true })).split(";")[0]!;
  const id = cookie.split("=")[1]!;
  return { id, request: () => new Request("http://localhost/", { headers: { Cookie: cookie } }) };
}

const row = (id: string) => db().$client.prepare("SELECT expires_at AS expiresAt, last_seen_at AS lastSeenAt FROM sessions WHERE id = ?").get(id) as { expiresAt: number; lastSeenAt: number } | undefined;
const set = (id: string, column: string, value: number) => db().$client.prepare(`UPDATE sessions SET ${column} = ? WHERE id = ?`).run(value, id);
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("session expiry", () => {
  test("a live session gives the member with their organisation", async () => {
    const s = await newSession();
    const member = await getMember(s.request());
    expect(member).toMatchObject({ id: userId, organisationSlug: expect.any(String), organisationKind: "force", totpEnabled: false, sessionId: s.id });
  });

  test("past its expiry a session is refused and deleted", async () => {
    const s = await newSession();
    set(s.id, "expires_at", nowSeconds() - 1);
    expect(await getMember(s.request())).toBeNull();
    expect(row(s.id)).toBeUndefined();
  });

  test("in the second half of its idle period the expiry slides forward; in the first half it stays", async () => {
    const early = await newSession();
    const fresh = row(early.id)!.expiresAt;
    set(early.id, "last_seen_at", nowSeconds() - 120);
    await getMember(early.request());
    expect(row(early.id)!.expiresAt).toBe(fresh);
    expect(row(early.id)!.lastSeenAt).toBeGreaterThanOrEqual(nowSeconds() - 1);

    const late = await newSession();
    set(late.id, "expires_at", nowSeconds() + 2 * DAY);
    expect(await getMember(late.request())).not.toBeNull();
    expect(row(late.id)!.expiresAt).toBeGreaterThan(nowSeconds() + 6 * DAY);
  });

  test("the absolute limit ends a session however recently it was used", async () => {
    const s = await newSession();
    set(s.id, "created_at", nowSeconds() - 31 * DAY);
    expect(await getMember(s.request())).toBeNull();
    expect(row(s.id)).toBeUndefined();
  });
});
