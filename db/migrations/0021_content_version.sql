-- One number that grows with every change to what the shared lists show (issue 13): threads and
-- their discussions, spaces, the people and organisations named in them, vocabularies, lessons,
-- partnerships and templates. A process keeps a list's rows for as long as the number has not
-- moved (app/models/kept-lists.server.ts), so every process sees every other's writes on its next page.
-- Triggers, not the models, move it, so no write path can forget to; a member's own reading
-- state (read positions, watches, notifications, sessions) is not shared and does not move it.
CREATE TABLE `content_version` (`id` integer PRIMARY KEY CHECK (`id` = 1), `n` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `content_version` (`id`, `n`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `content_version_threads_ai` AFTER INSERT ON `threads` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_threads_au` AFTER UPDATE ON `threads` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_threads_ad` AFTER DELETE ON `threads` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_discussions_ai` AFTER INSERT ON `discussions` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_discussions_au` AFTER UPDATE ON `discussions` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_discussions_ad` AFTER DELETE ON `discussions` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_spaces_ai` AFTER INSERT ON `spaces` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_spaces_au` AFTER UPDATE ON `spaces` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_spaces_ad` AFTER DELETE ON `spaces` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_organisations_ai` AFTER INSERT ON `organisations` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_organisations_au` AFTER UPDATE ON `organisations` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_organisations_ad` AFTER DELETE ON `organisations` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_terms_ai` AFTER INSERT ON `terms` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_terms_au` AFTER UPDATE ON `terms` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_terms_ad` AFTER DELETE ON `terms` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_thread_service_areas_ai` AFTER INSERT ON `thread_service_areas` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_thread_service_areas_au` AFTER UPDATE ON `thread_service_areas` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_thread_service_areas_ad` AFTER DELETE ON `thread_service_areas` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_thread_partnerships_ai` AFTER INSERT ON `thread_partnerships` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_thread_partnerships_au` AFTER UPDATE ON `thread_partnerships` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_thread_partnerships_ad` AFTER DELETE ON `thread_partnerships` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_lessons_ai` AFTER INSERT ON `lessons` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_lessons_au` AFTER UPDATE ON `lessons` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_lessons_ad` AFTER DELETE ON `lessons` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_lesson_partnerships_ai` AFTER INSERT ON `lesson_partnerships` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_lesson_partnerships_au` AFTER UPDATE ON `lesson_partnerships` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_lesson_partnerships_ad` AFTER DELETE ON `lesson_partnerships` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_partnerships_ai` AFTER INSERT ON `partnerships` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_partnerships_au` AFTER UPDATE ON `partnerships` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_partnerships_ad` AFTER DELETE ON `partnerships` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_templates_ai` AFTER INSERT ON `templates` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_templates_au` AFTER UPDATE ON `templates` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_templates_ad` AFTER DELETE ON `templates` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_template_versions_ai` AFTER INSERT ON `template_versions` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_template_versions_au` AFTER UPDATE ON `template_versions` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_template_versions_ad` AFTER DELETE ON `template_versions` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
-- A new account shows nowhere yet; a changed name, handle, job title or organisation shows in lists.
CREATE TRIGGER `content_version_users_au` AFTER UPDATE OF name, handle, job_title, organisation_id ON `users` BEGIN
  UPDATE content_version SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `content_version_users_ad` AFTER DELETE ON `users` BEGIN
  UPDATE content_version SET n = n + 1;
END;
