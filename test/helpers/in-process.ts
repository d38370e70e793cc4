import type { Member } from "~/auth/policy/index.server";
import type { Db } from "../../db/client.server";

type UserRow = { id: number; handle: string; name: string; email: string; job_title: string; role: Member["role"]; status: Member["status"]; organisation_id: number; okind: Member["organisationKind"]; oname: string; oslug: string; totp_enabled: number };

/** The Member a signed-in request would carry, read straight from the database, for in-process model tests. */
export function memberFor(database: Db, email: string): Member {
  const row = database.$client.prepare(`SELECT u.*, o.kind AS okind, o.name AS oname, o.slug AS oslug FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE email = ?`).get(email) as UserRow;
  return { id: row.id, handle: row.handle, name: row.name, email: row.email, jobTitle: row.job_title, role: row.role, status: row.status, organisationId: row.organisation_id, organisationKind: row.okind, organisationName: row.oname, organisationSlug: row.oslug, totpEnabled: Boolean(row.totp_enabled), sessionId: "test" };
}

/** Counts the SQL statements prepared on the connection while `fn` runs (drizzle prepares one per query). */
export function countStatements(database: Db, fn: () => unknown) {
  const { counted, stop } = startCounting(database);
  try {
    fn();
  } finally {
    stop();
  }
  return counted();
}

/** countStatements for work that awaits, such as a route's loader; nothing else may use the connection meanwhile. */
export async function countStatementsAsync(database: Db, fn: () => Promise<unknown>) {
  const { counted, stop } = startCounting(database);
  try {
    await fn();
  } finally {
    stop();
  }
  return counted();
}

function startCounting(database: Db) {
  const client = database.$client;
  const original = client.prepare;
  let count = 0;
  client.prepare = ((source: string) => {
    count++;
    return original.call(client, source);
  }) as typeof client.prepare;
  return { counted: () => count, stop: () => void (client.prepare = original) };
}
