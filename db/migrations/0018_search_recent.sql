-- A search's ranking outlives changes to the index that cannot change it (issue 15). Every change
-- to the index goes through search_docs (migrations 0016, 0017): a row written for a new source,
-- or one removed (an edit, a move, a hide or an audience change removes the old row first). A
-- removal can take a match away or make it unreadable, so it counts in search_generation.removed
-- and every ranking is worked out again. A new row can only add a match: its text is also kept
-- here, under the count search_generation.added, so a ranking made before it stays good when no
-- row added since matches the ranking's query. Only the last 1,000 additions are kept; a ranking
-- older than them is worked out again. A thread's first post is also its title row, which weighs
-- its thread whether or not it matches: added to a thread that has other posts (restored, not
-- new), it counts as a removal.
ALTER TABLE `search_generation` ADD `removed` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `search_generation` ADD `added` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_recent` USING fts5(title, body, facets, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `search_recent_ai` AFTER INSERT ON `search_docs` BEGIN
  UPDATE search_generation SET added = added + 1;
  INSERT INTO search_recent(rowid, title, body, facets)
  SELECT g.added, f.title, f.body, f.facets FROM search_generation g, (
    SELECT title, body, facets FROM search_post_facts WHERE new.source % 8 = 1 AND post_id = new.source / 8
    UNION ALL SELECT title, body, facets FROM search_lesson_facts WHERE new.source % 8 = 2 AND lesson_id = new.source / 8
    UNION ALL SELECT title, body, facets FROM search_template_facts WHERE new.source % 8 = 3 AND template_id = new.source / 8
    UNION ALL SELECT title, body, facets FROM search_partnership_facts WHERE new.source % 8 = 4 AND partnership_id = new.source / 8) f;
  DELETE FROM search_recent WHERE rowid = (SELECT added - 1000 FROM search_generation);
END;
--> statement-breakpoint
CREATE TRIGGER `search_recent_ad` AFTER DELETE ON `search_docs` BEGIN
  UPDATE search_generation SET removed = removed + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_recent_title_ai` AFTER INSERT ON `search_docs`
WHEN new.source % 8 = 1 AND (new.doc >> 38) & 3 = 0 AND new.doc & 8191 = 1 BEGIN
  UPDATE search_generation SET removed = removed + 1
  WHERE EXISTS (SELECT 1 FROM posts p JOIN posts q ON q.discussion_id = p.discussion_id AND q.id <> p.id WHERE p.id = new.source / 8);
END;
