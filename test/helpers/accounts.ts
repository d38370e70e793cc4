import Database from "better-sqlite3";
import path from "node:path";
import { linkIn, readOutbox, Visitor } from "./http";
import type { TestServer } from "./server";

export const GOOD_PASSWORD = "correct horse battery staple";

/** Organisation ids by slug, read from the server's real database. */
export function organisationId(server: TestServer, slug: string) {
  return (openDb(server).prepare("SELECT id FROM organisations WHERE slug = ?").get(slug) as { id: number }).id;
}

export function openDb(server: TestServer) {
  const db = new Database(path.join(server.dataDir, "exchange.db"));
  db.pragma("busy_timeout = 5000");
  return db;
}

export function userRow(server: TestServer, email: string) {
  return openDb(server).prepare("SELECT * FROM users WHERE email = ?").get(email) as Record<string, unknown> | undefined;
}

/** Requests access through the form and confirms the e-mailed link; returns the visitor. */
export async function joinAndVerify(server: TestServer, fields: { email: string; name?: string; organisation: string; newOrganisationName?: string; newOrganisationKind?: string }) {
  const visitor = new Visitor(server);
  const res = await visitor.post("/join", {
    name: fields.name ?? "Test Person",
    email: fields.email,
    organisation: fields.organisation,
    newOrganisationName: fields.newOrganisationName ?? "",
    newOrganisationKind: fields.newOrganisationKind ?? "",
    jobTitle: "Head of procurement",
    password: GOOD_PASSWORD,
    terms: "yes",
  });
  if (res.status !== 302) throw new Error(`join failed: ${res.status} ${await res.text()}`);
  const mail = (await readOutbox(server, fields.email)).at(-1)!;
  const token = new URL(linkIn(mail, "/verify-email?token="), server.url).searchParams.get("token")!;
  const confirmed = await visitor.post("/verify-email", { token });
  return { visitor, token, confirmedHtml: await confirmed.text() };
}
