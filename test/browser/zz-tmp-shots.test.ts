import { test } from "vitest";
import { launchBrowser } from "/work/main/test/helpers/browser";
import { openDb } from "/work/main/test/helpers/accounts";
import { signIn } from "/work/main/test/helpers/http";
import { startTestServer } from "/work/main/test/helpers/server";

test("shots", async () => {
  const server = await startTestServer();
  const db = openDb(server);
  const uid = (e: string) => (db.prepare("SELECT id FROM users WHERE email=?").get(e) as { id: number }).id;
  const space = db.prepare("SELECT id FROM spaces WHERE slug='open-discussions'").get() as { id: number };
  const d = Number(db.prepare("INSERT INTO discussions (owner_kind, audience, post_count, last_post_number) VALUES ('thread','members',1,1)").run().lastInsertRowid);
  db.prepare("INSERT INTO threads (discussion_id, space_id, kind, title, slug, author_id, last_activity_at) VALUES (?,?,?,?,?,?,unixepoch())").run(d, space.id, "discussion", "Exit costs in custody contracts", "exit", uid("chief@cleveland-police.example"));
  const p = Number(db.prepare("INSERT INTO posts (discussion_id, number, author_id, body_md, body_html, render_version) VALUES (?,1,?,?,?,1)").run(d, uid("supplier@steria.example"), "Buy our **premium** exit package today. Call 0123 456789 for a quote.", "<p>Buy our <strong>premium</strong> exit package today. Call 0123 456789 for a quote.</p>").lastInsertRowid);
  const chief = await signIn(server, "chief@cleveland-police.example");
  await chief.post(`/posts/${p}/flag`, { reason: "other", details: "Advertising" });
  const browser = await launchBrowser();
  const cookiesOf = (v: { cookies: Map<string, string> }) => [...v.cookies].map(([name, value]) => ({ name, value, url: server.url }));
  const admin = await signIn(server, "admin@example.org");
  const supplier = await signIn(server, "pcc@cleveland-pcc.example");
  for (const [who, visitor, pages] of [
    ["admin", admin, ["/admin/flags", `/posts/${p}/moderate`, "/admin/spaces", "/admin/spaces/new", "/admin/spaces/4", "/admin"]],
    ["pcc", supplier, [`/posts/${p}/flag`]],
  ] as const) {
    for (const width of [320, 1280]) {
      const ctx = await browser.newContext({ viewport: { width, height: 900 } });
      await ctx.addCookies(cookiesOf(visitor));
      const page = await ctx.newPage();
      for (const url of pages) {
        await page.goto(server.url + url);
        await page.screenshot({ path: `/tmp/x/shots/${who}${url.replace(/\//g, "_")}-${width}.png`, fullPage: true });
      }
      if (who === "pcc" && width === 1280) {
        await page.goto(server.url + `/posts/${p}/flag`);
        await page.click("button[type=submit]");
        await page.waitForTimeout(500);
        await page.screenshot({ path: `/tmp/x/shots/pcc-flag-error.png`, fullPage: true });
      }
      if (who === "admin" && width === 1280) {
        await page.goto(server.url + "/admin/spaces/4");
        await page.check("#audience-members");
        await page.click("button[type=submit]");
        await page.waitForTimeout(500);
        await page.screenshot({ path: `/tmp/x/shots/admin-widen-error.png`, fullPage: true });
      }
      await ctx.close();
    }
  }
  await browser.close();
  await server.stop();
}, 120000);
