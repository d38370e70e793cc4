/**
 * The transactional outbox in-process: mail is queued inside the event's transaction, a failed
 * send is retried with growing waits until it is given up, and a claim keeps two senders apart.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { demoDatabase, memberFor } from "../helpers/in-process";

delete process.env.SMTP_URL;

const db = await demoDatabase("outbox");
const forum = await import("~/models/forum.server");
const discussions = await import("~/models/discussions.server");
const outbox = await import("~/models/mail-outbox.server");
const sender = await import("~/lib/mail-sender.server");
type Member = import("~/auth/policy/index.server").Member;

let chief: Member;
let supplier: Member;
beforeAll(async () => {
  chief = memberFor(db(), "chief@cleveland-police.example");
  supplier = memberFor(db(), "supplier@steria.example");
});

type Row = { id: number; recipient: string; attempts: number; next_attempt_at: number; sent_at: number | null; failed_at: number | null; last_error: string | null; dedupe_key: string | null };
const row = (id: number) => db().$client.prepare("SELECT * FROM mail_outbox WHERE id = ?").get(id) as Row;
const count = (where: string, ...args: unknown[]) => (db().$client.prepare(`SELECT count(*) AS n FROM mail_outbox WHERE ${where}`).get(...args) as { n: number }).n;
const pending = () => count("sent_at IS NULL AND failed_at IS NULL");

function queueOne(to: string) {
  outbox.queueMail(db(), { kind: "test", to, subject: `Test mail to ${to}`, text: "Hello" });
  return (db().$client.prepare("SELECT max(id) AS id FROM mail_outbox").get() as { id: number }).id;
}

/** Marks everything still queued as given up, so each test starts with an empty queue. */
function clearQueue() {
  db().$client.prepare("UPDATE mail_outbox SET failed_at = 0 WHERE sent_at IS NULL AND failed_at IS NULL").run();
}

describe("queueing in the event's transaction", () => {
  test("a reply queues the watcher's e-mail with its notification, and a rollback leaves neither", () => {
    clearQueue();
    const space = forum.getSpace(chief, "open-discussions")!;
    const created = forum.createThread(chief, space, { kind: "question", title: "Outbox rollback question", bodyMd: "First post", serviceAreaIds: [], partnershipIds: [], submissionKey: null });
    if (!created.ok) throw new Error(created.reason);
    const discussionId = db().$client.prepare("SELECT discussion_id AS d FROM threads WHERE id = ?").get(created.value.id) as { d: number };
    const notificationsOf = () => (db().$client.prepare("SELECT count(*) AS n FROM notifications WHERE discussion_id = ?").get(discussionId.d) as { n: number }).n;

    expect(() =>
      db().transaction(() => {
        const r = discussions.createReply(supplier, discussionId.d, { bodyMd: "A reply that is rolled back", submissionKey: null });
        expect(r.ok).toBe(true);
        expect(pending()).toBe(1); // queued inside, before anything commits
        throw new Error("the event fails after the notification was written");
      }),
    ).toThrow("the event fails");
    expect(notificationsOf()).toBe(0);
    expect(pending()).toBe(0);

    const r = discussions.createReply(supplier, discussionId.d, { bodyMd: "A reply that stays", submissionKey: null });
    if (!r.ok) throw new Error(r.reason);
    const [notificationId] = r.value.notificationIds;
    expect(notificationsOf()).toBe(1);
    // Held back to gather the thread's next replies into the same message (issue 14).
    const mail = db().$client.prepare("SELECT id, next_attempt_at, created_at FROM mail_outbox WHERE recipient = ? AND batch_key = ? AND sent_at IS NULL").all(chief.email, `discussion:${chief.id}:${discussionId.d}`) as { id: number; next_attempt_at: number; created_at: number }[];
    expect(mail).toHaveLength(1);
    expect(mail[0]!.next_attempt_at).toBeGreaterThan(mail[0]!.created_at);
    expect((db().$client.prepare("SELECT mail_id AS m FROM notifications WHERE id = ?").get(notificationId) as { m: number }).m).toBe(mail[0]!.id);
  });

  test("the same dedupe key is queued once", () => {
    clearQueue();
    for (let i = 0; i < 2; i++) outbox.queueMail(db(), { kind: "test", dedupeKey: "test:once", to: "once@example.org", subject: "Once", text: "Once" });
    expect(count("dedupe_key = 'test:once'")).toBe(1);
  });
});

describe("the sender", () => {
  test("delivers to the .eml outbox and marks the message sent", async () => {
    clearQueue();
    const id = queueOne("eml@example.org");
    expect(await sender.sendDueMail()).toEqual({ sent: 1, failed: 0, gaveUp: 0 });
    expect(row(id).sent_at).not.toBeNull();
    const dir = path.join(process.env.DATA_DIR!, "outbox");
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(`-${id}.eml`)) : [];
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(dir, files[0]!), "utf8")).toMatch(/^To: eml@example\.org$/m);
    expect(await sender.sendDueMail()).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
  });

  test("a failed send is retried with doubling waits, capped, and given up after the last attempt with its error kept", async () => {
    clearQueue();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const id = queueOne("down@example.org");
    let clock = Date.now();
    const now = () => new Date(clock);
    const deliver = async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:25");
    };
    const waits: number[] = [];
    for (let attempt = 1; attempt <= sender.MAIL_MAX_ATTEMPTS; attempt++) {
      await sender.sendDueMail({ now, deliver });
      const r = row(id);
      expect(r.attempts).toBe(attempt);
      expect(r.last_error).toContain("ECONNREFUSED");
      if (attempt === sender.MAIL_MAX_ATTEMPTS) break;
      expect(r.failed_at).toBeNull();
      waits.push(r.next_attempt_at - clock);
      // Not due yet: nothing is tried a moment before its time.
      clock = r.next_attempt_at - 1;
      await sender.sendDueMail({ now, deliver });
      expect(row(id).attempts).toBe(attempt);
      clock = r.next_attempt_at;
    }
    expect(waits[0]).toBe(5_000);
    expect(waits[1]).toBe(10_000);
    expect(waits[2]).toBe(20_000);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(Math.max(...waits)).toBe(60 * 60_000);
    const last = row(id);
    expect(last.failed_at).not.toBeNull();
    expect(last.sent_at).toBeNull();
    expect(last.last_error).toContain("ECONNREFUSED");
    expect(errors.mock.calls.some((c) => String(c[0]).includes("Gave up e-mailing down@example.org"))).toBe(true);
    // Given up means given up: later passes leave it alone.
    clock += 365 * 24 * 60 * 60_000;
    await sender.sendDueMail({ now, deliver });
    expect(row(id).attempts).toBe(sender.MAIL_MAX_ATTEMPTS);
    errors.mockRestore();
  });

  test("a claimed message is not claimed again until its claim runs out (a sender that died)", () => {
    clearQueue();
    const id = queueOne("claimed@example.org");
    const at = new Date();
    expect(outbox.claimDueMail(at, 10, 60_000).map((m) => m.id)).toEqual([id]);
    expect(outbox.claimDueMail(at, 10, 60_000)).toEqual([]);
    expect(outbox.claimDueMail(new Date(at.getTime() + 59_000), 10, 60_000)).toEqual([]);
    const reclaimed = outbox.claimDueMail(new Date(at.getTime() + 61_000), 10, 60_000);
    expect(reclaimed.map((m) => m.id)).toEqual([id]);
    expect(reclaimed[0]!.attempts).toBe(2);
  });

  test("claims are bounded batches", () => {
    clearQueue();
    for (let i = 0; i < 5; i++) queueOne(`batch-${i}@example.org`);
    expect(outbox.claimDueMail(new Date(), 3, 60_000)).toHaveLength(3);
    expect(outbox.claimDueMail(new Date(), 3, 60_000)).toHaveLength(2);
  });
});
