import { describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { audienceReadableWhere, can, mayPurgeRevision, mayReadRevisions, type Action, type Actor } from "~/auth/policy/index.server";
import * as policy from "~/auth/policy/index.server";
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
  test("a supplier administrator may administer but never reads policing-only content", () => {
    const actor: Actor = { id: 7, role: "administrator", status: "active", organisationKind: "supplier", organisationId: 1 };
    expect(can(actor, { do: "administer" })).toBe(true);
    expect(can(actor, { do: "read", audience: "policing" })).toBe(false);
    expect(can(actor, { do: "moderate", audience: "policing" })).toBe(false);
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

/**
 * Editing a thread's details after publishing (issue 14, item 4), over every organisation kind ×
 * role × status × audience, for the author and for someone else, open and locked, the outcome
 * written out: the author while open, moderators of the audience always, nobody inactive, and a
 * supplier never on policing-only content whatever its role.
 */
describe("thread details matrix", () => {
  const detailCases = ORGANISATION_KINDS.flatMap((kind) =>
    SITE_ROLES.flatMap((role) => ACCOUNT_STATUSES.flatMap((status) => AUDIENCES.flatMap((audience) => [true, false].flatMap((own) => [true, false].map((isLocked) => ({ kind, role, status, audience, own, isLocked })))))),
  );
  function expectedDetails({ kind, role, status, audience, own, isLocked }: (typeof detailCases)[number]) {
    if (status !== "active") return false;
    const reads = audience === "members" || kind !== "supplier";
    if (!reads) return false;
    if (role !== "member") return true;
    return own && !isLocked;
  }
  test.each(detailCases)("$kind $role $status on $audience, own $own, locked $isLocked", (c) => {
    const actor: Actor = { id: 7, role: c.role, status: c.status, organisationKind: c.kind, organisationId: 1 };
    const thread = { authorId: c.own ? 7 : 8, discussion: { audience: c.audience, isLocked: c.isLocked } };
    expect(policy.mayEditThreadDetails(actor, thread)).toBe(expectedDetails(c));
  });
  test("a guest edits nothing", () => {
    expect(policy.mayEditThreadDetails(null, { authorId: 1, discussion: { audience: "members", isLocked: false } })).toBe(false);
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

// ---- The named rules, each asked about the thing itself -------------------------------------

const who = (kind: OrganisationKind, role: SiteRole = "member", id = 1, status: AccountStatus = "active", organisationId = 1): Actor => ({ id, role, status, organisationKind: kind, organisationId });
const chief = who("force", "member", 1);
const colleague = who("force", "member", 2);
const moderator = who("national", "moderator", 3, "active", 9);
const supplier = who("supplier", "member", 4, "active", 5);
const supplierModerator = who("supplier", "moderator", 6, "active", 5);
const suspended = who("force", "member", 1, "suspended");

function post(overrides: Partial<policy.PostFacts> = {}, discussion: Partial<policy.DiscussionFacts> = {}): policy.PostFacts {
  return { authorId: 1, number: 2, deletedAt: null, hiddenAt: null, ...overrides, discussion: { audience: "members", isLocked: false, ownerKind: "thread", postCount: 3, ...discussion } };
}
const at = new Date(0);

describe("content and discussions", () => {
  test("mayEdit: the author while neither hidden nor locked; moderators of the audience always; removed posts never", () => {
    expect(policy.mayEdit(chief, post())).toBe(true);
    expect(policy.mayEdit(colleague, post())).toBe(false);
    expect(policy.mayEdit(chief, post({ hiddenAt: at }))).toBe(false);
    expect(policy.mayEdit(chief, post({}, { isLocked: true }))).toBe(false);
    expect(policy.mayEdit(moderator, post({ hiddenAt: at }, { isLocked: true }))).toBe(true);
    expect(policy.mayEdit(moderator, post({ deletedAt: at }))).toBe(false);
    expect(policy.mayEdit(supplierModerator, post({}, { audience: "policing" }))).toBe(false);
    expect(policy.mayEdit(suspended, post())).toBe(false);
    expect(policy.mayEdit(null, post())).toBe(false);
  });

  test("mayDelete: the author only; a thread's first post stays while it has replies", () => {
    expect(policy.mayDelete(chief, post())).toBe(true);
    expect(policy.mayDelete(moderator, post())).toBe(false);
    expect(policy.mayDelete(chief, post({ number: 1 }, { postCount: 3 }))).toBe(false);
    expect(policy.mayDelete(chief, post({ number: 1 }, { postCount: 1 }))).toBe(true);
    expect(policy.mayDelete(chief, post({ number: 1 }, { ownerKind: "lesson", postCount: 3 }))).toBe(true);
    expect(policy.mayDelete(chief, post({ deletedAt: at }))).toBe(false);
  });

  test("mayAccept: the asker or a moderator, on a question, never the question itself nor a removed or hidden reply", () => {
    const question = { kind: "question" as const, authorId: 1, audience: "members" as Audience };
    expect(policy.mayAccept(chief, question, { number: 2, deletedAt: null, hiddenAt: null })).toBe(true);
    expect(policy.mayAccept(moderator, question, { number: 2, deletedAt: null, hiddenAt: null })).toBe(true);
    expect(policy.mayAccept(colleague, question, { number: 2, deletedAt: null, hiddenAt: null })).toBe(false);
    expect(policy.mayAccept(chief, question, { number: 1, deletedAt: null, hiddenAt: null })).toBe(false);
    expect(policy.mayAccept(chief, question, { number: 2, deletedAt: at, hiddenAt: null })).toBe(false);
    expect(policy.mayAccept(chief, question, { number: 2, deletedAt: null, hiddenAt: at })).toBe(false);
    expect(policy.mayAccept(chief, { ...question, kind: "discussion" })).toBe(false);
    expect(policy.mayAccept(null, question)).toBe(false);
  });

  test("mayReply: a locked discussion takes replies from its moderators only", () => {
    const locked = { audience: "members" as Audience, isLocked: true };
    expect(policy.mayReply(chief, { ...locked, isLocked: false })).toBe(true);
    expect(policy.mayReply(chief, locked)).toBe(false);
    expect(policy.mayReply(moderator, locked)).toBe(true);
    expect(policy.mayReply(supplier, { audience: "policing", isLocked: false })).toBe(false);
  });

  test("mayReadPostText: hidden text reaches moderators of the audience only; removed text nobody", () => {
    expect(policy.mayReadPostText(chief, post({ hiddenAt: at }))).toBe(false);
    expect(policy.mayReadPostText(moderator, post({ hiddenAt: at }))).toBe(true);
    expect(policy.mayReadPostText(moderator, post({ deletedAt: at }))).toBe(false);
    expect(policy.mayReadPostText(supplier, post())).toBe(true);
    expect(policy.mayReadPostText(supplier, post({}, { audience: "policing" }))).toBe(false);
  });

  test("helpful, quote and report: never one's own, never a hidden post", () => {
    expect(policy.mayMarkHelpful(colleague, post())).toBe(true);
    expect(policy.mayMarkHelpful(chief, post())).toBe(false);
    expect(policy.mayMarkHelpful(colleague, post({ hiddenAt: at }))).toBe(false);
    expect(policy.mayQuote(colleague, post({ hiddenAt: at }))).toBe(false);
    expect(policy.mayQuote(colleague, post({}, { isLocked: true }))).toBe(false);
    expect(policy.mayQuote(chief, post())).toBe(true);
    expect(policy.mayFlag(chief, post())).toBe(false);
    expect(policy.mayFlag(colleague, post())).toBe(true);
  });

  test("archived spaces are not listed and take no new threads", () => {
    expect(policy.mayListSpace(chief, { audience: "members", isArchived: true })).toBe(false);
    expect(policy.mayListSpace(chief, { audience: "members", isArchived: false })).toBe(true);
    expect(policy.mayStartThread(chief, { audience: "members", isArchived: true })).toBe(false);
    expect(policy.mayStartThread(supplier, { audience: "policing", isArchived: false })).toBe(false);
  });

  test("mayWiden: never while live; policing-side moderators, the author, or a colleague of a template's uploader", () => {
    const lesson = { audience: "policing" as Audience, authorId: 1 };
    expect(policy.mayWiden(chief, lesson, false)).toBe(true);
    expect(policy.mayWiden(chief, lesson, true)).toBe(false);
    expect(policy.mayWiden(colleague, lesson, false)).toBe(false);
    expect(policy.mayWiden(colleague, { ...lesson, organisationId: 1 }, false)).toBe(true);
    expect(policy.mayWiden(moderator, lesson, false)).toBe(true);
    expect(policy.mayWiden(supplierModerator, lesson, false)).toBe(false);
  });

  test("lessons: authors and moderators edit; readers other than the author mark useful", () => {
    const lesson = { audience: "members" as Audience, authorId: 1 };
    expect(policy.mayEditLesson(chief, lesson)).toBe(true);
    expect(policy.mayEditLesson(colleague, lesson)).toBe(false);
    expect(policy.mayEditLesson(moderator, lesson)).toBe(true);
    expect(policy.mayMarkLessonUseful(chief, lesson)).toBe(false);
    expect(policy.mayMarkLessonUseful(supplier, lesson)).toBe(true);
    expect(policy.mayMarkLessonUseful(supplier, { ...lesson, audience: "policing" })).toBe(false);
    expect(policy.mayWriteLesson(supplier)).toBe(true);
    expect(policy.mayWriteLesson(suspended)).toBe(false);
    expect(policy.mayWriteLesson(null)).toBe(false);
  });

  test("moderating posts and threads: moderators of the audience only, never a supplier moderator on policing-only content", () => {
    expect(policy.mayModeratePost(moderator, post({}, { audience: "policing" }))).toBe(true);
    expect(policy.mayModeratePost(chief, post())).toBe(false);
    expect(policy.mayModeratePost(supplierModerator, post())).toBe(true);
    expect(policy.mayModeratePost(supplierModerator, post({}, { audience: "policing" }))).toBe(false);
    expect(policy.mayModerateThread(moderator, { audience: "policing" })).toBe(true);
    expect(policy.mayModerateThread(colleague, { audience: "members" })).toBe(false);
    expect(policy.mayModerateThread(supplierModerator, { audience: "policing" })).toBe(false);
    expect(policy.mayModerateThread(who("national", "moderator", 3, "suspended"), { audience: "members" })).toBe(false);
  });
});

describe("the library", () => {
  const template = { audience: "members" as Audience, authorId: 1, organisationId: 1, withdrawnAt: null as Date | null };
  test("a withdrawn template is seen by its moderators only; they withdraw and restore", () => {
    expect(policy.mayReadTemplate(supplier, template)).toBe(true);
    expect(policy.mayReadTemplate(chief, { ...template, withdrawnAt: at })).toBe(false);
    expect(policy.mayReadTemplate(moderator, { ...template, withdrawnAt: at })).toBe(true);
    expect(policy.mayReadTemplate(supplierModerator, { ...template, audience: "policing", withdrawnAt: at })).toBe(false);
    expect(policy.mayWithdrawTemplate(moderator, template)).toBe(true);
    expect(policy.mayWithdrawTemplate(chief, template)).toBe(false);
  });
  test("the uploader's organisation and moderators edit; others mark useful unless withdrawn", () => {
    expect(policy.mayEditTemplate(colleague, template)).toBe(true);
    expect(policy.mayEditTemplate(supplier, template)).toBe(false);
    expect(policy.mayMarkTemplateUseful(supplier, template)).toBe(true);
    expect(policy.mayMarkTemplateUseful(chief, template)).toBe(false);
    expect(policy.mayMarkTemplateUseful(moderator, { ...template, withdrawnAt: at })).toBe(false);
  });
});

describe("the registry", () => {
  const entry = { organisationIds: [1, 5] };
  test("every active member reads; the policing side of its organisations and administrators edit; others suggest corrections", () => {
    expect(policy.mayReadRegistry(supplier)).toBe(true);
    expect(policy.mayReadRegistry(suspended)).toBe(false);
    expect(policy.mayReadRegistry(null)).toBe(false);
    expect(policy.mayEditPartnership(chief, entry)).toBe(true);
    expect(policy.mayEditPartnership(supplier, entry)).toBe(false);
    expect(policy.maySuggestCorrection(supplier, entry)).toBe(true);
    expect(policy.maySuggestCorrection(chief, entry)).toBe(false);
    expect(policy.mayCreatePartnership(chief)).toBe(true);
    expect(policy.mayCreatePartnership(supplier)).toBe(false);
    expect(policy.mayReadEngagementRecord(chief)).toBe(true);
    expect(policy.mayReadEngagementRecord(supplier)).toBe(false);
  });
  test("contract performance is recorded by whoever may edit the entry, never by a supplier or another force", () => {
    expect(policy.mayRecordPerformance(chief, entry)).toBe(true);
    expect(policy.mayRecordPerformance(chief, { organisationIds: [5, 6] })).toBe(false);
    expect(policy.mayRecordPerformance(supplier, { organisationIds: [supplier.organisationId] })).toBe(false);
    expect(policy.mayRecordPerformance(suspended, entry)).toBe(false);
  });
});

describe("accounts and administration", () => {
  const admin = who("national", "administrator", 8);
  test("administrators administer, approve and change others' roles, never their own", () => {
    expect(policy.mayAdminister(admin)).toBe(true);
    expect(policy.mayAdminister(moderator)).toBe(false);
    expect(policy.mayApproveAccounts(admin)).toBe(true);
    expect(policy.mayChangeRole(admin, { id: 1 })).toBe(true);
    expect(policy.mayChangeRole(admin, { id: 8 })).toBe(false);
    expect(policy.mayViewProfiles(supplier)).toBe(true);
    expect(policy.mayViewProfiles(null)).toBe(false);
    expect(policy.mayOpenModeration(moderator)).toBe(true);
    expect(policy.mayOpenModeration(chief)).toBe(false);
    expect(policy.maySuspend(admin, { id: 1 })).toBe(true);
    expect(policy.maySuspend(admin, { id: 8 })).toBe(false);
    expect(policy.maySuspend(moderator, { id: 1 })).toBe(false);
  });
  test("administrators manage spaces, and widen one only while none of its threads is in a live procurement", () => {
    expect(policy.mayManageSpaces(admin)).toBe(true);
    expect(policy.mayManageSpaces(moderator)).toBe(false);
    expect(policy.mayManageSpaces(who("national", "administrator", 8, "suspended"))).toBe(false);
    expect(policy.mayWidenSpace(admin, false)).toBe(true);
    expect(policy.mayWidenSpace(admin, true)).toBe(false);
    expect(policy.mayWidenSpace(moderator, false)).toBe(false);
  });
  test("moderators and administrators must set up two-factor and may not turn it off", () => {
    expect(policy.mustSetUpTwoFactor({ role: "moderator", totpEnabled: false })).toBe(true);
    expect(policy.mustSetUpTwoFactor({ role: "member", totpEnabled: false })).toBe(false);
    expect(policy.mayTurnOffTwoFactor({ role: "member" })).toBe(true);
    expect(policy.mayTurnOffTwoFactor({ role: "moderator" })).toBe(false);
    expect(policy.mayTurnOffTwoFactor({ role: "administrator" })).toBe(false);
  });
});

describe("live procurement", () => {
  test("suppliers declare before posting and may not link content to a live procurement", () => {
    expect(policy.mustDeclareInterest(supplier, true)).toBe(true);
    expect(policy.mustDeclareInterest(chief, true)).toBe(false);
    expect(policy.mayContributeDeclared(supplier, { audience: "members" }, true, false)).toBe(false);
    expect(policy.mayContributeDeclared(supplier, { audience: "members" }, true, true)).toBe(true);
    expect(policy.mayLinkToPartnerships(supplier, true)).toBe(false);
    expect(policy.mayLinkToPartnerships(supplier, false)).toBe(true);
    expect(policy.mayLinkToPartnerships(chief, true)).toBe(true);
  });

  test("suppliers may not take content out of a live procurement by unlinking it; the policing side may", () => {
    expect(policy.mayUnlinkPartnerships(supplier, true)).toBe(false);
    expect(policy.mayUnlinkPartnerships(supplier, false)).toBe(true);
    expect(policy.mayUnlinkPartnerships(chief, true)).toBe(true);
    expect(policy.mayUnlinkPartnerships(moderator, true)).toBe(true);
    expect(policy.mayUnlinkPartnerships(null, false)).toBe(false);
  });
});

// ---- SQL twins for hidden, withdrawn and archived, proved equal to their rules ---------------

describe("the hidden, withdrawn, archived and moderate twins agree with their rules", () => {
  const actors: (Actor | null)[] = [null, ...ORGANISATION_KINDS.flatMap((kind) => SITE_ROLES.flatMap((role) => ACCOUNT_STATUSES.map((status) => who(kind, role, 1, status))))];
  const database = freshDatabase();
  database.$client.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, audience TEXT NOT NULL, hidden_at INTEGER, deleted_at INTEGER, withdrawn_at INTEGER, is_archived INTEGER NOT NULL);
  `);
  let n = 0;
  for (const audience of AUDIENCES) for (const hidden of [null, 1]) for (const deleted of [null, 1]) for (const withdrawn of [null, 1]) for (const archived of [0, 1])
    database.$client.prepare("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)").run(++n, audience, hidden, deleted, withdrawn, archived);
  const items = database.all<{ id: number; audience: Audience; hidden_at: number | null; deleted_at: number | null; withdrawn_at: number | null; is_archived: number }>(sql`SELECT * FROM items`);
  const d = (v: number | null) => (v === null ? null : new Date(v * 1000));
  const twins: [string, (a: Actor | null) => ReturnType<typeof sql>, (a: Actor | null, i: (typeof items)[number]) => boolean][] = [
    ["hidden", (a) => policy.postTextReadableWhere(a, sql.raw("audience"), sql.raw("deleted_at"), sql.raw("hidden_at")), (a, i) => policy.mayReadPostText(a, { deletedAt: d(i.deleted_at), hiddenAt: d(i.hidden_at), discussion: { audience: i.audience, isLocked: false } })],
    ["withdrawn", (a) => policy.templateVisibleWhere(a, sql.raw("audience"), sql.raw("withdrawn_at")), (a, i) => policy.mayReadTemplate(a, { audience: i.audience, withdrawnAt: d(i.withdrawn_at) })],
    ["archived", (a) => policy.spaceListedWhere(a, sql.raw("audience"), sql.raw("is_archived")), (a, i) => policy.mayListSpace(a, { audience: i.audience, isArchived: i.is_archived === 1 })],
    ["moderate", (a) => policy.moderatableWhere(a, sql.raw("audience")), (a, i) => policy.mayModerate(a, i)],
    // The search index holds no removed post and folds hidden and withdrawn into one flag.
    ["search entry", (a) => sql`deleted_at IS NULL AND ${policy.searchEntryReadableWhere(a, sql.raw("audience"), sql.raw("(hidden_at IS NOT NULL OR withdrawn_at IS NOT NULL)"))}`, (a, i) => policy.mayReadPostText(a, { deletedAt: d(i.deleted_at), hiddenAt: d(i.hidden_at), discussion: { audience: i.audience, isLocked: false } }) && policy.mayReadTemplate(a, { audience: i.audience, withdrawnAt: d(i.withdrawn_at) })],
  ];
  test.each(twins)("%s: for every kind, role, status and row, over a real SQLite table", (_name, where, rule) => {
    const outcomes = new Set<boolean>();
    for (const actor of actors) {
      const visible = new Set(database.all<{ id: number }>(sql`SELECT id FROM items WHERE ${where(actor)}`).map((r) => r.id));
      for (const item of items) {
        expect(visible.has(item.id), `${JSON.stringify(actor)} ${JSON.stringify(item)}`).toBe(rule(actor, item));
        outcomes.add(rule(actor, item));
      }
    }
    // A rule that always said yes (or always no) would agree with a twin of `1` (or `0`).
    expect([...outcomes].sort()).toEqual([false, true]);
  });
  test("the rules differ where they should: a moderator finds a hidden post and a withdrawn template a member does not", () => {
    const hidden = items.find((i) => i.audience === "members" && i.hidden_at && !i.deleted_at)!;
    const withdrawn = items.find((i) => i.audience === "members" && i.withdrawn_at)!;
    const found = (a: Actor, w: ReturnType<typeof sql>, id: number) => database.all<{ id: number }>(sql`SELECT id FROM items WHERE id = ${id} AND ${w}`).length === 1;
    expect(found(moderator, twins[0]![1](moderator), hidden.id)).toBe(true);
    expect(found(chief, twins[0]![1](chief), hidden.id)).toBe(false);
    expect(found(moderator, twins[1]![1](moderator), withdrawn.id)).toBe(true);
    expect(found(chief, twins[1]![1](chief), withdrawn.id)).toBe(false);
  });
});
