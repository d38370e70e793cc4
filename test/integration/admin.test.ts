import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GOOD_PASSWORD, joinAndVerify, openDb, organisationId, userRow } from "../helpers/accounts";
import { readOutbox, signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { DEMO_PASSWORD } from "../../db/seed/demo";

let server: TestServer;
let admin: Visitor;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server, "admin@example.org");
});
afterAll(() => server?.stop());

const ADMIN_PAGES = ["/admin", "/admin/approvals", "/admin/organisations", "/admin/organisations/1", "/admin/members", "/admin/members/1", "/admin/audit"];

/** React escapes quotes and apostrophes; compare against the text a person reads. */
function text(html: string) {
  return html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
}

function auditRows(action: string, targetId: number) {
  return openDb(server).prepare("SELECT * FROM audit_log WHERE action = ? AND target_id = ? ORDER BY id").all(action, targetId) as Record<string, unknown>[];
}

async function pendingAccount(email: string, organisationName: string) {
  await joinAndVerify(server, { email, name: `Pending ${organisationName}`, organisation: "new", newOrganisationName: organisationName, newOrganisationKind: "supplier" });
  const row = userRow(server, email)!;
  expect(row.status).toBe("pending");
  return row.id as number;
}

describe("who may reach the administration pages", () => {
  test("a guest is sent to sign in and back", async () => {
    const guest = new Visitor(server);
    for (const page of [...ADMIN_PAGES, "/admin/audit?before=5"]) {
      const res = await guest.get(page);
      expect(res.status, page).toBe(302);
      expect(res.headers.get("location"), page).toBe(`/login?redirectTo=${encodeURIComponent(page)}`);
    }
  });

  test("a member who is not an administrator gets 404 on every page and every form", async () => {
    const chief = await signIn(server, "chief@cleveland-police.example");
    for (const page of ADMIN_PAGES) expect((await chief.get(page)).status, page).toBe(404);
    const chiefId = userRow(server, "chief@cleveland-police.example")!.id;
    const supplierId = userRow(server, "supplier@steria.example")!.id as number;
    expect((await chief.post("/admin/approvals", { intent: "approve", userId: String(chiefId) })).status).toBe(404);
    expect((await chief.post(`/admin/members/${supplierId}`, { intent: "suspend", reason: "no" })).status).toBe(404);
    expect((await chief.post(`/admin/organisations/${organisationId(server, "cleveland")}`, { name: "X", kind: "force", confirmed: "yes", domains: "" })).status).toBe(404);
    expect(userRow(server, "supplier@steria.example")!.status).toBe("active");
  });

  test("a moderator is not an administrator either", async () => {
    const moderator = await signIn(server, "moderator@example.org");
    // The index shows a moderator what they may do (issue 14); every other page stays closed.
    for (const page of ADMIN_PAGES.filter((p) => p !== "/admin")) expect((await moderator.get(page)).status, page).toBe(404);
    const index = await moderator.get("/admin");
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain('href="/admin/flags"');
    for (const link of ["/admin/approvals", "/admin/members", "/admin/organisations", "/admin/audit"]) expect(html).not.toContain(`href="${link}"`);
  });

  test("an administrator sees the index with the number waiting", async () => {
    const res = await admin.get("/admin");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const link of ["/admin/approvals", "/admin/members", "/admin/organisations", "/admin/audit"]) expect(html).toContain(`href="${link}"`);
  });
});

describe("approvals", () => {
  test("with nobody waiting the page says so", async () => {
    const html = await (await admin.get("/admin/approvals")).text();
    expect(html).toContain("No accounts are waiting for approval.");
  });

  test("a pending account is listed with its new organisation, and approving it activates it and e-mails them", async () => {
    const id = await pendingAccount("buyer@newco-approve.example", "NewCo Approve Ltd");
    const html = text(await (await admin.get("/admin/approvals")).text());
    expect(html).toContain("Pending NewCo Approve Ltd");
    expect(html).toContain("buyer@newco-approve.example");
    expect(html).toContain("Head of procurement");
    expect(html).toContain("NewCo Approve Ltd");
    expect(html).toContain("New organisation, not yet confirmed");
    expect((await admin.get("/admin")).status).toBe(200);
    expect(await (await admin.get("/admin")).text()).toContain("1 account is waiting for approval");

    const res = await admin.post("/admin/approvals", { intent: "approve", userId: String(id) });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/approvals?done=approved");
    expect(userRow(server, "buyer@newco-approve.example")!.status).toBe("active");
    const org = openDb(server).prepare("SELECT is_confirmed FROM organisations WHERE name = ?").get("NewCo Approve Ltd") as { is_confirmed: number };
    expect(org.is_confirmed).toBe(1);
    expect((await readOutbox(server, "buyer@newco-approve.example")).map((m) => m.subject)).toContain("Your Partnering Exchange account is approved");
    expect(auditRows("account_approved", id)).toHaveLength(1);
    const after = await (await admin.get("/admin/approvals?done=approved")).text();
    expect(after).toContain("The account is approved");
    expect(after).not.toContain("buyer@newco-approve.example");
    // They can now sign in.
    expect((await new Visitor(server).post("/login", { email: "buyer@newco-approve.example", password: GOOD_PASSWORD, redirectTo: "/" })).status).toBe(302);
  });

  test("rejecting without a reason is refused with a message and changes nothing", async () => {
    const id = await pendingAccount("buyer@newco-noreason.example", "NewCo No Reason Ltd");
    const mailsBefore = (await readOutbox(server, "buyer@newco-noreason.example")).length;
    const res = await admin.post("/admin/approvals", { intent: "reject", userId: String(id), reason: "   " });
    expect(res.status).toBe(400);
    const html = text(await res.text());
    expect(html).toContain("There is a problem");
    expect(html).toContain("Enter a reason for rejecting this request");
    expect(html).toContain(`href="#reason-${id}"`);
    expect(html).toContain("<title>Error: Approvals");
    expect(userRow(server, "buyer@newco-noreason.example")!.status).toBe("pending");
    expect(await readOutbox(server, "buyer@newco-noreason.example")).toHaveLength(mailsBefore);
    expect(auditRows("account_rejected", id)).toHaveLength(0);

    const tooLong = await admin.post("/admin/approvals", { intent: "reject", userId: String(id), reason: "x".repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("500 characters or fewer");
    expect(userRow(server, "buyer@newco-noreason.example")!.status).toBe("pending");
  });

  test("rejecting with a reason e-mails it to them and they cannot sign in", async () => {
    const id = await pendingAccount("buyer@newco-reject.example", "NewCo Reject Ltd");
    const res = await admin.post("/admin/approvals", { intent: "reject", userId: String(id), reason: "We could not confirm you work for NewCo." });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/admin/approvals?done=rejected");
    expect(userRow(server, "buyer@newco-reject.example")!.status).toBe("rejected");
    const mail = (await readOutbox(server, "buyer@newco-reject.example")).at(-1)!;
    expect(mail.subject).toBe("Your request to join Partnering Exchange");
    expect(mail.text).toContain("We could not confirm you work for NewCo.");
    expect(auditRows("account_rejected", id)[0]).toMatchObject({ detail: "We could not confirm you work for NewCo." });
    const signInRes = await new Visitor(server).post("/login", { email: "buyer@newco-reject.example", password: GOOD_PASSWORD, redirectTo: "/" });
    expect(signInRes.status).toBe(403);
    // Deciding twice is refused.
    const again = await admin.post("/admin/approvals", { intent: "approve", userId: String(id) });
    expect(again.status).toBe(409);
    expect(userRow(server, "buyer@newco-reject.example")!.status).toBe("rejected");
  });
});

describe("organisations", () => {
  test("the list is paged and filtered by kind, with unconfirmed organisations first and tagged", async () => {
    await pendingAccount("someone@unconfirmed-org.example", "Unconfirmed Org Ltd");
    const suppliers = text(await (await admin.get("/admin/organisations?kind=supplier")).text());
    expect(suppliers).toContain("Unconfirmed Org Ltd");
    expect(suppliers).toContain("Not confirmed");
    expect(suppliers).not.toContain("Cleveland Police");
    expect(suppliers.indexOf("Unconfirmed Org Ltd")).toBeLessThan(suppliers.indexOf(">Steria<"));
    expect(/>Steria<\/a>.*?<td[^>]*>steria\.example<\/td><td[^>]*numeric">(\d+)</.exec(suppliers)?.[1]).toBe("1");

    const all = text(await (await admin.get("/admin/organisations")).text());
    expect(all).toContain('aria-label="Pagination"');
    expect(all).toContain('href="/admin/organisations?page=2"');
    const page2 = await admin.get("/admin/organisations?page=2");
    expect(page2.status).toBe(200);
    expect(await page2.text()).toContain('aria-current="page"');
  });

  test("a bad domain is refused naming the line, and nothing is saved", async () => {
    const id = organisationId(server, "durham");
    const res = await admin.post(`/admin/organisations/${id}`, { name: "Durham Renamed", kind: "force", confirmed: "yes", domains: "durham.police.uk\nnot a domain\n" });
    expect(res.status).toBe(400);
    const html = text(await res.text());
    expect(html).toContain('Line 2, "not a domain", is not a domain name');
    expect(html).toContain('value="Durham Renamed"');
    const org = openDb(server).prepare("SELECT name FROM organisations WHERE id = ?").get(id) as { name: string };
    expect(org.name).toBe("Durham Constabulary");
    expect(openDb(server).prepare("SELECT count(*) AS n FROM organisation_domains WHERE organisation_id = ?").get(id)).toEqual({ n: 0 });
    expect(auditRows("organisation_updated", id)).toHaveLength(0);
  });

  test("a domain already verified for another organisation is refused, naming it", async () => {
    const id = organisationId(server, "durham");
    const res = await admin.post(`/admin/organisations/${id}`, { name: "Durham Constabulary", kind: "force", confirmed: "yes", domains: "durham.police.uk\ncleveland-police.example" });
    expect(res.status).toBe(400);
    expect(text(await res.text())).toContain("cleveland-police.example is already a verified domain of Cleveland Police");
    expect(openDb(server).prepare("SELECT count(*) AS n FROM organisation_domains WHERE organisation_id = ?").get(id)).toEqual({ n: 0 });
  });

  test("saving replaces the domains and records what changed in the audit log", async () => {
    const id = organisationId(server, "durham");
    const first = await admin.post(`/admin/organisations/${id}`, { name: "Durham Constabulary", kind: "force", confirmed: "yes", domains: "Durham.Police.UK\nold.durham.example\n\n" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/admin/organisations/${id}?done=saved`);
    const second = await admin.post(`/admin/organisations/${id}`, { name: "Durham Police", kind: "force", confirmed: "yes", domains: "durham.police.uk\nnew.durham.example" });
    expect(second.status).toBe(302);
    const domains = openDb(server).prepare("SELECT domain FROM organisation_domains WHERE organisation_id = ? ORDER BY domain").all(id);
    expect(domains).toEqual([{ domain: "durham.police.uk" }, { domain: "new.durham.example" }]);
    const entries = auditRows("organisation_updated", id);
    expect(entries).toHaveLength(2);
    expect(entries[1]!.detail).toBe('name: "Durham Constabulary" → "Durham Police"; domains added: new.durham.example; domains removed: old.durham.example');
    const log = text(await (await admin.get("/admin/audit")).text());
    expect(log).toContain("Organisation updated");
    expect(log).toContain(`href="/admin/organisations/${id}">Durham Police</a>`);
    // The same values again change nothing and record nothing.
    const same = await admin.post(`/admin/organisations/${id}`, { name: "Durham Police", kind: "force", confirmed: "yes", domains: "new.durham.example\ndurham.police.uk" });
    expect(same.headers.get("location")).toBe(`/admin/organisations/${id}?done=unchanged`);
    expect(auditRows("organisation_updated", id)).toHaveLength(2);
    // A joiner at the new domain is now approved at once.
    await joinAndVerify(server, { email: "analyst@durham.police.uk", organisation: String(id) });
    expect(userRow(server, "analyst@durham.police.uk")!.status).toBe("active");
  });

  test("an unknown organisation id is 404", async () => {
    expect((await admin.get("/admin/organisations/999999")).status).toBe(404);
    expect((await admin.get("/admin/organisations/abc")).status).toBe(404);
  });
});

describe("members", () => {
  test("the list searches by name or e-mail and filters by status", async () => {
    const found = text(await (await admin.get("/admin/members?q=steria")).text());
    expect(found).toContain("Sam Supplier (demo)");
    expect(found).not.toContain("Casey Chief (demo)");
    const byName = text(await (await admin.get("/admin/members?q=casey")).text());
    expect(byName).toContain("Casey Chief (demo)");
    const pending = text(await (await admin.get("/admin/members?status=pending")).text());
    expect(pending).toContain("someone@unconfirmed-org.example");
    expect(pending).not.toContain("admin@example.org");
    expect(text(await (await admin.get("/admin/members?q=%25")).text())).toContain("No accounts match your search.");
  });

  test("a role change is made and appears in the audit log", async () => {
    const id = userRow(server, "pcc@cleveland-pcc.example")!.id as number;
    const res = await admin.post(`/admin/members/${id}`, { intent: "role", role: "moderator" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/admin/members/${id}?done=role`);
    expect(userRow(server, "pcc@cleveland-pcc.example")!.role).toBe("moderator");
    const log = text(await (await admin.get("/admin/audit")).text());
    expect(log).toContain("Role changed");
    expect(log).toContain("member → moderator");
    expect(log).toContain("Pat Commissioner (demo)");
    // Choosing the role they already have is an error, not a no-op entry in the log.
    const same = await admin.post(`/admin/members/${id}`, { intent: "role", role: "moderator" });
    expect(same.status).toBe(400);
    expect(auditRows("role_changed", id)).toHaveLength(1);
  });

  test("suspending needs a reason, signs them out, stops sign-in, and is logged; reinstating undoes it", async () => {
    const lead = await signIn(server, "lead@homeoffice.example");
    expect((await lead.get("/members/demo-chief")).status).toBe(200);
    const id = userRow(server, "lead@homeoffice.example")!.id as number;

    const noReason = await admin.post(`/admin/members/${id}`, { intent: "suspend", reason: "" });
    expect(noReason.status).toBe(400);
    expect(text(await noReason.text())).toContain("Enter a reason for suspending this account");
    expect(userRow(server, "lead@homeoffice.example")!.status).toBe("active");

    const res = await admin.post(`/admin/members/${id}`, { intent: "suspend", reason: "Left the Home Office" });
    expect(res.status).toBe(302);
    expect(userRow(server, "lead@homeoffice.example")!.status).toBe("suspended");
    // The sessions they had are over, not merely refused.
    expect(openDb(server).prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(id)).toEqual({ n: 0 });
    expect((await lead.get("/members/demo-chief")).status).toBe(302);
    const signInRes = await new Visitor(server).post("/login", { email: "lead@homeoffice.example", password: DEMO_PASSWORD, redirectTo: "/" });
    expect(signInRes.status).toBe(403);
    const message = text(await signInRes.text());
    expect(message).toContain("suspended");
    expect(message).toContain("Left the Home Office");
    const log = text(await (await admin.get("/admin/audit")).text());
    expect(log).toContain("Account suspended");
    expect(log).toContain("Left the Home Office");
    // A suspended member has no profile.
    expect((await admin.get("/members/demo-home-office")).status).toBe(404);

    const back = await admin.post(`/admin/members/${id}`, { intent: "reinstate" });
    expect(back.status).toBe(302);
    expect(userRow(server, "lead@homeoffice.example")!.status).toBe("active");
    expect((await new Visitor(server).post("/login", { email: "lead@homeoffice.example", password: DEMO_PASSWORD, redirectTo: "/" })).status).toBe(302);
    expect(auditRows("account_reinstated", id)).toHaveLength(1);
  });

  test("an administrator cannot suspend themselves or change their own role", async () => {
    const id = userRow(server, "admin@example.org")!.id as number;
    const page = text(await (await admin.get(`/admin/members/${id}`)).text());
    expect(page).toContain("This is your own account");
    const res = await admin.post(`/admin/members/${id}`, { intent: "suspend", reason: "Testing" });
    expect(res.status).toBe(403);
    expect(text(await res.text())).toContain("You cannot suspend your own account");
    const role = await admin.post(`/admin/members/${id}`, { intent: "role", role: "member" });
    expect(role.status).toBe(403);
    expect(text(await role.text())).toContain("You cannot change your own site role");
    expect(userRow(server, "admin@example.org")).toMatchObject({ status: "active", role: "administrator" });
    expect((await admin.get("/admin")).status).toBe(200);
  });

  test("an unknown member id is 404", async () => {
    expect((await admin.get("/admin/members/999999")).status).toBe(404);
    expect((await admin.post("/admin/members/999999", { intent: "reinstate" })).status).toBe(404);
  });
});

describe("the audit log", () => {
  test("is newest first with UTC times, and pages with an Older entries link", async () => {
    const db = openDb(server);
    const insert = db.prepare("INSERT INTO audit_log (at, action, ip, detail) VALUES (?, 'test_entry', '192.0.2.1', ?)");
    for (let i = 0; i < 60; i++) insert.run(Date.UTC(2026, 10, 23, 14, 5) / 1000, `entry ${i}`);
    const html = text(await (await admin.get("/admin/audit")).text());
    expect(html).toContain("2026-11-23 14:05");
    expect(html).toContain("Test entry");
    expect(html.indexOf("entry 59")).toBeLessThan(html.indexOf("entry 58"));
    expect(html).not.toContain("entry 9<");
    const older = /href="\/admin\/audit\?before=(\d+)"/.exec(html);
    expect(older).not.toBeNull();
    const next = text(await (await admin.get(`/admin/audit?before=${older![1]}`)).text());
    expect(next).toContain("Newest entries");
    expect(next).toContain("entry 9<");
    expect(next).not.toContain("entry 10<");
  });
});

describe("profiles", () => {
  test("a supplier sees a policing member's name, job title and organisation", async () => {
    const supplier = await signIn(server, "supplier@steria.example");
    const res = await supplier.get("/members/demo-chief");
    expect(res.status).toBe(200);
    const html = text(await res.text());
    expect(html).toContain("Casey Chief (demo)");
    expect(html).toContain("Deputy Chief Constable");
    expect(html).toContain('href="/organisations/cleveland"');
    expect(html).toContain("Cleveland Police");
  });

  test("an organisation page lists its active members", async () => {
    const supplier = await signIn(server, "supplier@steria.example");
    const res = await supplier.get("/organisations/cleveland");
    expect(res.status).toBe(200);
    const html = text(await res.text());
    expect(html).toContain("Cleveland Police");
    expect(html).toContain('href="/members/demo-chief"');
  });

  test("unknown, pending and unconfirmed ones are 404, and guests must sign in", async () => {
    const supplier = await signIn(server, "supplier@steria.example");
    expect((await supplier.get("/members/no-such-person")).status).toBe(404);
    expect((await supplier.get("/members/NOT_A_HANDLE")).status).toBe(404);
    const pendingHandle = userRow(server, "someone@unconfirmed-org.example")!.handle as string;
    expect((await supplier.get(`/members/${pendingHandle}`)).status).toBe(404);
    expect((await supplier.get("/organisations/no-such-organisation")).status).toBe(404);
    expect((await supplier.get("/organisations/unconfirmed-org-ltd")).status).toBe(404);
    const guest = await new Visitor(server).get("/members/demo-chief");
    expect(guest.status).toBe(302);
    expect(guest.headers.get("location")).toBe("/login?redirectTo=%2Fmembers%2Fdemo-chief");
  });
});

describe("npm run admin:create", () => {
  const ROOT = path.resolve(import.meta.dirname, "../..");

  function run(env: Record<string, string>, args: string[] = []) {
    const { BASE_URL: _vite, ADMIN_PASSWORD: _p, DATABASE_PATH: _d, ...inherited } = process.env;
    return new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/admin-create.ts", ...args], {
        cwd: ROOT,
        env: { ...inherited, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("exit", (code) => resolve({ code, output }));
    });
  }

  test("creates an administrator who must set up two-factor authentication at first sign-in", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "exchange-admin-"));
    const env = { DATA_DIR: dataDir, DEMO_DATA: "0", ADMIN_EMAIL: "Ops@Example.net", ADMIN_NAME: "Olu Operator" };

    const short = await run({ ...env, ADMIN_PASSWORD: "too-short" });
    expect(short.code).toBe(1);
    expect(short.output.trim()).toBe("The password must be 12 characters or more.");

    const asArgument = await run(env, [GOOD_PASSWORD]);
    expect(asArgument.code).toBe(1);
    expect(asArgument.output).toContain("takes no arguments");

    const noPassword = await run(env);
    expect(noPassword.code).toBe(1);
    expect(noPassword.output).toContain("No password was given");

    const made = await run({ ...env, ADMIN_PASSWORD: GOOD_PASSWORD });
    expect(made.code, made.output).toBe(0);
    expect(made.output).toContain("Created administrator ops@example.net in Partnering Exchange team");
    expect(made.output).toContain("two-factor authentication");

    const again = await run({ ...env, ADMIN_PASSWORD: GOOD_PASSWORD });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain("Promoted ops@example.net");

    const own = await startTestServer({ DATABASE_PATH: path.join(dataDir, "exchange.db"), DEMO_DATA: "0" });
    try {
      const ops = await signIn(own, "ops@example.net", { password: GOOD_PASSWORD });
      const res = await ops.get("/admin");
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/settings/two-factor?required=1");
    } finally {
      await own.stop();
    }
  }, 60_000);
});
