CREATE TABLE "project_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"ids" integer[] NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "project_changes_at_idx" ON "project_changes" USING btree ("at");--> statement-breakpoint
-- Every statement that changes a project, or its gates, submissions, opinions, conditions,
-- timeline or inspections, records the project ids it touched, in its own transaction, so each
-- process's kept projects list knows it must read again (issue 12).
CREATE OR REPLACE FUNCTION project_record_change() RETURNS trigger AS $$
DECLARE
  changed integer[];
BEGIN
  IF TG_TABLE_NAME = 'projects' THEN
    IF TG_OP = 'DELETE' THEN
      SELECT array_agg(id) INTO changed FROM old_rows;
    ELSE
      SELECT array_agg(id) INTO changed FROM new_rows;
    END IF;
  ELSE
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(DISTINCT project_id) INTO changed FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT array_agg(DISTINCT project_id) INTO changed FROM old_rows;
    ELSE
      SELECT array_agg(DISTINCT project_id) INTO changed
        FROM (SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows) s;
    END IF;
  END IF;
  IF changed IS NOT NULL THEN
    INSERT INTO project_changes (ids) VALUES (changed);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER projects_change_insert AFTER INSERT ON projects
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER projects_change_update AFTER UPDATE ON projects
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER projects_change_delete AFTER DELETE ON projects
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_gates_change_insert AFTER INSERT ON project_gates
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_gates_change_update AFTER UPDATE ON project_gates
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_gates_change_delete AFTER DELETE ON project_gates
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_submissions_change_insert AFTER INSERT ON project_submissions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_submissions_change_update AFTER UPDATE ON project_submissions
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_submissions_change_delete AFTER DELETE ON project_submissions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_opinions_change_insert AFTER INSERT ON project_opinions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_opinions_change_update AFTER UPDATE ON project_opinions
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_opinions_change_delete AFTER DELETE ON project_opinions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_conditions_change_insert AFTER INSERT ON project_conditions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_conditions_change_update AFTER UPDATE ON project_conditions
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_conditions_change_delete AFTER DELETE ON project_conditions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_events_change_insert AFTER INSERT ON project_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_events_change_update AFTER UPDATE ON project_events
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_events_change_delete AFTER DELETE ON project_events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_inspections_change_insert AFTER INSERT ON project_inspections
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_inspections_change_update AFTER UPDATE ON project_inspections
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
--> statement-breakpoint
CREATE TRIGGER project_inspections_change_delete AFTER DELETE ON project_inspections
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION project_record_change();
