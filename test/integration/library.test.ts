import { createHash } from "node:crypto";
import { readdirSync, readFileSync, type Dirent } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GOOD_PASSWORD, joinAndVerify, openDb, organisationId } from "../helpers/accounts";
import { expectTitlesInStep } from "../helpers/search-index";
import { signIn, Visitor } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/files");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const LIMIT = 4096;

let server: TestServer;
let chief: Visitor;
let pcc: Visitor;
let supplier: Visitor;
let moderator: Visitor;
let guest: Visitor;
beforeAll(async () => {
  server = await startTestServer({ UPLOAD_MAX_BYTES: String(LIMIT) });
  [chief, pcc, supplier, moderator] = await Promise.all([
    signIn(server, "chief@cleveland-police.example"),
    signIn(server, "pcc@cleveland-pcc.example"),
    signIn(server, "supplier@steria.example"),
    signIn(server, "moderator@example.org"),
  ]);
  guest = new Visitor(server);
});
afterAll(() => server?.stop());

const one = <T>(sql: string, ...args: unknown[]) => openDb(server).prepare(sql).get(...args) as T;
const termId = (vocabulary: string, slug: string) => one<{ id: number }>("SELECT id FROM terms WHERE vocabulary = ? AND slug = ?", vocabulary, slug).id;
const partnershipId = (slug: string) => one<{ id: number }>("SELECT id FROM partnerships WHERE slug = ?", slug).id;
const count = (sql: string, ...args: unknown[]) => one<{ n: number }>(sql, ...args).n;

/** Content-addressed files under $DATA_DIR/files (the temporary folder listed separately). */
function storedFiles() {
  const root = path.join(server.dataDir, "files");
  const all = (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[]).filter((d) => d.isFile()).map((d) => path.relative(root, path.join(d.parentPath, d.name)));
  return { stored: all.filter((f) => !f.startsWith("tmp")).sort(), temp: all.filter((f) => f.startsWith("tmp")) };
}

type Fields = { title: string; summary: string; category: string; audience: string; licence: string; serviceAreas: string[]; partnerships: string[]; changelog: string };
type Upload = { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string } | null;

/** The upload form as a browser sends it, fields in page order; `null` is a file input left empty. */
function templateForm(fields: Partial<Fields>, file: Upload) {
  const f: Fields = {
    title: "Custody service specification",
    summary: "The specification we used to re-procure custody, with staffing and detainee care measures.",
    category: String(termId("template_category", "specification")),
    audience: "members",
    licence: "ogl",
    serviceAreas: [String(termId("service_area", "custody"))],
    partnerships: [],
    changelog: "First version",
    ...fields,
  };
  const form = new FormData();
  form.append("title", f.title);
  form.append("summary", f.summary);
  form.append("category", f.category);
  for (const a of f.serviceAreas) form.append("serviceAreas", a);
  form.append("audience", f.audience);
  form.append("licence", f.licence);
  for (const p of f.partnerships) form.append("partnerships", p);
  if (file) form.append("file", new Blob([file.bytes], { type: file.type ?? "application/octet-stream" }), file.name);
  else form.append("file", new Blob([], { type: "application/octet-stream" }), "");
  form.append("changelog", f.changelog);
  return form;
}

async function upload(visitor: Visitor, fields: Partial<Fields>, file: Upload) {
  const res = await visitor.postMultipart("/library/new", templateForm(fields, file));
  if (res.status !== 302) throw new Error(`upload failed: ${res.status}\n${(await res.text()).slice(0, 3000)}`);
  const location = res.headers.get("location")!;
  return { id: Number(/^\/library\/(\d+)$/.exec(location)![1]), url: location };
}

async function addVersion(visitor: Visitor, id: number, file: Upload, changelog: string) {
  const form = new FormData();
  if (file) form.append("file", new Blob([file.bytes]), file.name);
  form.append("changelog", changelog);
  return visitor.postMultipart(`/library/${id}/versions/new`, form);
}

/** Whether the page has a checked radio or checkbox with this value (React orders attributes its own way). */
const isChecked = (page: string, value: string) => [...page.matchAll(/<input [^>]*>/g)].some(([tag]) => tag.includes(`value="${value}"`) && tag.includes('checked=""'));

const html = async (v: Visitor, url: string) => {
  const res = await v.get(url);
  return { status: res.status, text: await res.text() };
};

describe("publishing, finding, downloading and improving a template", () => {
  test("a procurement lead publishes a specification; it shows its preview, details and first version", async () => {
    const spec = fixture("specification.docx");
    const t = await upload(chief, { partnerships: [String(partnershipId("cleveland-steria"))] }, { name: "Custody spec.docx", bytes: spec });
    const page = await html(pcc, t.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Custody service specification</h1>");
    expect(page.text).toContain("<h3>Custody service specification</h3>"); // the Word heading, two levels down
    expect(page.text).toContain("<strong>Requirement 1. </strong>");
    expect(page.text).toContain("Open Government Licence v3.0");
    expect(page.text).toContain('href="/partnerships/cleveland-steria"');
    expect(page.text).toContain(`href="/library/${t.id}/versions/1/download"`);
    expect(page.text).toContain("Custody spec.docx");
    expect(one<{ n: number }>("SELECT count(*) AS n FROM discussions WHERE owner_kind = 'template' AND id = (SELECT discussion_id FROM templates WHERE id = ?)", t.id).n).toBe(1);
    expect(one<{ preview_html: string }>("SELECT preview_html FROM template_versions WHERE template_id = ?", t.id).preview_html).not.toMatch(/<h1|<script|style=/);
  });

  test("a colleague in another force finds it by category and downloads it with the right headers and bytes", async () => {
    const spec = fixture("specification.docx");
    const t = await upload(chief, { title: "Findable custody specification" }, { name: "Évaluation spec (final).docx", bytes: spec });
    const listing = await html(pcc, "/library?category=specification");
    expect(listing.text).toContain("Findable custody specification");
    expect((await html(pcc, "/library?category=exit-and-transition-plan")).text).not.toContain("Findable custody specification");
    const res = await pcc.get(`/library/${t.id}/versions/1/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="Evaluation spec _final_.docx"; filename*=UTF-8''%C3%89valuation%20spec%20%28final%29.docx`.replace("_final_", "(final)"));
    expect(res.headers.get("content-length")).toBe(String(spec.length));
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toContain("private");
    expect(res.headers.get("etag")).toBe(`"${sha256(spec)}"`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(spec);
  });

  test("a name with = or ; in it is accepted and sanitised, not refused as an unreadable form (issue 11)", async () => {
    const spec = fixture("specification.docx");
    const names: [sent: string, stored: string][] = [
      ["a=b.docx", "a=b.docx"],
      ["a;b=c; filename=evil.exe.docx", "a_b=c_ filename=evil.exe.docx"],
    ];
    for (const [sent, stored] of names) {
      const t = await upload(chief, { title: `Odd file name ${sent.length}` }, { name: sent, bytes: spec });
      expect(one<{ filename: string }>("SELECT filename FROM template_versions WHERE template_id = ?", t.id).filename).toBe(stored);
    }
  });

  test("a colleague in the same organisation adds a version; each version downloads its own bytes; the newest is the default", async () => {
    const v1 = fixture("specification.docx");
    const v2 = fixture("clause.md");
    const t = await upload(chief, { title: "Versioned custody specification" }, { name: "spec.docx", bytes: v1 });
    await joinAndVerify(server, { email: "colleague@cleveland-police.example", organisation: String(organisationId(server, "cleveland")) });
    const colleague = await signIn(server, "colleague@cleveland-police.example", { password: GOOD_PASSWORD });
    expect((await colleague.get(`/library/${t.id}/versions/new`)).status).toBe(200);
    const added = await addVersion(colleague, t.id, { name: "spec v2.md", bytes: v2 }, "Shorter, in Markdown");
    expect(added.status).toBe(302);
    // Told once, in the colleague's session only (issue 14): not on reload, not to the PCC.
    expect(added.headers.get("location")).toBe(t.url);
    expect((await html(colleague, t.url)).text).toContain("The new version is added.");
    expect((await html(colleague, t.url)).text).not.toContain("The new version is added.");
    const page = await html(pcc, t.url);
    expect(page.text).not.toContain("The new version is added.");
    expect(page.text).toContain("Preview of version 2");
    expect(page.text).toContain("Shorter, in Markdown");
    expect(page.text).toContain("<strong>benchmark review</strong>");
    // The default "Download" button is the newest version.
    expect(page.text).toMatch(new RegExp(`class="govuk-button[^"]*" href="/library/${t.id}/versions/2/download"`));
    for (const [n, bytes, type] of [[1, v1, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"], [2, v2, "text/markdown; charset=utf-8"]] as const) {
      const res = await pcc.get(`/library/${t.id}/versions/${n}/download`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(res.headers.get("etag")).toBe(`"${sha256(bytes)}"`);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    }
    expect(count("SELECT download_count AS n FROM templates WHERE id = ?", t.id)).toBe(2);
    expect(count("SELECT sum(download_count) AS n FROM template_versions WHERE template_id = ?", t.id)).toBe(2);
  });

  test("another organisation's member cannot add versions or edit details; a moderator can", async () => {
    const t = await upload(chief, { title: "Only ours to change" }, { name: "notes.txt", bytes: fixture("readme.txt") });
    expect((await pcc.get(`/library/${t.id}/versions/new`)).status).toBe(404);
    expect((await addVersion(pcc, t.id, { name: "x.txt", bytes: Buffer.from("hijack") }, "Hijack")).status).toBe(404);
    expect((await pcc.get(`/library/${t.id}/edit`)).status).toBe(404);
    expect(count("SELECT latest_version AS n FROM templates WHERE id = ?", t.id)).toBe(1);
    expect((await addVersion(moderator, t.id, { name: "fixed.txt", bytes: Buffer.from("Fixed by a moderator\n") }, "Typo fixed")).status).toBe(302);
    expect(count("SELECT latest_version AS n FROM templates WHERE id = ?", t.id)).toBe(2);
  });

  test("a conditional request with the entity tag gets 304 with no body and is not counted", async () => {
    const bytes = fixture("guidance.pdf");
    const t = await upload(chief, { title: "Conditional download guidance" }, { name: "guidance.pdf", bytes });
    const url = `/library/${t.id}/versions/1/download`;
    const first = await pcc.get(url);
    const etag = first.headers.get("etag")!;
    await first.arrayBuffer();
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const again = await pcc.get(url, { "if-none-match": header });
      expect(again.status, header).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
      expect(await again.text()).toBe("");
    }
    expect((await pcc.get(url, { "if-none-match": '"stale"' })).status).toBe(200);
    expect(count("SELECT download_count AS n FROM templates WHERE id = ?", t.id)).toBe(2);
  });

  test("identical content uploaded twice is stored once", async () => {
    const before = storedFiles().stored.length;
    const bytes = Buffer.from("criterion,weight\nUnique de-duplication check,100\n");
    await upload(chief, { title: "De-duplication one" }, { name: "a.csv", bytes });
    await upload(pcc, { title: "De-duplication two" }, { name: "b.csv", bytes });
    expect(storedFiles().stored.length).toBe(before + 1);
    expect(count("SELECT count(*) AS n FROM stored_files WHERE sha256 = ?", sha256(bytes))).toBe(1);
  });

  test("text and CSV previews are shown as written, escaped", async () => {
    const t = await upload(chief, { title: "Escaped CSV preview" }, { name: "weights.csv", bytes: Buffer.from('name,note\n"<b>bold</b>",x&y\n') });
    const page = await html(pcc, t.url);
    expect(page.text).toContain("<pre>name,note\n&quot;&lt;b&gt;bold&lt;/b&gt;&quot;,x&amp;y\n</pre>");
  });
});

describe("bad files are refused, nothing is half-stored, and the form keeps its values", () => {
  async function refused(file: Upload, fields: Partial<Fields> = {}) {
    const before = storedFiles();
    const templatesBefore = count("SELECT count(*) AS n FROM templates");
    const res = await chief.postMultipart("/library/new", templateForm({ title: "Refused upload keeps its title", ...fields }, file));
    const text = await res.text();
    expect(count("SELECT count(*) AS n FROM templates")).toBe(templatesBefore);
    expect(storedFiles().stored).toEqual(before.stored);
    expect(storedFiles().temp).toEqual([]);
    expect(text).toContain('value="Refused upload keeps its title"');
    expect(text).toContain("<title>Error: Add a template");
    return { status: res.status, text };
  }

  test("a file over the limit is refused while streaming and leaves no file behind", async () => {
    const big = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(LIMIT * 3, 0x20)]);
    const r = await refused({ name: "big.pdf", bytes: big });
    expect(r.status).toBe(413);
    expect(r.text).toContain("The selected file must be smaller than 4 KB");
  });

  test("an executable renamed .pdf", async () => {
    const r = await refused({ name: "invoice.pdf", bytes: fixture("program.pdf") });
    expect(r.status).toBe(400);
    expect(r.text).toContain("This file is a Windows program");
  });

  test("HTML renamed .docx", async () => {
    const r = await refused({ name: "page.docx", bytes: fixture("page.docx") });
    expect(r.text).toContain("This file is a web page");
  });

  test("a corrupt .docx (a ZIP without word/, or with unreadable XML)", async () => {
    expect((await refused({ name: "no-word.docx", bytes: fixture("no-word.docx") })).text).toContain("This Word file could not be read");
    expect((await refused({ name: "broken.docx", bytes: fixture("broken.docx") })).text).toContain("This Word file could not be read");
  });

  test("an empty file and a missing file, with every other value kept", async () => {
    const areas = [String(termId("service_area", "custody")), String(termId("service_area", "ict"))];
    const fields = { summary: "Summary kept after an error", category: String(termId("template_category", "due-diligence")), audience: "policing", serviceAreas: areas, changelog: "Kept changelog" };
    const empty = await refused({ name: "empty.txt", bytes: new Uint8Array() }, fields);
    expect(empty.text).toContain("The selected file is empty");
    const missing = await refused(null, fields);
    expect(missing.text).toContain("Select a file to upload");
    for (const page of [empty.text, missing.text]) {
      expect(page).toContain(">Summary kept after an error</textarea>");
      expect(page).toMatch(new RegExp(`<option value="${fields.category}" selected="">`));
      expect(isChecked(page, "policing")).toBe(true);
      expect(isChecked(page, "members")).toBe(false);
      for (const a of areas) expect(isChecked(page, a)).toBe(true);
      expect(page).toContain('value="Kept changelog"');
    }
  });

  test("a good file with a bad field is removed again, and the form asks for the file again", async () => {
    const before = storedFiles().stored;
    const bytes = Buffer.from("A text file that must not stay behind.\n");
    const res = await chief.postMultipart("/library/new", templateForm({ title: "abc" }, { name: "keep-me.txt", bytes }));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("Title must be 5 characters or more");
    expect(text).toContain("You chose “keep-me.txt”. Choose the file again");
    expect(storedFiles().stored).toEqual(before);
  });

  test("bad filenames are cleaned, not refused, and a mislabelled file gets its real extension", async () => {
    const long = await upload(chief, { title: "Very long filename" }, { name: `${"x".repeat(300)}.md`, bytes: fixture("clause.md") });
    const longName = one<{ filename: string }>("SELECT filename FROM template_versions WHERE template_id = ?", long.id).filename;
    expect(longName).toHaveLength(120);
    expect(longName.endsWith(".md")).toBe(true);
    const sneaky = await upload(chief, { title: "Path in the filename" }, { name: "..\\..\\windows\\system32\\criteria.csv", bytes: fixture("criteria.csv") });
    expect(one<{ filename: string }>("SELECT filename FROM template_versions WHERE template_id = ?", sneaky.id).filename).toBe("criteria.csv");
    const mislabelled = await upload(chief, { title: "Spreadsheet called a document" }, { name: "criteria.docx", bytes: fixture("evaluation.xlsx") });
    const row = one<{ filename: string; content_type: string }>("SELECT filename, content_type FROM template_versions WHERE template_id = ?", mislabelled.id);
    expect(row).toEqual({ filename: "criteria.xlsx", content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  });

  test("a supplier cannot make a template policing-only", async () => {
    const res = await supplier.postMultipart("/library/new", templateForm({ title: "Supplier policing-only attempt", audience: "policing" }, { name: "a.txt", bytes: Buffer.from("x\n") }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Suppliers can only add templates that every member can see");
  });
});

describe("who can see and download what", () => {
  let secret: { id: number; url: string };
  beforeAll(async () => {
    secret = await upload(chief, { title: "Policing-only exit plan", audience: "policing", category: String(termId("template_category", "exit-and-transition-plan")) }, { name: "exit.md", bytes: fixture("clause.md") });
    expect((await addVersion(chief, secret.id, { name: "exit.txt", bytes: fixture("readme.txt") }, "Plain text")).status).toBe(302);
  });

  test("a supplier gets the same 404 for the page, every version, guessed versions and the edit pages", async () => {
    for (const url of [secret.url, `${secret.url}/versions/1/download`, `${secret.url}/versions/2/download`, `${secret.url}/versions/3/download`, `${secret.url}/versions/999/download`, `${secret.url}/versions/0/download`, `${secret.url}/versions/abc/download`, `${secret.url}/edit`, `${secret.url}/versions/new`]) {
      const res = await supplier.get(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get("content-disposition"), url).toBeNull();
    }
    const missing = await supplier.get("/library/999999/versions/1/download");
    expect(missing.status).toBe(404);
    expect((await supplier.postMultipart(`${secret.url}/versions/new`, new FormData())).status).toBe(404);
    expect(count("SELECT download_count AS n FROM templates WHERE id = ?", secret.id)).toBe(0);
  });

  test("the library list, filters and partnership list never show it to a supplier", async () => {
    expect((await html(supplier, "/library")).text).not.toContain("Policing-only exit plan");
    expect((await html(supplier, "/library?category=exit-and-transition-plan")).text).toContain("0 templates");
    expect((await html(chief, "/library?category=exit-and-transition-plan")).text).toContain("Policing-only exit plan");
  });

  test("a guest is sent to sign in for the page and the download", async () => {
    for (const url of [secret.url, `${secret.url}/versions/1/download`, "/library", "/library/new"]) {
      const res = await guest.get(url);
      expect(res.status, url).toBe(302);
      expect(res.headers.get("location"), url).toMatch(/^\/login\?redirectTo=/);
    }
  });

  test("a supplier can read and download a template open to every member", async () => {
    const open = await upload(chief, { title: "Open evaluation model" }, { name: "eval.xlsx", bytes: fixture("evaluation.xlsx") });
    const res = await supplier.get(`${open.url}/versions/1/download`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(fixture("evaluation.xlsx"));
  });
});

describe("moderation, useful marks, details and the discussion", () => {
  test("a moderator withdraws a template with a reason: hidden from everyone else, kept, audit-logged, restorable", async () => {
    const t = await upload(chief, { title: "Template to withdraw" }, { name: "w.txt", bytes: Buffer.from("withdraw me\n") });
    expect((await html(chief, "/")).text).toContain("Template to withdraw");
    expect((await chief.post(t.url, { intent: "withdraw", reason: "Not allowed" })).status).toBe(404);
    const noReason = await moderator.post(t.url, { intent: "withdraw", reason: " " });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Enter why the template is being withdrawn");
    expect((await moderator.post(t.url, { intent: "withdraw", reason: "Contains a real supplier's prices" })).status).toBe(302);
    expect((await chief.get(t.url)).status).toBe(404);
    expect((await chief.get(`${t.url}/versions/1/download`)).status).toBe(404);
    expect((await html(chief, "/library")).text).not.toContain("Template to withdraw");
    expect((await html(chief, "/")).text).not.toContain("Template to withdraw");
    expect((await html(moderator, "/")).text).toContain("Template to withdraw");
    const seen = await html(moderator, t.url);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain("Contains a real supplier&#x27;s prices");
    // The list and search agree with the page: its moderators find it, nobody else does.
    expect((await html(moderator, "/library")).text).toContain("Template to withdraw");
    expect((await html(moderator, "/search?q=withdraw")).text).toContain("Template to withdraw");
    expect((await html(chief, "/search?q=withdraw")).text).not.toContain("Template to withdraw");
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'template_withdrawn' AND target_type = 'template' AND target_id = ? AND detail = ?", t.id, "Contains a real supplier's prices")).toBe(1);
    expect(count("SELECT count(*) AS n FROM templates WHERE id = ?", t.id)).toBe(1);
    expect((await moderator.post(t.url, { intent: "restore" })).status).toBe(302);
    expect((await chief.get(t.url)).status).toBe(200);
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'template_restored' AND target_id = ?", t.id)).toBe(1);
    expectTitlesInStep(server);
  });

  test("members mark a template useful once; never their own", async () => {
    const t = await upload(chief, { title: "Useful marks template" }, { name: "u.txt", bytes: Buffer.from("useful\n") });
    await pcc.post(t.url, { intent: "useful" });
    await pcc.post(t.url, { intent: "useful" });
    await supplier.post(t.url, { intent: "useful" });
    expect((await chief.post(t.url, { intent: "useful" })).status).toBe(403);
    expect(count("SELECT useful_count AS n FROM templates WHERE id = ?", t.id)).toBe(2);
    expect((await html(pcc, t.url)).text).toContain("You marked this as useful.");
  });

  test("the uploader edits details; the audience change reaches the discussion", async () => {
    const t = await upload(chief, { title: "Details before editing" }, { name: "d.txt", bytes: Buffer.from("details\n") });
    const form = { title: "Details after editing", summary: "New summary", category: String(termId("template_category", "kpis-and-service-credits")), audience: "policing", licence: "members-only" };
    expect((await supplier.post(`${t.url}/edit`, form)).status).toBe(404);
    expect((await chief.post(`${t.url}/edit`, { ...form, title: "no" })).status).toBe(400);
    expect((await chief.post(`${t.url}/edit`, form)).status).toBe(302);
    const page = await html(chief, t.url);
    expect(page.text).toContain("Details after editing</h1>");
    expect(page.text).toContain("Members of Partnering Exchange only");
    expect(count("SELECT count(*) AS n FROM discussions WHERE audience = 'policing' AND id = (SELECT discussion_id FROM templates WHERE id = ?)", t.id)).toBe(1);
    expect((await supplier.get(t.url)).status).toBe(404);
    expectTitlesInStep(server);
  });

  test("live procurement: a policing-only template linked to it cannot be opened to all members, and suppliers declare before posting", async () => {
    const db = openDb(server);
    const live = Number(db.prepare("INSERT INTO partnerships (slug, name, status) VALUES ('library-live-procurement', 'Library live procurement (test)', 'in-procurement')").run().lastInsertRowid);
    const closed = await upload(chief, { title: "Policing-only template in a live procurement", audience: "policing", partnerships: [String(live)] }, { name: "l.txt", bytes: Buffer.from("live\n") });
    const widen = { title: "Policing-only template in a live procurement", summary: "s", category: String(termId("template_category", "specification")), audience: "members", licence: "ogl", partnerships: String(live) };
    for (const who of [chief, moderator]) {
      const res = await who.post(`${closed.url}/edit`, widen);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("linked to a partnership in procurement");
    }
    expect(count("SELECT count(*) AS n FROM templates WHERE id = ? AND audience = 'policing'", closed.id)).toBe(1);

    const supplierLink = await supplier.postMultipart("/library/new", templateForm({ title: "Supplier links a live procurement", partnerships: [String(live)] }, { name: "s.txt", bytes: Buffer.from("s\n") }));
    expect(supplierLink.status).toBe(400);
    expect(await supplierLink.text()).toContain("suppliers cannot link templates to it");

    const open = await upload(chief, { title: "Open template in a live procurement", partnerships: [String(live)] }, { name: "o.txt", bytes: Buffer.from("open\n") });
    expect((await html(supplier, open.url)).text).toContain("Declare your organisation");
    const undeclared = await supplier.post(open.url, { intent: "reply", body: "Can we see the KPIs?", submissionKey: "library-undeclared-1" });
    expect(undeclared.status).toBe(400);
    const declared = await supplier.post(open.url, { intent: "reply", body: "Can we see the KPIs?", submissionKey: "library-declared-1", interest: "may_bid" });
    expect(declared.status).toBe(302);
    expect(declared.headers.get("location")).toBe(`${open.url}#post-1`);
    expect(count("SELECT count(*) AS n FROM posts WHERE interest = 'may_bid' AND discussion_id = (SELECT discussion_id FROM templates WHERE id = ?)", open.id)).toBe(1);
  });

  test("questions and reviews use the forum's posts, watching and paging", async () => {
    const t = await upload(chief, { title: "Discussed template" }, { name: "q.txt", bytes: Buffer.from("q\n") });
    const res = await pcc.post(t.url, { intent: "reply", body: "Did you use **this** for the 2019 re-procurement?", submissionKey: "library-question-1" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${t.url}#post-1`);
    const page = await html(chief, t.url);
    expect(page.text).toContain("<strong>this</strong>");
    // The uploader watches their template's discussion, so they are told.
    expect(count("SELECT count(*) AS n FROM notifications WHERE user_id = (SELECT id FROM users WHERE handle = 'demo-chief') AND discussion_id = (SELECT discussion_id FROM templates WHERE id = ?)", t.id)).toBe(1);
    expect((await pcc.get(`${t.url}?page=2`)).status).toBe(404);
  });
});

describe("browsing the library", () => {
  test("filters combine category, service area and partnership; sort by most downloaded", async () => {
    const kpi = String(termId("template_category", "kpis-and-service-credits"));
    const fleet = String(termId("service_area", "fleet"));
    const paragon = String(partnershipId("west-midlands-surrey-paragon"));
    const a = await upload(chief, { title: "Filter A fleet KPIs", category: kpi, serviceAreas: [fleet], partnerships: [paragon] }, { name: "a.txt", bytes: Buffer.from("a\n") });
    const b = await upload(chief, { title: "Filter B fleet KPIs", category: kpi, serviceAreas: [fleet] }, { name: "b.txt", bytes: Buffer.from("b\n") });
    await upload(chief, { title: "Filter C custody KPIs", category: kpi }, { name: "c.txt", bytes: Buffer.from("c\n") });
    const both = (await html(pcc, "/library?category=kpis-and-service-credits&area=fleet")).text;
    expect(both).toContain("Filter A fleet KPIs");
    expect(both).toContain("Filter B fleet KPIs");
    expect(both).not.toContain("Filter C custody KPIs");
    const all3 = (await html(pcc, "/library?category=kpis-and-service-credits&area=fleet&partnership=west-midlands-surrey-paragon")).text;
    expect(all3).toContain("Filter A fleet KPIs");
    expect(all3).not.toContain("Filter B fleet KPIs");
    for (let i = 0; i < 2; i++) await (await pcc.get(`${b.url}/versions/1/download`)).arrayBuffer();
    await (await pcc.get(`${a.url}/versions/1/download`)).arrayBuffer();
    const byDownloads = (await html(pcc, "/library?area=fleet&sort=downloads")).text;
    expect(byDownloads.indexOf("Filter B fleet KPIs")).toBeLessThan(byDownloads.indexOf("Filter A fleet KPIs"));
    const byUpdated = (await html(pcc, "/library?area=fleet")).text;
    expect(byUpdated.indexOf("Filter B fleet KPIs")).toBeLessThan(byUpdated.indexOf("Filter A fleet KPIs"));
    expect((await pcc.get("/library?category=%3Cscript%3E&sort=nonsense&page=abc")).status).toBe(200);
    expect((await pcc.get("/library?page=50")).status).toBe(404);
  });

  test("demo templates are marked as demo and fictional", async () => {
    const page = (await html(pcc, "/library")).text;
    expect(page).toContain("Benchmarking clause for long outsourcing contracts (demo)");
    expect(page).toContain("Demo (fictional)");
    const id = one<{ id: number }>("SELECT id FROM templates WHERE title LIKE 'Control room service specification (demo)'").id;
    const demo = await html(chief, `/library/${id}`);
    expect(demo.text).toContain("This is a demo template");
    expect(demo.text).toContain("<h3>Control room service specification (demo)</h3>");
    expect((await supplier.get(`/library/${id}`)).status).toBe(404);
  });
});
