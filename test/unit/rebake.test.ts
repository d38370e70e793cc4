import { expect, test } from "vitest";
import { demoDatabase } from "../helpers/in-process";

const db = await demoDatabase("rebake");
const { rebakePosts } = await import("~/models/discussions.server");
const { RENDER_VERSION } = await import("~/lib/markdown.server");

test("posts made by an older pipeline are re-rendered from their Markdown; current ones are left alone", async () => {
  const client = db().$client;
  const total = (client.prepare("SELECT count(*) AS n FROM posts").get() as { n: number }).n;
  expect(total).toBeGreaterThan(2);
  const [old, untouched] = client.prepare("SELECT id FROM posts ORDER BY id LIMIT 2").all() as { id: number }[];
  client.prepare("UPDATE posts SET body_md = 'Now **bold** <script>x</script>', body_html = '<p>stale</p>', render_version = ? WHERE id = ?").run(RENDER_VERSION - 1, old!.id);
  client.prepare("UPDATE posts SET body_html = '<p>kept as is</p>' WHERE id = ?").run(untouched!.id);

  expect(rebakePosts({ batchSize: 1 })).toBe(1);
  const rebaked = client.prepare("SELECT body_html, render_version FROM posts WHERE id = ?").get(old!.id) as { body_html: string; render_version: number };
  expect(rebaked.render_version).toBe(RENDER_VERSION);
  expect(rebaked.body_html).toContain("<strong>bold</strong>");
  expect(rebaked.body_html).not.toContain("<script");
  expect((client.prepare("SELECT body_html FROM posts WHERE id = ?").get(untouched!.id) as { body_html: string }).body_html).toBe("<p>kept as is</p>");

  expect(rebakePosts({ all: true, batchSize: 2 })).toBe(total);
  expect((client.prepare("SELECT body_html FROM posts WHERE id = ?").get(untouched!.id) as { body_html: string }).body_html).not.toBe("<p>kept as is</p>");
});

test("a stored post beyond the renderer's limits is re-rendered as written instead of stopping the rebake", () => {
  const client = db().$client;
  const [deep, ordinary] = client.prepare("SELECT id FROM posts ORDER BY id LIMIT 2").all() as { id: number }[];
  client.prepare("UPDATE posts SET body_md = ?, render_version = ? WHERE id = ?").run(`${"> ".repeat(25_000)}<b>deep</b>`, RENDER_VERSION - 1, deep!.id);
  client.prepare("UPDATE posts SET body_md = 'still *fine*', render_version = ? WHERE id = ?").run(RENDER_VERSION - 1, ordinary!.id);
  expect(rebakePosts()).toBe(2);
  const html = (id: number) => (client.prepare("SELECT body_html FROM posts WHERE id = ?").get(id) as { body_html: string }).body_html;
  expect(html(deep!.id)).toMatch(/^<pre>(&gt; ){25000}&lt;b&gt;deep&lt;\/b&gt;<\/pre>$/);
  expect(html(ordinary!.id)).toBe("<p>still <em>fine</em></p>");
});
