-- Full-text search over everything, kept in step by triggers so no write path can forget it.
-- rowid = source id * 8 + kind number (thread 0, post 1, lesson 2, template 3, partnership 4),
-- so every trigger updates one row by rowid instead of scanning. Audience is NOT stored here:
-- queries join the source row and filter by its current audience, so a move or a widening
-- takes effect at once.
CREATE VIRTUAL TABLE `search_index` USING fts5(kind UNINDEXED, ref_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `search_threads_ai` AFTER INSERT ON `threads` BEGIN
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8, 'thread', new.id, new.title, '');
END;
--> statement-breakpoint
CREATE TRIGGER `search_threads_au` AFTER UPDATE OF title ON `threads` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8;
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8, 'thread', new.id, new.title, '');
END;
--> statement-breakpoint
CREATE TRIGGER `search_threads_ad` AFTER DELETE ON `threads` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8;
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_ai` AFTER INSERT ON `posts` BEGIN
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8 + 1, 'post', new.id, '', new.body_md);
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_au` AFTER UPDATE OF body_md ON `posts` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8 + 1;
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8 + 1, 'post', new.id, '', new.body_md);
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_ad` AFTER DELETE ON `posts` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_lessons_ai` AFTER INSERT ON `lessons` BEGIN
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8 + 2, 'lesson', new.id, new.title,
    new.summary || ' ' || new.context_md || ' ' || new.worked_md || ' ' || new.did_not_work_md || ' ' || new.recommendation_md);
END;
--> statement-breakpoint
CREATE TRIGGER `search_lessons_au` AFTER UPDATE ON `lessons` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8 + 2, 'lesson', new.id, new.title,
    new.summary || ' ' || new.context_md || ' ' || new.worked_md || ' ' || new.did_not_work_md || ' ' || new.recommendation_md);
END;
--> statement-breakpoint
CREATE TRIGGER `search_lessons_ad` AFTER DELETE ON `lessons` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER `search_templates_ai` AFTER INSERT ON `templates` BEGIN
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8 + 3, 'template', new.id, new.title, new.summary);
END;
--> statement-breakpoint
CREATE TRIGGER `search_templates_au` AFTER UPDATE OF title, summary ON `templates` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8 + 3, 'template', new.id, new.title, new.summary);
END;
--> statement-breakpoint
CREATE TRIGGER `search_templates_ad` AFTER DELETE ON `templates` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8 + 3;
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnerships_ai` AFTER INSERT ON `partnerships` BEGIN
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8 + 4, 'partnership', new.id, new.name, coalesce(new.summary, '') || ' ' || coalesce(new.commissioner_bodies, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnerships_au` AFTER UPDATE OF name, summary, commissioner_bodies ON `partnerships` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8 + 4;
  INSERT INTO search_index(rowid, kind, ref_id, title, body) VALUES (new.id * 8 + 4, 'partnership', new.id, new.name, coalesce(new.summary, '') || ' ' || coalesce(new.commissioner_bodies, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `search_partnerships_ad` AFTER DELETE ON `partnerships` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 8 + 4;
END;
--> statement-breakpoint
INSERT INTO search_index(rowid, kind, ref_id, title, body) SELECT id * 8, 'thread', id, title, '' FROM threads;
--> statement-breakpoint
INSERT INTO search_index(rowid, kind, ref_id, title, body) SELECT id * 8 + 1, 'post', id, '', body_md FROM posts;
--> statement-breakpoint
INSERT INTO search_index(rowid, kind, ref_id, title, body) SELECT id * 8 + 2, 'lesson', id, title, summary || ' ' || context_md || ' ' || worked_md || ' ' || did_not_work_md || ' ' || recommendation_md FROM lessons;
--> statement-breakpoint
INSERT INTO search_index(rowid, kind, ref_id, title, body) SELECT id * 8 + 3, 'template', id, title, summary FROM templates;
--> statement-breakpoint
INSERT INTO search_index(rowid, kind, ref_id, title, body) SELECT id * 8 + 4, 'partnership', id, name, coalesce(summary, '') || ' ' || coalesce(commissioner_bodies, '') FROM partnerships;
