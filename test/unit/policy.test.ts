import { describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { audienceReadableWhere, can, mayPurgeRevision, mayReadRevisions, type Action, type Actor } from "~/auth/policy/index.server";
import {
  ACCOUNT_STATUSES,
  AUDIENCES,
  ORGANISATION_KINDS,
  SITE_ROLES,
  type AccountStatus,
  type Audience,
  type OrganisationKind,
  type SiteRole,
} from "~/lib/fixed-lists";
import { freshDatabase } from "../helpers/db";

type Verb =
  | "read"
  | "contribute"
  | "contributeLiveUndeclared"
  | "contributeLiveDeclared"
  | "widenLive"
  | "widenNotLive"
  | "moderate"
  | "editOwn"
  | "editOthers"
  | "editTemplateAsAuthor"
  | "editTemplateSameOrganisation"
  | "editTemplateOtherOrganisation"
  | "administer"
  | "viewProfiles"
  | "editPartnershipOwnOrganisation"
  | "editPartnershipOtherOrganisation";

/**
 * Every organisation kind × site role × account status × audience × action, with the outcome
 * written out rather than computed: only an active account may do anything; suppliers never
 * reach policing-only content, whatever their role; moderation needs a moderator or
 * administrator; administration needs an administrator.
 */
function expected(kind: OrganisationKind, role: SiteRole, status: AccountStatus, audience: Audience, verb: Verb): boolean {
  const table: Record<Verb, Record<string, boolean>> = {
    read: { "members/policing": true, "members/supplier": true, "policing/policing": true, "policing/supplier": false },
    contribute: { "members/policing": true, "members/supplier": true, "policing/policing": true, "policing/supplier": false },
    // In a live procurement a supplier must declare first; the policing side never needs to.
    contributeLiveUndeclared: { "members/policing": true, "members/supplier": false, "policing/policing": true, "policing/supplier": false },
    contributeLiveDeclared: { "members/policing": true, "members/supplier": true, "policing/policing": true, "policing/supplier": false },
    widenLive: {},
    widenNotLive: {},
    editOwn: { "members/policing": true, "members/supplier": true, "policing/policing": true, "policing/supplier": false },
    editOthers: { "members/policing": false, "members/supplier": false, "policing/policing": false, "policing/supplier": false },
    // Library templates (issue 8): the uploader and colleagues in the uploader's organisation may
    // add versions and edit details; other members may not unless they moderate. Nobody edits
    // what they may not read, so suppliers never touch a policing-only template.
    editTemplateAsAuthor: { "members/policing": true, "members/supplier": true, "policing/policing": true, "policing/supplier": false },
    editTemplateSameOrganisation: { "members/policing": true, "members/supplier": true, "policing/policing": true, "policing/supplier": false },
    editTemplateOtherOrganisation: {
      "member/members/policing": false, "member/members/supplier": false, "member/policing/policing": false, "member/policing/supplier": false,
      "moderator/members/policing": true, "moderator/members/supplier": true, "moderator/policing/policing": true, "moderator/policing/supplier": false,
      "administrator/members/policing": true, "administrator/members/supplier": true, "administrator/policing/policing": true, "administrator/policing/supplier": false,
    },
    moderate: {},
    administer: {},
    viewProfiles: {},
    editPartnershipOwnOrganisation: {},
    editPartnershipOtherOrganisation: {},
  };
  if (status !== "active") return false;
  const side = kind === "supplier" ? "supplier" : "policing";
  switch (verb) {
    case "moderate":
      return role !== "member" && table.read[`${audience}/${side}`]!;
    case "administer":
      return role === "administrator";
    case "viewProfiles":
      return true;
    case "widenLive":
      return false;
    case "widenNotLive":
      return role !== "member" && side === "policing";
    case "editTemplateOtherOrganisation":
      return table.editTemplateOtherOrganisation[`${role}/${audience}/${side}`]!;
    // The registry: the policing side edits its own partnerships, administrators any; a supplier
    // never edits, even its own partnership, even as a moderator (it suggests a correction).
    case "editPartnershipOwnOrganisation":
      return { "member/policing": true, "moderator/policing": true, "administrator/policing": true, "member/supplier": false, "moderator/supplier": false, "administrator/supplier": true }[`${role}/${side}`]!;
    case "editPartnershipOtherOrganisation":
      return { "member/policing": false, "moderator/policing": false, "administrator/policing": true, "member/supplier": false, "moderator/supplier": false, "administrator/supplier": true }[`${role}/${side}`]!;
    default:
      return table[verb][`${audience}/${side}`]!;
  }
}

function action(verb: Verb, audience: Audience, self: number): Action {
  switch (verb) {
    case "editOwn":
      return { do: "editOwn", audience, authorId: self };
    case "editOthers":
      return { do: "editOwn", audience, authorId: self + 1 };
    // The actor belongs to organisation 1 (see the matrix below).
    case "editTemplateAsAuthor":
      return { do: "editTemplate", audience, authorId: self, organisationId: 2 };
    case "editTemplateSameOrganisation":
      return { do: "editTemplate", audience, authorId: self + 1, organisationId: 1 };
    case "editTemplateOtherOrganisation":
      return { do: "editTemplate", audience, authorId: self + 1, organisationId: 2 };
    case "administer":
    case "viewProfiles":
      return { do: verb };
    case "contributeLiveUndeclared":
      return { do: "contribute", audience, inLiveProcurement: true, declared: false };
    case "contributeLiveDeclared":
      return { do: "contribute", audience, inLiveProcurement: true, declared: true };
    case "widenLive":
      return { do: "widen", audience, inLiveProcurement: true };
    case "widenNotLive":
      return { do: "widen", audience, inLiveProcurement: false };
    // The actor belongs to organisation 1 (see the matrix below).
    case "editPartnershipOwnOrganisation":
      return { do: "editPartnership", organisationIds: [5, 1] };
    case "editPartnershipOtherOrganisation":
      return { do: "editPartnership", organisationIds: [5, 6] };
    default:
      return { do: verb, audience };
  }
}

const VERBS: Verb[] = ["read", "contribute", "contributeLiveUndeclared", "contributeLiveDeclared", "widenLive", "widenNotLive", "moderate", "editOwn", "editOthers", "editTemplateAsAuthor", "editTemplateSameOrganisation", "editTemplateOtherOrganisation", "administer", "viewProfiles", "editPartnershipOwnOrganisation", "editPartnershipOtherOrganisation"];
const cases = ORGANISATION_KINDS.flatMap((kind) =>
  SITE_ROLES.flatMap((role) => ACCOUNT_STATUSES.flatMap((status) => AUDIENCES.flatMap((audience) => VERBS.map((verb) => ({ kind, role, status, audience, verb }))))),
);

describe("policy matrix", () => {
  test(`covers ${cases.length} combinations`, () => {
    expect(cases).toHaveLength(4 * 3 * 5 * 2 * VERBS.length);
  });

  test.each(cases)("$kind $role $status on $audience content: $verb", ({ kind, role, status, audience, verb }) => {
    const actor: Actor = { id: 7, role, status, organisationKind: kind, organisationId: 1 };
    expect(can(actor, action(verb, audience, 7))).toBe(expected(kind, role, status, audience, verb));
  });

  test("a guest may do nothing", () => {
    for (const audience of AUDIENCES) expect(can(null, { do: "read", audience })).toBe(false);
    expect(can(null, { do: "viewProfiles" })).toBe(false);
    expect(can(null, { do: "editPartnership", organisationIds: [1] })).toBe(false);
  });

  test("a partnership with no organisations is editable by administrators only", () => {
    const actor = (role: SiteRole): Actor => ({ id: 1, role, status: "active", organisationKind: "force", organisationId: 1 });
    expect(can(actor("member"), { do: "editPartnership", organisationIds: [] })).toBe(false);
    expect(can(actor("administrator"), { do: "editPartnership", organisationIds: [] })).toBe(true);
  });
});

describe("earlier versions of a post", () => {
  const actor = (kind: OrganisationKind, role: SiteRole, id = 1, status: AccountStatus = "active"): Actor => ({ id, role, status, organisationKind: kind, organisationId: 1 });
  test("are read by the author and moderators of the audience only, and purged by moderators only", () => {
    const post = { authorId: 1, audience: "members" as Audience };
    expect(mayReadRevisions(actor("supplier", "member"), post)).toBe(true);
    expect(mayReadRevisions(actor("force", "member", 2), post)).toBe(false);
    expect(mayReadRevisions(actor("supplier", "member", 2), post)).toBe(false);
    expect(mayReadRevisions(actor("national", "moderator", 2), post)).toBe(true);
    expect(mayReadRevisions(actor("force", "member", 1, "suspended"), post)).toBe(false);
    expect(mayReadRevisions(null, post)).toBe(false);
    expect(mayReadRevisions(actor("supplier", "moderator", 2), { authorId: 1, audience: "policing" })).toBe(false);
    expect(mayPurgeRevision(actor("national", "moderator", 2), post)).toBe(true);
    expect(mayPurgeRevision(actor("force", "member", 1), post)).toBe(false);
    expect(mayPurgeRevision(actor("supplier", "administrator", 2), { audience: "policing" })).toBe(false);
  });
});

describe("the SQL twin agrees with can(read)", () => {
  test("for every kind, role, status and audience, over a real SQLite table", () => {
    const database = freshDatabase();
    database.$client.exec("CREATE TABLE content (id INTEGER PRIMARY KEY, audience TEXT NOT NULL); INSERT INTO content (audience) VALUES ('members'), ('policing');");
    for (const c of cases.filter((c) => c.verb === "read")) {
      const actor: Actor = { id: 1, role: c.role, status: c.status, organisationKind: c.kind, organisationId: 1 };
      const where = audienceReadableWhere(actor, sql.raw("audience"));
      const rows = database.all<{ audience: Audience }>(sql`SELECT audience FROM content WHERE ${where}`);
      const visible = rows.map((r) => r.audience);
      expect(visible.includes(c.audience), JSON.stringify(c)).toBe(can(actor, { do: "read", audience: c.audience }));
    }
    expect(database.all(sql`SELECT id FROM content WHERE ${audienceReadableWhere(null, sql.raw("audience"))}`)).toEqual([]);
  });
});

describe("the readers twin agrees with can(read)", () => {
  test("for every kind, status and audience, over a real SQLite table", async () => {
    const { readersOfAudienceWhere } = await import("~/auth/policy/index.server");
    const database = freshDatabase();
    database.$client.exec("CREATE TABLE people (id INTEGER PRIMARY KEY, status TEXT, kind TEXT)");
    const people = ORGANISATION_KINDS.flatMap((kind) => ACCOUNT_STATUSES.map((status) => ({ kind, status })));
    people.forEach((p, i) => database.$client.prepare("INSERT INTO people VALUES (?, ?, ?)").run(i + 1, p.status, p.kind));
    for (const audience of AUDIENCES) {
      const ids = database.all<{ id: number }>(sql`SELECT id FROM people WHERE ${readersOfAudienceWhere(audience, sql.raw("status"), sql.raw("kind"))}`).map((r) => r.id);
      people.forEach((p, i) => {
        const actor: Actor = { id: i + 1, role: "member", status: p.status, organisationKind: p.kind, organisationId: 1 };
        expect(ids.includes(i + 1), `${audience} ${p.kind} ${p.status}`).toBe(can(actor, { do: "read", audience }));
      });
    }
  });
});

describe("the recipient twin agrees with can(read)", () => {
  test("for every audience, kind and status, over a real SQLite join", async () => {
    const { recipientMayReadWhere } = await import("~/auth/policy/index.server");
    const database = freshDatabase();
    database.$client.exec("CREATE TABLE people (id INTEGER PRIMARY KEY, status TEXT, kind TEXT); CREATE TABLE content (id INTEGER PRIMARY KEY, audience TEXT NOT NULL); INSERT INTO content (audience) VALUES ('members'), ('policing');");
    const people = ORGANISATION_KINDS.flatMap((kind) => ACCOUNT_STATUSES.map((status) => ({ kind, status })));
    people.forEach((p, i) => database.$client.prepare("INSERT INTO people VALUES (?, ?, ?)").run(i + 1, p.status, p.kind));
    const pairs = database
      .all<{ person: number; audience: Audience }>(sql`SELECT people.id AS person, content.audience FROM people, content WHERE ${recipientMayReadWhere(sql.raw("content.audience"), sql.raw("people.status"), sql.raw("people.kind"))}`)
      .map((r) => `${r.person}/${r.audience}`);
    people.forEach((p, i) => {
      const actor: Actor = { id: i + 1, role: "member", status: p.status, organisationKind: p.kind, organisationId: 1 };
      for (const audience of AUDIENCES) expect(pairs.includes(`${i + 1}/${audience}`), `${audience} ${p.kind} ${p.status}`).toBe(can(actor, { do: "read", audience }));
    });
  });
});
