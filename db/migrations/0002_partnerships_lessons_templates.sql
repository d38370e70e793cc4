CREATE TABLE `lesson_partnerships` (
	`lesson_id` integer NOT NULL,
	`partnership_id` integer NOT NULL,
	PRIMARY KEY(`lesson_id`, `partnership_id`),
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lesson_partnerships_partnership_idx` ON `lesson_partnerships` (`partnership_id`,`lesson_id`);--> statement-breakpoint
CREATE TABLE `lesson_service_areas` (
	`lesson_id` integer NOT NULL,
	`term_id` integer NOT NULL,
	PRIMARY KEY(`lesson_id`, `term_id`),
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lesson_service_areas_term_idx` ON `lesson_service_areas` (`term_id`,`lesson_id`);--> statement-breakpoint
CREATE TABLE `lesson_useful_marks` (
	`lesson_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`lesson_id`, `user_id`),
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` integer PRIMARY KEY NOT NULL,
	`discussion_id` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`phase_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`audience` text NOT NULL,
	`author_id` integer NOT NULL,
	`context_md` text DEFAULT '' NOT NULL,
	`context_html` text DEFAULT '' NOT NULL,
	`worked_md` text DEFAULT '' NOT NULL,
	`worked_html` text DEFAULT '' NOT NULL,
	`did_not_work_md` text DEFAULT '' NOT NULL,
	`did_not_work_html` text DEFAULT '' NOT NULL,
	`recommendation_md` text NOT NULL,
	`recommendation_html` text NOT NULL,
	`render_version` integer NOT NULL,
	`useful_count` integer DEFAULT 0 NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`discussion_id`) REFERENCES `discussions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`phase_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lessons_discussion_idx` ON `lessons` (`discussion_id`);--> statement-breakpoint
CREATE INDEX `lessons_audience_created_idx` ON `lessons` (`audience`,`created_at`);--> statement-breakpoint
CREATE INDEX `lessons_useful_idx` ON `lessons` (`useful_count`);--> statement-breakpoint
CREATE INDEX `lessons_phase_idx` ON `lessons` (`phase_id`);--> statement-breakpoint
CREATE INDEX `lessons_outcome_idx` ON `lessons` (`outcome`);--> statement-breakpoint
CREATE TABLE `partnership_corrections` (
	`id` integer PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partnership_corrections_open_idx` ON `partnership_corrections` (`resolved_at`,`id`);--> statement-breakpoint
CREATE TABLE `partnership_revisions` (
	`id` integer PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`editor_id` integer NOT NULL,
	`at` integer NOT NULL,
	`changes` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partnership_revisions_partnership_idx` ON `partnership_revisions` (`partnership_id`,`id`);--> statement-breakpoint
CREATE TABLE `stored_files` (
	`sha256` text PRIMARY KEY NOT NULL,
	`size` integer NOT NULL,
	`content_type` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `template_partnerships` (
	`template_id` integer NOT NULL,
	`partnership_id` integer NOT NULL,
	PRIMARY KEY(`template_id`, `partnership_id`),
	FOREIGN KEY (`template_id`) REFERENCES `templates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `template_partnerships_partnership_idx` ON `template_partnerships` (`partnership_id`,`template_id`);--> statement-breakpoint
CREATE TABLE `template_service_areas` (
	`template_id` integer NOT NULL,
	`term_id` integer NOT NULL,
	PRIMARY KEY(`template_id`, `term_id`),
	FOREIGN KEY (`template_id`) REFERENCES `templates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `template_service_areas_term_idx` ON `template_service_areas` (`term_id`,`template_id`);--> statement-breakpoint
CREATE TABLE `template_useful_marks` (
	`template_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`template_id`, `user_id`),
	FOREIGN KEY (`template_id`) REFERENCES `templates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `template_versions` (
	`id` integer PRIMARY KEY NOT NULL,
	`template_id` integer NOT NULL,
	`number` integer NOT NULL,
	`file_sha256` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`changelog` text NOT NULL,
	`uploader_id` integer NOT NULL,
	`preview_html` text,
	`download_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `templates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`file_sha256`) REFERENCES `stored_files`(`sha256`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploader_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `template_versions_number_idx` ON `template_versions` (`template_id`,`number`);--> statement-breakpoint
CREATE INDEX `template_versions_file_idx` ON `template_versions` (`file_sha256`);--> statement-breakpoint
CREATE TABLE `templates` (
	`id` integer PRIMARY KEY NOT NULL,
	`discussion_id` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`category_id` integer NOT NULL,
	`audience` text NOT NULL,
	`licence` text NOT NULL,
	`author_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`latest_version` integer DEFAULT 0 NOT NULL,
	`download_count` integer DEFAULT 0 NOT NULL,
	`useful_count` integer DEFAULT 0 NOT NULL,
	`withdrawn_at` integer,
	`withdrawn_reason` text,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`discussion_id`) REFERENCES `discussions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `templates_discussion_idx` ON `templates` (`discussion_id`);--> statement-breakpoint
CREATE INDEX `templates_updated_idx` ON `templates` (`audience`,`updated_at`);--> statement-breakpoint
CREATE INDEX `templates_downloads_idx` ON `templates` (`download_count`);--> statement-breakpoint
CREATE INDEX `templates_category_idx` ON `templates` (`category_id`);