CREATE TABLE "gap_ledger_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ids" integer[] NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "gap_ledger_changes_at_idx" ON "gap_ledger_changes" USING btree ("at");--> statement-breakpoint
-- Every statement that changes an area, a facility or a link records the ids it touched, in its
-- own transaction, so each process's gap analysis patches what changed instead of rebuilding.
CREATE OR REPLACE FUNCTION gap_record_ledger_change() RETURNS trigger AS $$
DECLARE
  changed integer[];
BEGIN
  IF TG_TABLE_NAME = 'facility_areas' THEN
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(DISTINCT facility_id) INTO changed FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT array_agg(DISTINCT facility_id) INTO changed FROM old_rows;
    ELSE
      SELECT array_agg(DISTINCT facility_id) INTO changed
        FROM (SELECT facility_id FROM new_rows UNION SELECT facility_id FROM old_rows) s;
    END IF;
  ELSE
    IF TG_OP = 'DELETE' THEN
      SELECT array_agg(id) INTO changed FROM old_rows;
    ELSE
      SELECT array_agg(id) INTO changed FROM new_rows;
    END IF;
  END IF;
  IF changed IS NOT NULL THEN
    INSERT INTO gap_ledger_changes (kind, ids)
      VALUES (CASE WHEN TG_TABLE_NAME = 'residential_areas' THEN 'area' ELSE 'facility' END, changed);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER residential_areas_gap_insert AFTER INSERT ON residential_areas
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gap_record_ledger_change();
--> statement-breakpoint
CREATE TRIGGER residential_areas_gap_update AFTER UPDATE ON residential_areas
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gap_record_ledger_change();
--> statement-breakpoint
CREATE TRIGGER residential_areas_gap_delete AFTER DELETE ON residential_areas
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gap_record_ledger_change();
--> statement-breakpoint
CREATE TRIGGER facilities_gap_insert AFTER INSERT ON facilities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gap_record_ledger_change();
--> statement-breakpoint
CREATE TRIGGER facilities_gap_update AFTER UPDATE ON facilities
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gap_record_ledger_change();
--> statement-breakpoint
CREATE TRIGGER facilities_gap_delete AFTER DELETE ON facilities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gap_record_ledger_change();
--> statement-breakpoint
CREATE TRIGGER facility_areas_gap_insert AFTER INSERT ON facility_areas
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gap_record_ledger_change();
--> statement-breakpoint
CREATE TRIGGER facility_areas_gap_update AFTER UPDATE ON facility_areas
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION gap_record_ledger_change();
--> statement-breakpoint
CREATE TRIGGER facility_areas_gap_delete AFTER DELETE ON facility_areas
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gap_record_ledger_change();
