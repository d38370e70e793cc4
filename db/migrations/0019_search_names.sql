-- Some rows' indexed text holds other rows' names (migration 0016's views): a partnership its
-- organisations', type's and service areas' names; a lesson its phase's, service areas' and
-- partnerships' names; a template its category's and service areas' names. Renaming one of them
-- writes those rows again, so search finds them by the new name and no longer by the old. Only a
-- real change of name does: saving an organisation's form unchanged writes its name again.
CREATE TRIGGER `search_organisations_name_au` AFTER UPDATE OF name ON `organisations` WHEN old.name IS NOT new.name BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT partnership_id * 8 + 4 FROM partnership_organisations WHERE organisation_id = new.id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id IN (SELECT partnership_id FROM partnership_organisations WHERE organisation_id = new.id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id IN (SELECT partnership_id FROM partnership_organisations WHERE organisation_id = new.id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnerships_name_au` AFTER UPDATE OF name ON `partnerships` WHEN old.name IS NOT new.name BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT lesson_id * 8 + 2 FROM lesson_partnerships WHERE partnership_id = new.id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows WHERE lesson_id IN (SELECT lesson_id FROM lesson_partnerships WHERE partnership_id = new.id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows WHERE lesson_id IN (SELECT lesson_id FROM lesson_partnerships WHERE partnership_id = new.id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_terms_name_au` AFTER UPDATE OF name ON `terms` WHEN old.name IS NOT new.name BEGIN
  DELETE FROM search_docs WHERE source IN (
    SELECT id * 8 + 2 FROM lessons WHERE phase_id = new.id UNION SELECT lesson_id * 8 + 2 FROM lesson_service_areas WHERE term_id = new.id
    UNION SELECT id * 8 + 3 FROM templates WHERE category_id = new.id UNION SELECT template_id * 8 + 3 FROM template_service_areas WHERE term_id = new.id
    UNION SELECT id * 8 + 4 FROM partnerships WHERE type_id = new.id UNION SELECT partnership_id * 8 + 4 FROM partnership_service_areas WHERE term_id = new.id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows WHERE lesson_id IN (SELECT id FROM lessons WHERE phase_id = new.id UNION SELECT lesson_id FROM lesson_service_areas WHERE term_id = new.id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows WHERE lesson_id IN (SELECT id FROM lessons WHERE phase_id = new.id UNION SELECT lesson_id FROM lesson_service_areas WHERE term_id = new.id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id IN (SELECT id FROM templates WHERE category_id = new.id UNION SELECT template_id FROM template_service_areas WHERE term_id = new.id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id IN (SELECT id FROM templates WHERE category_id = new.id UNION SELECT template_id FROM template_service_areas WHERE term_id = new.id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id IN (SELECT id FROM partnerships WHERE type_id = new.id UNION SELECT partnership_id FROM partnership_service_areas WHERE term_id = new.id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id IN (SELECT id FROM partnerships WHERE type_id = new.id UNION SELECT partnership_id FROM partnership_service_areas WHERE term_id = new.id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
-- Names changed before these triggers: every lesson, template and partnership row written again.
DELETE FROM search_docs WHERE source % 8 IN (2, 3, 4);
--> statement-breakpoint
INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows;
--> statement-breakpoint
INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows;
--> statement-breakpoint
INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows;
--> statement-breakpoint
INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows;
--> statement-breakpoint
INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows;
--> statement-breakpoint
INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows;
--> statement-breakpoint
UPDATE search_generation SET n = n + 1;
