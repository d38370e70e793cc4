-- Titles get an index of their own, keyed like search_index (issue 15). FTS5 finds the rows with a
-- word in one column ("title : contract") by reading the word's whole doclist with its positions,
-- so weighing titles read every row with the word, once per query word: 25-35 ms for a common
-- word at 1,000,000 posts, as much as finding the matches. This index holds only the rows with a
-- title (a thread's opening post, each lesson, template and partnership) and their facets, so the
-- same lookup reads the title rows alone. It follows search_docs, which every search_index
-- trigger writes after the index row: a title row is written with its search_docs row and removed
-- with it. Only those rows can have a title: a lesson, template or partnership itself (bit 37, "a
-- post", clear) or a thread's post number 1.
CREATE VIRTUAL TABLE `search_titles` USING fts5(title, facets, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `search_titles_ai` AFTER INSERT ON `search_docs`
WHEN (new.doc >> 37) & 1 = 0 OR ((new.doc >> 38) & 3 = 0 AND new.doc & 8191 = 1) BEGIN
  INSERT INTO search_titles(rowid, title, facets)
  SELECT new.doc, title, facets FROM search_post_facts WHERE new.source % 8 = 1 AND post_id = new.source / 8 AND title <> ''
  UNION ALL SELECT new.doc, title, facets FROM search_lesson_facts WHERE new.source % 8 = 2 AND lesson_id = new.source / 8
  UNION ALL SELECT new.doc, title, facets FROM search_template_facts WHERE new.source % 8 = 3 AND template_id = new.source / 8
  UNION ALL SELECT new.doc, title, facets FROM search_partnership_facts WHERE new.source % 8 = 4 AND partnership_id = new.source / 8;
END;
--> statement-breakpoint
CREATE TRIGGER `search_titles_ad` AFTER DELETE ON `search_docs`
WHEN (old.doc >> 37) & 1 = 0 OR ((old.doc >> 38) & 3 = 0 AND old.doc & 8191 = 1) BEGIN
  DELETE FROM search_titles WHERE rowid = old.doc;
END;
--> statement-breakpoint
INSERT INTO search_titles(rowid, title, facets) SELECT d.doc, f.title, f.facets FROM search_post_facts f JOIN search_docs d ON d.source = f.source WHERE f.title <> '';
--> statement-breakpoint
INSERT INTO search_titles(rowid, title, facets) SELECT d.doc, f.title, f.facets FROM search_lesson_facts f JOIN search_docs d ON d.source = f.source;
--> statement-breakpoint
INSERT INTO search_titles(rowid, title, facets) SELECT d.doc, f.title, f.facets FROM search_template_facts f JOIN search_docs d ON d.source = f.source;
--> statement-breakpoint
INSERT INTO search_titles(rowid, title, facets) SELECT d.doc, f.title, f.facets FROM search_partnership_facts f JOIN search_docs d ON d.source = f.source;
--> statement-breakpoint
UPDATE search_generation SET n = n + 1;
