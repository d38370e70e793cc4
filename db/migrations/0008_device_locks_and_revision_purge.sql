CREATE TABLE `sign_in_device_locks` (
	`nonce` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`window_start` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE INDEX `sign_in_device_locks_email_idx` ON `sign_in_device_locks` (`email`);--> statement-breakpoint
ALTER TABLE `post_revisions` ADD `purged_at` integer;--> statement-breakpoint
ALTER TABLE `post_revisions` ADD `purged_by_id` integer REFERENCES users(id);