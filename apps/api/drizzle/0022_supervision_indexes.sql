DROP INDEX "problem_events_problem_idx";--> statement-breakpoint
CREATE INDEX "problem_events_problem_action_at_idx" ON "problem_events" USING btree ("problem_id","action","at");