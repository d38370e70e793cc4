CREATE TABLE `kpi_ratings` (
	`id` integer PRIMARY KEY NOT NULL,
	`kpi_id` integer NOT NULL,
	`period_start` text,
	`period_end` text NOT NULL,
	`rating` text NOT NULL,
	`note` text,
	`source` text NOT NULL,
	`source_url` text,
	`evidence` text NOT NULL,
	FOREIGN KEY (`kpi_id`) REFERENCES `partnership_kpis`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `kpi_ratings_kpi_period_idx` ON `kpi_ratings` (`kpi_id`,`period_end`);--> statement-breakpoint
CREATE TABLE `partnership_kpis` (
	`id` integer PRIMARY KEY NOT NULL,
	`partnership_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`partnership_id`) REFERENCES `partnerships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `partnership_kpis_partnership_idx` ON `partnership_kpis` (`partnership_id`,`position`);