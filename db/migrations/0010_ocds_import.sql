CREATE TABLE `ocds_facts` (
	`partnership_id` integer NOT NULL,
	`fact` text NOT NULL,
	`value` text NOT NULL,
	`release_id` integer NOT NULL,
	PRIMARY KEY(`partnership_id`, `fact`),
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`release_id`) REFERENCES `ocds_releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ocds_organisation_identifiers` (
	`scheme` text NOT NULL,
	`identifier` text NOT NULL,
	`organisation_id` integer NOT NULL,
	PRIMARY KEY(`scheme`, `identifier`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ocds_processes` (
	`ocid` text PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ocds_processes_partnership_idx` ON `ocds_processes` (`partnership_id`);--> statement-breakpoint
CREATE TABLE `ocds_releases` (
	`id` integer PRIMARY KEY NOT NULL,
	`ocid` text NOT NULL,
	`release_id` text NOT NULL,
	`date` text NOT NULL,
	`tags` text NOT NULL,
	`publisher` text,
	`json` text NOT NULL,
	`upload_sha256` text NOT NULL,
	`imported_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ocds_releases_ocid_release_idx` ON `ocds_releases` (`ocid`,`release_id`);--> statement-breakpoint
CREATE TABLE `ocds_uploads` (
	`sha256` text NOT NULL,
	`user_id` integer NOT NULL,
	`filename` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	PRIMARY KEY(`sha256`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
