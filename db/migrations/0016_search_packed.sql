-- The search index keys each row by what ranking and the audience filter need, so ranking every
-- match reads nothing but the index's own doclists (issue 15: a per-row lookup of bm25's document
-- sizes or of UNINDEXED columns cost about 1 µs each, 0.2 s for a word in a tenth of 1,000,000
-- posts). rowid, from the top bit down: the hour written (20 bits, to 2089), the audience (2:
-- members 0, policing 1), moderators only (1), the kind (2: thread 0, lesson 1, template 2,
-- partnership 3), a post or the item itself (1), the thread, lesson, template or partnership id
-- (24 bits: 16.7 million), the post's number in its discussion (13 bits; two rows can only collide
-- if one thread got 8,192 posts within one hour). So the newest matches come first in rowid order
-- and a group, a date range, the kind and the audience are arithmetic on the rowid.
-- search_docs maps each source (post id * 8 + 1, lesson * 8 + 2, template * 8 + 3, partnership
-- * 8 + 4) to its rowid, so the triggers (the same as migration 0012's) can remove a source's row,
-- and a result page can find its source; deleting a search_docs row deletes the index row.
DROP TRIGGER IF EXISTS `search_posts_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_posts_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_posts_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_threads_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_threads_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_threads_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_discussions_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_thread_service_areas_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_thread_service_areas_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_thread_partnerships_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_thread_partnerships_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_lessons_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_lessons_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_lessons_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_lesson_partnerships_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_lesson_partnerships_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_lesson_service_areas_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_lesson_service_areas_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_templates_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_templates_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_templates_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_template_versions_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_template_versions_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_template_versions_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_template_partnerships_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_template_partnerships_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_template_service_areas_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_template_service_areas_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnerships_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnerships_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnerships_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_organisations_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_organisations_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_service_areas_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_service_areas_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_events_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_events_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_sources_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_sources_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_events_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_partnership_sources_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_users_au`;
--> statement-breakpoint
DROP VIEW IF EXISTS `search_post_rows`;
--> statement-breakpoint
DROP VIEW IF EXISTS `search_lesson_rows`;
--> statement-breakpoint
DROP VIEW IF EXISTS `search_template_rows`;
--> statement-breakpoint
DROP VIEW IF EXISTS `search_partnership_rows`;
--> statement-breakpoint
DROP TABLE IF EXISTS `search_vocab`;
--> statement-breakpoint
DROP TABLE IF EXISTS `search_index`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_index` USING fts5(title, body, facets, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab(search_index, 'row');
--> statement-breakpoint
CREATE TABLE `search_docs` (`source` integer PRIMARY KEY, `doc` integer NOT NULL UNIQUE);
--> statement-breakpoint
CREATE TRIGGER `search_docs_ad` AFTER DELETE ON `search_docs` BEGIN
  DELETE FROM search_index WHERE rowid = old.doc;
END;
--> statement-breakpoint
CREATE VIEW `search_post_facts` AS
SELECT p.id AS post_id, p.discussion_id AS discussion_id, p.author_id AS author_id, p.id * 8 + 1 AS source, p.number AS num,
  CASE WHEN p.number = 1 AND t.id IS NOT NULL THEN t.title ELSE '' END AS title,
  p.body_md AS body,
  'or' || u.organisation_id
    || coalesce(' sp' || t.space_id, '')
    || coalesce((SELECT group_concat(' pa' || x.partnership_id, '') FROM thread_partnerships x WHERE x.thread_id = t.id), '')
    || coalesce((SELECT group_concat(' sa' || x.term_id, '') FROM thread_service_areas x WHERE x.thread_id = t.id), '')
    || coalesce((SELECT group_concat(' pa' || x.partnership_id, '') FROM lesson_partnerships x WHERE x.lesson_id = l.id), '')
    || coalesce((SELECT group_concat(' sa' || x.term_id, '') FROM lesson_service_areas x WHERE x.lesson_id = l.id), '')
    || coalesce((SELECT group_concat(' pa' || x.partnership_id, '') FROM template_partnerships x WHERE x.template_id = m.id), '')
    || coalesce((SELECT group_concat(' sa' || x.term_id, '') FROM template_service_areas x WHERE x.template_id = m.id), '') AS facets,
  d.owner_kind AS kind, coalesce(t.id, l.id, m.id) AS grp, p.created_at AS at, d.audience AS audience,
  CASE WHEN p.hidden_at IS NOT NULL OR m.withdrawn_at IS NOT NULL THEN 1 ELSE 0 END AS restricted
FROM posts p
JOIN discussions d ON d.id = p.discussion_id
JOIN users u ON u.id = p.author_id
LEFT JOIN threads t ON d.owner_kind = 'thread' AND t.discussion_id = d.id
LEFT JOIN lessons l ON d.owner_kind = 'lesson' AND l.discussion_id = d.id
LEFT JOIN templates m ON d.owner_kind = 'template' AND m.discussion_id = d.id
WHERE p.deleted_at IS NULL AND coalesce(t.id, l.id, m.id) IS NOT NULL;
--> statement-breakpoint
CREATE VIEW `search_post_rows` AS
SELECT *,
  (min(CAST(max(at, 0) / 3600 AS INTEGER), 1048575) << 43)
    | ((CASE audience WHEN 'members' THEN 0 WHEN 'policing' THEN 1 ELSE 3 END) << 41)
    | (restricted << 40)
    | ((CASE kind WHEN 'thread' THEN 0 WHEN 'lesson' THEN 1 WHEN 'template' THEN 2 ELSE 3 END) << 38)
    | ((source % 8 = 1) << 37)
    | ((grp & 16777215) << 13)
    | (num & 8191) AS doc
FROM `search_post_facts`
--> statement-breakpoint
CREATE VIEW `search_lesson_facts` AS
SELECT l.id AS lesson_id, l.id * 8 + 2 AS source, 0 AS num, l.title AS title,
  l.summary || ' ' || l.context_md || ' ' || l.worked_md || ' ' || l.did_not_work_md || ' ' || l.recommendation_md || ' ' || l.outcome
    || coalesce(' ' || (SELECT name FROM terms WHERE id = l.phase_id), '')
    || coalesce((SELECT group_concat(' ' || s.name, '') FROM lesson_service_areas x JOIN terms s ON s.id = x.term_id WHERE x.lesson_id = l.id), '')
    || coalesce((SELECT group_concat(' ' || pa.name, '') FROM lesson_partnerships x JOIN partnerships pa ON pa.id = x.partnership_id WHERE x.lesson_id = l.id), '') AS body,
  'or' || u.organisation_id
    || coalesce((SELECT group_concat(' pa' || x.partnership_id, '') FROM lesson_partnerships x WHERE x.lesson_id = l.id), '')
    || coalesce((SELECT group_concat(' sa' || x.term_id, '') FROM lesson_service_areas x WHERE x.lesson_id = l.id), '') AS facets,
  'lesson' AS kind, l.id AS grp, l.created_at AS at, l.audience AS audience, 0 AS restricted
FROM lessons l JOIN users u ON u.id = l.author_id;
--> statement-breakpoint
CREATE VIEW `search_lesson_rows` AS
SELECT *,
  (min(CAST(max(at, 0) / 3600 AS INTEGER), 1048575) << 43)
    | ((CASE audience WHEN 'members' THEN 0 WHEN 'policing' THEN 1 ELSE 3 END) << 41)
    | (restricted << 40)
    | ((CASE kind WHEN 'thread' THEN 0 WHEN 'lesson' THEN 1 WHEN 'template' THEN 2 ELSE 3 END) << 38)
    | ((source % 8 = 1) << 37)
    | ((grp & 16777215) << 13)
    | (num & 8191) AS doc
FROM `search_lesson_facts`
--> statement-breakpoint
CREATE VIEW `search_template_facts` AS
SELECT m.id AS template_id, m.id * 8 + 3 AS source, 0 AS num, m.title AS title,
  m.summary || ' ' || m.licence
    || coalesce(' ' || (SELECT name FROM terms WHERE id = m.category_id), '')
    || coalesce((SELECT group_concat(' ' || v.filename || ' ' || v.changelog, '') FROM template_versions v WHERE v.template_id = m.id), '')
    || coalesce((SELECT group_concat(' ' || s.name, '') FROM template_service_areas x JOIN terms s ON s.id = x.term_id WHERE x.template_id = m.id), '') AS body,
  'or' || m.organisation_id
    || coalesce((SELECT group_concat(' pa' || x.partnership_id, '') FROM template_partnerships x WHERE x.template_id = m.id), '')
    || coalesce((SELECT group_concat(' sa' || x.term_id, '') FROM template_service_areas x WHERE x.template_id = m.id), '') AS facets,
  'template' AS kind, m.id AS grp, m.updated_at AS at, m.audience AS audience, CASE WHEN m.withdrawn_at IS NULL THEN 0 ELSE 1 END AS restricted
FROM templates m;
--> statement-breakpoint
CREATE VIEW `search_template_rows` AS
SELECT *,
  (min(CAST(max(at, 0) / 3600 AS INTEGER), 1048575) << 43)
    | ((CASE audience WHEN 'members' THEN 0 WHEN 'policing' THEN 1 ELSE 3 END) << 41)
    | (restricted << 40)
    | ((CASE kind WHEN 'thread' THEN 0 WHEN 'lesson' THEN 1 WHEN 'template' THEN 2 ELSE 3 END) << 38)
    | ((source % 8 = 1) << 37)
    | ((grp & 16777215) << 13)
    | (num & 8191) AS doc
FROM `search_template_facts`
--> statement-breakpoint
CREATE VIEW `search_partnership_facts` AS
SELECT pa.id AS partnership_id, pa.id * 8 + 4 AS source, 0 AS num, pa.name AS title,
  coalesce(pa.summary, '') || ' ' || coalesce(pa.commissioner_bodies, '') || ' ' || coalesce(pa.status, '') || ' ' || coalesce(pa.staff_transferred, '') || ' ' || coalesce(pa.contract_value_note, '')
    || coalesce(' ' || (SELECT name FROM terms WHERE id = pa.type_id), '')
    || coalesce((SELECT group_concat(' ' || o.name, '') FROM partnership_organisations x JOIN organisations o ON o.id = x.organisation_id WHERE x.partnership_id = pa.id), '')
    || coalesce((SELECT group_concat(' ' || s.name, '') FROM partnership_service_areas x JOIN terms s ON s.id = x.term_id WHERE x.partnership_id = pa.id), '')
    || coalesce((SELECT group_concat(' ' || e.what, '') FROM partnership_events e WHERE e.partnership_id = pa.id), '')
    || coalesce((SELECT group_concat(' ' || s.citation, '') FROM partnership_sources s WHERE s.partnership_id = pa.id), '') AS body,
  'pa' || pa.id
    || coalesce((SELECT group_concat(' sa' || x.term_id, '') FROM partnership_service_areas x WHERE x.partnership_id = pa.id), '')
    || coalesce((SELECT group_concat(' or' || x.organisation_id, '') FROM partnership_organisations x WHERE x.partnership_id = pa.id), '') AS facets,
  'partnership' AS kind, pa.id AS grp, pa.updated_at AS at, 'members' AS audience, 0 AS restricted
FROM partnerships pa;
--> statement-breakpoint
CREATE VIEW `search_partnership_rows` AS
SELECT *,
  (min(CAST(max(at, 0) / 3600 AS INTEGER), 1048575) << 43)
    | ((CASE audience WHEN 'members' THEN 0 WHEN 'policing' THEN 1 ELSE 3 END) << 41)
    | (restricted << 40)
    | ((CASE kind WHEN 'thread' THEN 0 WHEN 'lesson' THEN 1 WHEN 'template' THEN 2 ELSE 3 END) << 38)
    | ((source % 8 = 1) << 37)
    | ((grp & 16777215) << 13)
    | (num & 8191) AS doc
FROM `search_partnership_facts`
--> statement-breakpoint
CREATE TRIGGER `search_posts_ai` AFTER INSERT ON `posts` BEGIN
  DELETE FROM search_docs WHERE source = new.id * 8 + 1;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE post_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE post_id = new.id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_au` AFTER UPDATE OF body_md, deleted_at, hidden_at, author_id, number, discussion_id, created_at ON `posts` BEGIN
  DELETE FROM search_docs WHERE source = new.id * 8 + 1;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE post_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE post_id = new.id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_ad` AFTER DELETE ON `posts` BEGIN
  DELETE FROM search_docs WHERE source = old.id * 8 + 1;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_threads_ai` AFTER INSERT ON `threads` BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = new.discussion_id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = new.discussion_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = new.discussion_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_threads_au` AFTER UPDATE OF title, space_id, discussion_id ON `threads` BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = new.discussion_id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = new.discussion_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = new.discussion_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_threads_ad` AFTER DELETE ON `threads` BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = old.discussion_id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = old.discussion_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = old.discussion_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_discussions_au` AFTER UPDATE OF audience, owner_kind ON `discussions` BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = new.id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = new.id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_thread_service_areas_ai` AFTER INSERT ON `thread_service_areas` BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = new.thread_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = new.thread_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = new.thread_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_thread_service_areas_ad` AFTER DELETE ON `thread_service_areas` BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = old.thread_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = old.thread_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = old.thread_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_thread_partnerships_ai` AFTER INSERT ON `thread_partnerships` BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = new.thread_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = new.thread_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = new.thread_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_thread_partnerships_ad` AFTER DELETE ON `thread_partnerships` BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = old.thread_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = old.thread_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM threads WHERE id = old.thread_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_lessons_ai` AFTER INSERT ON `lessons` BEGIN
  DELETE FROM search_docs WHERE source = new.id * 8 + 2;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows WHERE lesson_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows WHERE lesson_id = new.id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = new.discussion_id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = new.discussion_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = new.discussion_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_lessons_au` AFTER UPDATE OF title, summary, context_md, worked_md, did_not_work_md, recommendation_md, outcome, phase_id, audience, author_id ON `lessons` BEGIN
  DELETE FROM search_docs WHERE source = new.id * 8 + 2;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows WHERE lesson_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows WHERE lesson_id = new.id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = new.discussion_id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = new.discussion_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = new.discussion_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_lessons_ad` AFTER DELETE ON `lessons` BEGIN
  DELETE FROM search_docs WHERE source = old.id * 8 + 2;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = old.discussion_id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = old.discussion_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = old.discussion_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_lesson_partnerships_ai` AFTER INSERT ON `lesson_partnerships` BEGIN
  DELETE FROM search_docs WHERE source = new.lesson_id * 8 + 2;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows WHERE lesson_id = new.lesson_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows WHERE lesson_id = new.lesson_id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = new.lesson_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = new.lesson_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = new.lesson_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_lesson_partnerships_ad` AFTER DELETE ON `lesson_partnerships` BEGIN
  DELETE FROM search_docs WHERE source = old.lesson_id * 8 + 2;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows WHERE lesson_id = old.lesson_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows WHERE lesson_id = old.lesson_id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = old.lesson_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = old.lesson_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = old.lesson_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_lesson_service_areas_ai` AFTER INSERT ON `lesson_service_areas` BEGIN
  DELETE FROM search_docs WHERE source = new.lesson_id * 8 + 2;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows WHERE lesson_id = new.lesson_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows WHERE lesson_id = new.lesson_id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = new.lesson_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = new.lesson_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = new.lesson_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_lesson_service_areas_ad` AFTER DELETE ON `lesson_service_areas` BEGIN
  DELETE FROM search_docs WHERE source = old.lesson_id * 8 + 2;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows WHERE lesson_id = old.lesson_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows WHERE lesson_id = old.lesson_id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = old.lesson_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = old.lesson_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM lessons WHERE id = old.lesson_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_templates_ai` AFTER INSERT ON `templates` BEGIN
  DELETE FROM search_docs WHERE source = new.id * 8 + 3;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id = new.id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = new.discussion_id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = new.discussion_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = new.discussion_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_templates_au` AFTER UPDATE OF title, summary, category_id, audience, licence, withdrawn_at, organisation_id, updated_at ON `templates` BEGIN
  DELETE FROM search_docs WHERE source = new.id * 8 + 3;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id = new.id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = new.discussion_id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = new.discussion_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = new.discussion_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_templates_ad` AFTER DELETE ON `templates` BEGIN
  DELETE FROM search_docs WHERE source = old.id * 8 + 3;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = old.discussion_id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = old.discussion_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = old.discussion_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_template_versions_ai` AFTER INSERT ON `template_versions` BEGIN
  DELETE FROM search_docs WHERE source = new.template_id * 8 + 3;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id = new.template_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id = new.template_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_template_versions_au` AFTER UPDATE OF changelog, filename ON `template_versions` BEGIN
  DELETE FROM search_docs WHERE source = new.template_id * 8 + 3;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id = new.template_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id = new.template_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_template_versions_ad` AFTER DELETE ON `template_versions` BEGIN
  DELETE FROM search_docs WHERE source = old.template_id * 8 + 3;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id = old.template_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id = old.template_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_template_partnerships_ai` AFTER INSERT ON `template_partnerships` BEGIN
  DELETE FROM search_docs WHERE source = new.template_id * 8 + 3;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id = new.template_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id = new.template_id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = new.template_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = new.template_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = new.template_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_template_partnerships_ad` AFTER DELETE ON `template_partnerships` BEGIN
  DELETE FROM search_docs WHERE source = old.template_id * 8 + 3;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id = old.template_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id = old.template_id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = old.template_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = old.template_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = old.template_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_template_service_areas_ai` AFTER INSERT ON `template_service_areas` BEGIN
  DELETE FROM search_docs WHERE source = new.template_id * 8 + 3;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id = new.template_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id = new.template_id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = new.template_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = new.template_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = new.template_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_template_service_areas_ad` AFTER DELETE ON `template_service_areas` BEGIN
  DELETE FROM search_docs WHERE source = old.template_id * 8 + 3;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_template_rows WHERE template_id = old.template_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_template_rows WHERE template_id = old.template_id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = old.template_id));
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = old.template_id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE discussion_id = (SELECT discussion_id FROM templates WHERE id = old.template_id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnerships_ai` AFTER INSERT ON `partnerships` BEGIN
  DELETE FROM search_docs WHERE source = new.id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = new.id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnerships_au` AFTER UPDATE OF name, summary, commissioner_bodies, status, staff_transferred, contract_value_note, type_id, updated_at ON `partnerships` BEGIN
  DELETE FROM search_docs WHERE source = new.id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = new.id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnerships_ad` AFTER DELETE ON `partnerships` BEGIN
  DELETE FROM search_docs WHERE source = old.id * 8 + 4;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_organisations_ai` AFTER INSERT ON `partnership_organisations` BEGIN
  DELETE FROM search_docs WHERE source = new.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_organisations_ad` AFTER DELETE ON `partnership_organisations` BEGIN
  DELETE FROM search_docs WHERE source = old.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = old.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = old.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_service_areas_ai` AFTER INSERT ON `partnership_service_areas` BEGIN
  DELETE FROM search_docs WHERE source = new.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_service_areas_ad` AFTER DELETE ON `partnership_service_areas` BEGIN
  DELETE FROM search_docs WHERE source = old.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = old.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = old.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_events_ai` AFTER INSERT ON `partnership_events` BEGIN
  DELETE FROM search_docs WHERE source = new.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_events_ad` AFTER DELETE ON `partnership_events` BEGIN
  DELETE FROM search_docs WHERE source = old.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = old.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = old.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_sources_ai` AFTER INSERT ON `partnership_sources` BEGIN
  DELETE FROM search_docs WHERE source = new.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_sources_ad` AFTER DELETE ON `partnership_sources` BEGIN
  DELETE FROM search_docs WHERE source = old.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = old.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = old.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_events_au` AFTER UPDATE ON `partnership_events` BEGIN
  DELETE FROM search_docs WHERE source = new.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnership_sources_au` AFTER UPDATE ON `partnership_sources` BEGIN
  DELETE FROM search_docs WHERE source = new.partnership_id * 8 + 4;
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_partnership_rows WHERE partnership_id = new.partnership_id;
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_users_au` AFTER UPDATE OF organisation_id ON `users` BEGIN
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 1 FROM posts WHERE author_id = new.id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows WHERE author_id = new.id;
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows WHERE author_id = new.id;
  DELETE FROM search_docs WHERE source IN (SELECT id * 8 + 2 FROM lessons WHERE author_id = new.id);
  INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_lesson_rows WHERE lesson_id IN (SELECT id FROM lessons WHERE author_id = new.id);
  INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_lesson_rows WHERE lesson_id IN (SELECT id FROM lessons WHERE author_id = new.id);
  UPDATE search_generation SET n = n + 1;
END;
--> statement-breakpoint
INSERT INTO search_index(rowid, title, body, facets) SELECT doc, title, body, facets FROM search_post_rows;
--> statement-breakpoint
INSERT INTO search_docs(source, doc) SELECT source, doc FROM search_post_rows;
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
