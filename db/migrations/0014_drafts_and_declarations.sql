CREATE TABLE `drafts` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`discussion_id` integer,
	`space_id` integer,
	`title` text DEFAULT '' NOT NULL,
	`kind` text,
	`body_md` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`discussion_id`) REFERENCES `discussions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drafts_user_discussion_idx` ON `drafts` (`user_id`,`discussion_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `drafts_user_space_idx` ON `drafts` (`user_id`,`space_id`);--> statement-breakpoint
CREATE INDEX `drafts_user_updated_idx` ON `drafts` (`user_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `drafts_discussion_idx` ON `drafts` (`discussion_id`);--> statement-breakpoint
CREATE INDEX `drafts_space_idx` ON `drafts` (`space_id`);--> statement-breakpoint
CREATE TABLE `interest_declarations` (
	`user_id` integer NOT NULL,
	`partnership_id` integer NOT NULL,
	`interest` text NOT NULL,
	`declared_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `partnership_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `interest_declarations_partnership_idx` ON `interest_declarations` (`partnership_id`);