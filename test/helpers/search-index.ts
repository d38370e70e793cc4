import { expect } from "vitest";
import { openDb } from "./accounts";
import type { TestServer } from "./server";

/**
 * The titles' search index (migration 0017) holds every indexed row that has a title, and only
 * those: lessons, templates, partnerships and threads' first posts.
 */
export function expectTitlesInStep(server: TestServer) {
  const db = openDb(server);
  try {
    const titles = db.prepare("SELECT rowid FROM search_titles ORDER BY rowid").pluck().all();
    const docs = db
      .prepare("SELECT d.doc FROM search_docs d LEFT JOIN posts p ON d.source = p.id * 8 + 1 LEFT JOIN threads t ON t.discussion_id = p.discussion_id WHERE d.source % 8 <> 1 OR (p.number = 1 AND t.id IS NOT NULL AND t.title <> '') ORDER BY d.doc")
      .pluck()
      .all();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).toEqual(docs);
  } finally {
    db.close();
  }
}
