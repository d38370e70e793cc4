CREATE TABLE `engagement_entries` (
	`id` integer PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`post_id` integer NOT NULL,
	`discussion_id` integer NOT NULL,
	`owner_kind` text NOT NULL,
	`owner_title` text NOT NULL,
	`change` text NOT NULL,
	`body_md` text NOT NULL,
	`author_id` integer NOT NULL,
	`author_name` text NOT NULL,
	`organisation_name` text NOT NULL,
	`organisation_kind` text NOT NULL,
	`interest` text,
	`actor_id` integer,
	`actor_name` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `engagement_entries_partnership_idx` ON `engagement_entries` (`partnership_id`,`id`);--> statement-breakpoint
CREATE INDEX `engagement_entries_post_idx` ON `engagement_entries` (`post_id`);