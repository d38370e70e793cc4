CREATE TABLE `flash_messages` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`message` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `flash_messages_session_idx` ON `flash_messages` (`session_id`);--> statement-breakpoint
CREATE TABLE `topic_watches` (
	`user_id` integer NOT NULL,
	`scope` text NOT NULL,
	`scope_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	PRIMARY KEY(`user_id`, `scope`, `scope_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `topic_watches_scope_idx` ON `topic_watches` (`scope`,`scope_id`);--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `batch_key` text;--> statement-breakpoint
CREATE INDEX `mail_outbox_batch_idx` ON `mail_outbox` (`batch_key`) WHERE sent_at IS NULL;--> statement-breakpoint
CREATE TABLE `__new_notifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`discussion_id` integer NOT NULL,
	`post_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	`reply_count` integer DEFAULT 1 NOT NULL,
	`last_post_id` integer,
	`read_at` integer,
	`emailed_at` integer,
	`mail_id` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`discussion_id`) REFERENCES `discussions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Unread replies in one discussion become one notification (the oldest, counting the rest), so the
-- unique index below can hold; everything else is copied as it is.
INSERT INTO `__new_notifications` (`id`, `user_id`, `kind`, `discussion_id`, `post_id`, `actor_id`, `created_at`, `updated_at`, `reply_count`, `last_post_id`, `read_at`, `emailed_at`)
SELECT n.`id`, n.`user_id`, n.`kind`, n.`discussion_id`, n.`post_id`, n.`actor_id`, n.`created_at`,
	CASE WHEN n.`kind` = 'reply' AND n.`read_at` IS NULL THEN (SELECT max(o.`created_at`) FROM `notifications` o WHERE o.`user_id` = n.`user_id` AND o.`discussion_id` = n.`discussion_id` AND o.`kind` = 'reply' AND o.`read_at` IS NULL) ELSE n.`created_at` END,
	CASE WHEN n.`kind` = 'reply' AND n.`read_at` IS NULL THEN (SELECT count(*) FROM `notifications` o WHERE o.`user_id` = n.`user_id` AND o.`discussion_id` = n.`discussion_id` AND o.`kind` = 'reply' AND o.`read_at` IS NULL) ELSE 1 END,
	CASE WHEN n.`kind` = 'reply' AND n.`read_at` IS NULL THEN (SELECT max(o.`post_id`) FROM `notifications` o WHERE o.`user_id` = n.`user_id` AND o.`discussion_id` = n.`discussion_id` AND o.`kind` = 'reply' AND o.`read_at` IS NULL) ELSE n.`post_id` END,
	n.`read_at`, n.`emailed_at`
FROM `notifications` n
WHERE NOT (n.`kind` = 'reply' AND n.`read_at` IS NULL AND EXISTS (SELECT 1 FROM `notifications` o WHERE o.`user_id` = n.`user_id` AND o.`discussion_id` = n.`discussion_id` AND o.`kind` = 'reply' AND o.`read_at` IS NULL AND o.`id` < n.`id`));
--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE INDEX `notifications_unemailed_idx` ON `notifications` (`emailed_at`,`user_id`);--> statement-breakpoint
CREATE INDEX `notifications_user_recent_idx` ON `notifications` (`user_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_mail_idx` ON `notifications` (`mail_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_unread_reply_idx` ON `notifications` (`user_id`,`discussion_id`) WHERE kind = 'reply' AND read_at IS NULL;