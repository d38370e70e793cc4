-- The market engagement record is a record: once written, an entry is never changed or removed.
CREATE TRIGGER `engagement_entries_no_update` BEFORE UPDATE ON `engagement_entries`
BEGIN
  SELECT RAISE(ABORT, 'engagement_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `engagement_entries_no_delete` BEFORE DELETE ON `engagement_entries`
BEGIN
  SELECT RAISE(ABORT, 'engagement_entries is append-only');
END;
