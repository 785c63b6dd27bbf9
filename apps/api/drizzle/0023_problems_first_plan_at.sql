ALTER TABLE "problems" ADD COLUMN "first_plan_at" timestamp with time zone;--> statement-breakpoint
-- The first plan's submission, kept on the problem by the database whatever writes the plans (the
-- workflow, the demo seed, an import, a data fix), so supervision's "plan written on time" (P11)
-- reads one table instead of grouping every plan.
UPDATE "problems" p SET "first_plan_at" = f.first_at
  FROM (SELECT problem_id, min(submitted_at) AS first_at FROM problem_plans GROUP BY problem_id) f
  WHERE f.problem_id = p.id;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION problems_keep_first_plan_at() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE problems p SET first_plan_at = f.first_at
      FROM (SELECT problem_id, min(submitted_at) AS first_at FROM new_rows GROUP BY problem_id) f
      WHERE p.id = f.problem_id AND (p.first_plan_at IS NULL OR p.first_plan_at > f.first_at);
  ELSE
    -- A submission time changed (a data fix): that problem's first plan again from its plans.
    UPDATE problems p SET first_plan_at =
        (SELECT min(pl.submitted_at) FROM problem_plans pl WHERE pl.problem_id = p.id)
      WHERE p.id IN (SELECT n.problem_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.submitted_at IS DISTINCT FROM o.submitted_at
          OR n.problem_id IS DISTINCT FROM o.problem_id
        UNION SELECT o.problem_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.problem_id IS DISTINCT FROM o.problem_id);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER problem_plans_first_plan_at_insert AFTER INSERT ON problem_plans
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION problems_keep_first_plan_at();
--> statement-breakpoint
CREATE TRIGGER problem_plans_first_plan_at_update AFTER UPDATE ON problem_plans
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION problems_keep_first_plan_at();
