import type Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { openDb } from "../helpers/accounts";
import { reply, startThread } from "../helpers/forum";
import { outboxSettled, signIn } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { downSmtpUrl, startFakeSmtp, type FakeSmtp } from "../helpers/smtp";

const CHIEF = "chief@cleveland-police.example";
const REPLIES = 15;

const started: TestServer[] = [];
const smtps: FakeSmtp[] = [];
const dbs: Database.Database[] = [];
afterAll(async () => {
  for (const d of dbs) d.close();
  await Promise.all(started.map((s) => s.stop()));
  await Promise.all(smtps.map((s) => s.close()));
});

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type OutboxRow = { id: number; recipient: string; subject: string; text: string; attempts: number; created_at: number; next_attempt_at: number; sent_at: number | null; failed_at: number | null; last_error: string | null };

describe("the mail outbox", () => {
  test("mail queued while the relay is down survives kill -9 and arrives exactly once after a restart, with two senders", async () => {
    const first = await startTestServer({ SMTP_URL: await downSmtpUrl() });
    started.push(first);
    const sqlite = openDb(first);
    dbs.push(sqlite);
    const rows = () => sqlite.prepare("SELECT * FROM mail_outbox WHERE recipient = ? ORDER BY id").all(CHIEF) as OutboxRow[];

    // The chief asks 15 questions and a supplier answers each; the chief chose "as each one
    // happens", which is one e-mail per thread (replies in one thread share a message).
    const chief = await signIn(first, CHIEF);
    const supplier = await signIn(first, "supplier@steria.example");
    for (let i = 1; i <= REPLIES; i++) {
      const thread = await startThread(chief, "open-discussions", { title: `Outbox crash test question ${i}`, body: "Who has moved custody to a partner?" });
      expect((await reply(supplier, thread.url, `Outbox crash reply number ${i}`)).status).toBe(302);
    }

    // Every notification was queued by the request itself; the sender tried and failed each.
    // A claim counts the attempt before the relay answers, so wait for the recorded error too.
    const failed = await until("a failed attempt at every queued mail", () => {
      const r = rows();
      return r.length === REPLIES && r.every((m) => m.attempts >= 1 && m.last_error !== null) && r;
    });
    expect(failed.every((m) => m.sent_at === null && m.failed_at === null && /ECONNREFUSED/.test(m.last_error ?? ""))).toBe(true);

    // Each failure is kept and the message waits before its next attempt.
    expect(failed.every((m) => m.next_attempt_at > m.created_at)).toBe(true);

    await first.kill();

    // Restarted on the same data with a working relay, twice over (one process per core):
    // each mail is delivered once, by one of them.
    const smtp = await startFakeSmtp();
    smtps.push(smtp);
    const again = await startTestServer({ SMTP_URL: smtp.url }, { dataDir: first.dataDir });
    const alongside = await startTestServer({ SMTP_URL: smtp.url }, { dataDir: first.dataDir });
    started.push(again, alongside);
    await outboxSettled(again, 60_000);
    const delivered = smtp.messages.filter((m) => m.to.includes(CHIEF));
    const numbers = delivered.map((m) => /Outbox crash reply number (\d+)/.exec(m.text)?.[1]).sort((a, b) => Number(a) - Number(b));
    expect(numbers).toEqual(Array.from({ length: REPLIES }, (_, i) => String(i + 1)));
    expect(rows().every((m) => m.sent_at !== null && m.last_error !== null)).toBe(true);
    // A moment later, still nothing sent twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.messages.filter((m) => m.to.includes(CHIEF))).toHaveLength(REPLIES);
  }, 120_000);
});
