CREATE TABLE `account_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_tokens_user_idx` ON `account_tokens` (`user_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer DEFAULT (unixepoch()) NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` integer,
	`ip` text DEFAULT '' NOT NULL,
	`detail` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_target_idx` ON `audit_log` (`target_type`,`target_id`,`action`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`);--> statement-breakpoint
CREATE TABLE `organisation_domains` (
	`domain` text PRIMARY KEY NOT NULL,
	`organisation_id` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organisation_domains_org_idx` ON `organisation_domains` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`is_confirmed` integer DEFAULT true NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_idx` ON `organisations` (`slug`);--> statement-breakpoint
CREATE INDEX `organisations_kind_name_idx` ON `organisations` (`kind`,`name`);--> statement-breakpoint
CREATE TABLE `partnership_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`date` text NOT NULL,
	`what` text NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `partnership_events_partnership_idx` ON `partnership_events` (`partnership_id`,`date`);--> statement-breakpoint
CREATE TABLE `partnership_organisations` (
	`partnership_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`partnership_id`, `organisation_id`),
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partnership_organisations_org_idx` ON `partnership_organisations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `partnership_service_areas` (
	`partnership_id` integer NOT NULL,
	`term_id` integer NOT NULL,
	PRIMARY KEY(`partnership_id`, `term_id`),
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partnership_service_areas_term_idx` ON `partnership_service_areas` (`term_id`);--> statement-breakpoint
CREATE TABLE `partnership_sources` (
	`id` integer PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`citation` text NOT NULL,
	`url` text,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `partnership_sources_partnership_idx` ON `partnership_sources` (`partnership_id`,`position`);--> statement-breakpoint
CREATE TABLE `partnerships` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`summary` text,
	`type_id` integer,
	`status` text,
	`procurement_launched` text,
	`contract_signed` text,
	`service_start` text,
	`service_end` text,
	`term_years` integer,
	`contract_value_pence` integer,
	`contract_value_note` text,
	`staff_transferred` text,
	`commissioner_bodies` text,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`type_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partnerships_slug_idx` ON `partnerships` (`slug`);--> statement-breakpoint
CREATE INDEX `partnerships_type_idx` ON `partnerships` (`type_id`);--> statement-breakpoint
CREATE INDEX `partnerships_status_idx` ON `partnerships` (`status`);--> statement-breakpoint
CREATE INDEX `partnerships_signed_idx` ON `partnerships` (`contract_signed`);--> statement-breakpoint
CREATE INDEX `partnerships_value_idx` ON `partnerships` (`contract_value_pence`);--> statement-breakpoint
CREATE TABLE `recovery_codes` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recovery_codes_user_idx` ON `recovery_codes` (`user_id`);--> statement-breakpoint
CREATE TABLE `savings_figures` (
	`id` integer PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`amount_pence` integer,
	`percent_low` real,
	`percent_high` real,
	`period` text,
	`kind` text NOT NULL,
	`note` text,
	`reported_by` text NOT NULL,
	`evidence` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `savings_figures_partnership_idx` ON `savings_figures` (`partnership_id`,`position`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`ip` text DEFAULT '' NOT NULL,
	`user_agent` text DEFAULT '' NOT NULL,
	`is_sign_in_complete` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_locks` (
	`email` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`window_start` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `spaces` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`audience` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`is_archived` integer DEFAULT false NOT NULL,
	`thread_count` integer DEFAULT 0 NOT NULL,
	`last_activity_at` integer,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `spaces_slug_idx` ON `spaces` (`slug`);--> statement-breakpoint
CREATE INDEX `spaces_audience_position_idx` ON `spaces` (`audience`,`position`);--> statement-breakpoint
CREATE TABLE `terms` (
	`id` integer PRIMARY KEY NOT NULL,
	`vocabulary` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `terms_vocabulary_slug_idx` ON `terms` (`vocabulary`,`slug`);--> statement-breakpoint
CREATE INDEX `terms_vocabulary_position_idx` ON `terms` (`vocabulary`,`position`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`handle` text NOT NULL,
	`name` text NOT NULL,
	`job_title` text DEFAULT '' NOT NULL,
	`organisation_id` integer NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`status` text DEFAULT 'unverified' NOT NULL,
	`status_reason` text,
	`email_verified_at` integer,
	`totp_key` text,
	`totp_enabled` integer DEFAULT false NOT NULL,
	`totp_last_step` integer,
	`notify_preference` text DEFAULT 'each' NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_idx` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_handle_idx` ON `users` (`handle`);--> statement-breakpoint
CREATE INDEX `users_organisation_idx` ON `users` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `users_status_idx` ON `users` (`status`,`created_at`);