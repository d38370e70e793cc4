CREATE TABLE `thread_revisions` (
	`id` integer PRIMARY KEY NOT NULL,
	`thread_id` integer NOT NULL,
	`editor_id` integer NOT NULL,
	`old_title` text NOT NULL,
	`new_title` text NOT NULL,
	`old_kind` text NOT NULL,
	`new_kind` text NOT NULL,
	`old_service_areas` text NOT NULL,
	`new_service_areas` text NOT NULL,
	`old_partnerships` text NOT NULL,
	`new_partnerships` text NOT NULL,
	`audience` text NOT NULL,
	`cleared_answer` integer DEFAULT false NOT NULL,
	`changed_at` integer NOT NULL,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `thread_revisions_thread_idx` ON `thread_revisions` (`thread_id`,`id`);