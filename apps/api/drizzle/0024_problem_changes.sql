CREATE TABLE "problem_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"ids" integer[] NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "problem_changes_at_idx" ON "problem_changes" USING btree ("at");--> statement-breakpoint
-- Every statement that changes a problem, or its plans, timeline or extension requests, records
-- the problem ids it touched, in its own transaction, so each process's supervision facts reload
-- only those problems instead of everything.
CREATE OR REPLACE FUNCTION problem_record_change() RETURNS trigger AS $$
DECLARE
  changed integer[];
BEGIN
  IF TG_TABLE_NAME = 'problems' THEN
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(id) INTO changed FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT array_agg(id) INTO changed FROM old_rows;
    ELSE
      SELECT array_agg(id) INTO changed FROM new_rows;
    END IF;
  ELSE
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(DISTINCT problem_id) INTO changed FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT array_agg(DISTINCT problem_id) INTO changed FROM old_rows;
    ELSE
      SELECT array_agg(DISTINCT problem_id) INTO changed
        FROM (SELECT problem_id FROM new_rows UNION SELECT problem_id FROM old_rows) s;
    END IF;
  END IF;
  IF changed IS NOT NULL THEN
    INSERT INTO problem_changes (ids) VALUES (changed);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER problems_change_insert AFTER INSERT ON problems
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problems_change_update AFTER UPDATE ON problems
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problems_change_delete AFTER DELETE ON problems
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problem_plans_change_insert AFTER INSERT ON problem_plans
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problem_plans_change_update AFTER UPDATE ON problem_plans
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problem_plans_change_delete AFTER DELETE ON problem_plans
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problem_events_change_insert AFTER INSERT ON problem_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problem_events_change_update AFTER UPDATE ON problem_events
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problem_events_change_delete AFTER DELETE ON problem_events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problem_extensions_change_insert AFTER INSERT ON problem_extensions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problem_extensions_change_update AFTER UPDATE ON problem_extensions
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
--> statement-breakpoint
CREATE TRIGGER problem_extensions_change_delete AFTER DELETE ON problem_extensions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION problem_record_change();
