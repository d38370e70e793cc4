-- Which index row each of the last 1,000 additions (migration 0018) wrote, so a kept ranking can
-- take in the rows added since it was made instead of reading every match again (issue 15): its
-- rowid is the row's search_index rowid, `added` the addition's number, as search_recent's rowid.
-- A row written again (removed, then added) keeps only its latest number; the removal starts every
-- ranking again anyway. The old number is deleted, not replaced by INSERT OR REPLACE, whose conflict
-- clause an outer statement's (INSERT OR ABORT …) would override.
CREATE TABLE `search_recent_docs` (`doc` integer PRIMARY KEY, `added` integer NOT NULL UNIQUE);
--> statement-breakpoint
DROP TRIGGER `search_recent_ai`;
--> statement-breakpoint
CREATE TRIGGER `search_recent_ai` AFTER INSERT ON `search_docs` BEGIN
  UPDATE search_generation SET added = added + 1;
  INSERT INTO search_recent(rowid, title, body, facets)
  SELECT g.added, f.title, f.body, f.facets FROM search_generation g, (
    SELECT title, body, facets FROM search_post_facts WHERE new.source % 8 = 1 AND post_id = new.source / 8
    UNION ALL SELECT title, body, facets FROM search_lesson_facts WHERE new.source % 8 = 2 AND lesson_id = new.source / 8
    UNION ALL SELECT title, body, facets FROM search_template_facts WHERE new.source % 8 = 3 AND template_id = new.source / 8
    UNION ALL SELECT title, body, facets FROM search_partnership_facts WHERE new.source % 8 = 4 AND partnership_id = new.source / 8) f;
  DELETE FROM search_recent_docs WHERE doc = new.doc;
  INSERT INTO search_recent_docs(doc, added) SELECT new.doc, added FROM search_generation;
  DELETE FROM search_recent WHERE rowid = (SELECT added - 1000 FROM search_generation);
  DELETE FROM search_recent_docs WHERE added = (SELECT added - 1000 FROM search_generation);
END;
