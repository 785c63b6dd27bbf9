CREATE TABLE "project_conditions" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"gate" text NOT NULL,
	"round" integer NOT NULL,
	"opinion_id" integer,
	"department_code" text NOT NULL,
	"text" text NOT NULL,
	"due_gate" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"answer" text,
	"answer_attachment_ids" integer[] DEFAULT '{}' NOT NULL,
	"answered_by" integer,
	"answered_at" timestamp with time zone,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"gate" text,
	"action" text NOT NULL,
	"round" integer,
	"from_status" text,
	"to_status" text,
	"actor_id" integer,
	"actor_name" text,
	"actor_department" text,
	"comment" text,
	"attachment_ids" integer[] DEFAULT '{}' NOT NULL,
	"data" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_gates" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"gate" text NOT NULL,
	"seq" smallint NOT NULL,
	"status" text NOT NULL,
	"required_departments" text[] DEFAULT '{}' NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"opinion_deadline" date,
	"submitted_at" timestamp with time zone,
	"passed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_inspections" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"facility_type" text NOT NULL,
	"use_status" text NOT NULL,
	"note" text NOT NULL,
	"attachment_ids" integer[] DEFAULT '{}' NOT NULL,
	"department_code" text,
	"inspected_by" integer,
	"inspector_name" text,
	"problem_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_opinions" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"gate" text NOT NULL,
	"round" integer NOT NULL,
	"department_code" text NOT NULL,
	"decision" text NOT NULL,
	"comment" text,
	"actor_id" integer,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_submissions" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"gate" text NOT NULL,
	"round" integer NOT NULL,
	"facilities" jsonb NOT NULL,
	"attachment_ids" integer[] DEFAULT '{}' NOT NULL,
	"note" text,
	"submitted_by" integer,
	"submitted_by_name" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text DEFAULT '3703' NOT NULL,
	"name" text NOT NULL,
	"developer_name" text NOT NULL,
	"developer_user_id" integer,
	"region_code" text NOT NULL,
	"households" integer NOT NULL,
	"population" integer,
	"land_area" double precision NOT NULL,
	"floor_area" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"phases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"presale_before_completion" boolean DEFAULT false NOT NULL,
	"current_gate" text NOT NULL,
	"required_facilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required_adjusted" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_conditions" ADD CONSTRAINT "project_conditions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_conditions" ADD CONSTRAINT "project_conditions_opinion_id_project_opinions_id_fk" FOREIGN KEY ("opinion_id") REFERENCES "public"."project_opinions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_events" ADD CONSTRAINT "project_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_gates" ADD CONSTRAINT "project_gates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_inspections" ADD CONSTRAINT "project_inspections_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_opinions" ADD CONSTRAINT "project_opinions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_submissions" ADD CONSTRAINT "project_submissions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_developer_user_id_users_id_fk" FOREIGN KEY ("developer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_conditions_project_idx" ON "project_conditions" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_events_project_idx" ON "project_events" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_gates_uq" ON "project_gates" USING btree ("project_id","gate");--> statement-breakpoint
CREATE INDEX "project_gates_open_idx" ON "project_gates" USING btree ("status","opinion_deadline");--> statement-breakpoint
CREATE INDEX "project_inspections_project_idx" ON "project_inspections" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_opinions_uq" ON "project_opinions" USING btree ("project_id","gate","round","department_code");--> statement-breakpoint
CREATE UNIQUE INDEX "project_submissions_uq" ON "project_submissions" USING btree ("project_id","gate","round");--> statement-breakpoint
CREATE INDEX "projects_region_idx" ON "projects" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "projects_developer_idx" ON "projects" USING btree ("developer_user_id");--> statement-breakpoint
CREATE INDEX "projects_gate_idx" ON "projects" USING btree ("current_gate");