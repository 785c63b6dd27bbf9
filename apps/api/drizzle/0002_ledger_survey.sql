CREATE TABLE "facilities" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text DEFAULT '3703' NOT NULL,
	"region_code" text NOT NULL,
	"type" text NOT NULL,
	"category" text NOT NULL,
	"name" text NOT NULL,
	"floor_area" double precision,
	"site_area" double precision,
	"lon" double precision,
	"lat" double precision,
	"ownership" text,
	"operator" text,
	"planning_status" text,
	"planning_note" text,
	"construction_status" text,
	"construction_note" text,
	"handover_status" text,
	"handover_note" text,
	"use_status" text,
	"use_note" text,
	"created_by" integer,
	"updated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "facility_areas" (
	"facility_id" integer NOT NULL,
	"residential_area_id" integer NOT NULL,
	CONSTRAINT "facility_areas_facility_id_residential_area_id_pk" PRIMARY KEY("facility_id","residential_area_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_locks" (
	"district_code" text NOT NULL,
	"survey_id" integer NOT NULL,
	"reason" text NOT NULL,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_locks_district_code_survey_id_pk" PRIMARY KEY("district_code","survey_id")
);
--> statement-breakpoint
CREATE TABLE "residential_areas" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text DEFAULT '3703' NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"lon" double precision,
	"lat" double precision,
	"households" integer NOT NULL,
	"population" integer,
	"build_year" integer,
	"kind" text NOT NULL,
	"created_by" integer,
	"updated_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_submission_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"action" text NOT NULL,
	"actor_id" integer,
	"actor_name" text,
	"department_code" text,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_submissions" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text DEFAULT '3703' NOT NULL,
	"survey_id" integer NOT NULL,
	"district_code" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"filings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"snapshot" jsonb,
	"submitted_at" timestamp with time zone,
	"submitted_by" integer,
	"returned_at" timestamp with time zone,
	"returned_by" integer,
	"return_comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text DEFAULT '3703' NOT NULL,
	"name" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_areas" ADD CONSTRAINT "facility_areas_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_areas" ADD CONSTRAINT "facility_areas_residential_area_id_residential_areas_id_fk" FOREIGN KEY ("residential_area_id") REFERENCES "public"."residential_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residential_areas" ADD CONSTRAINT "residential_areas_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_submission_events" ADD CONSTRAINT "survey_submission_events_submission_id_survey_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."survey_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_submissions" ADD CONSTRAINT "survey_submissions_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_submissions" ADD CONSTRAINT "survey_submissions_district_code_regions_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "facilities_region_idx" ON "facilities" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "facilities_type_idx" ON "facilities" USING btree ("type");--> statement-breakpoint
CREATE INDEX "facilities_category_idx" ON "facilities" USING btree ("category");--> statement-breakpoint
CREATE INDEX "facility_areas_area_idx" ON "facility_areas" USING btree ("residential_area_id");--> statement-breakpoint
CREATE INDEX "residential_areas_region_idx" ON "residential_areas" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "residential_areas_name_idx" ON "residential_areas" USING btree ("name");--> statement-breakpoint
CREATE INDEX "survey_submission_events_sub_idx" ON "survey_submission_events" USING btree ("submission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_submissions_uq" ON "survey_submissions" USING btree ("survey_id","district_code");--> statement-breakpoint
CREATE INDEX "survey_submissions_district_idx" ON "survey_submissions" USING btree ("district_code");