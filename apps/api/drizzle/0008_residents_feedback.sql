CREATE TABLE "feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text DEFAULT '3703' NOT NULL,
	"tracking_code" text NOT NULL,
	"residential_area_id" integer NOT NULL,
	"region_code" text NOT NULL,
	"category" text NOT NULL,
	"stage" text NOT NULL,
	"kind" text DEFAULT 'report' NOT NULL,
	"description" text NOT NULL,
	"contact_name_enc" text,
	"phone_enc" text,
	"phone_hash" text,
	"attachment_ids" integer[] DEFAULT '{}' NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"consent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"due_date" date NOT NULL,
	"reminded_at" timestamp with time zone,
	"problem_id" integer,
	"answer" text,
	"triaged_by" integer,
	"triaged_at" timestamp with time zone,
	"rating" text,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"review_status" text,
	"review_reason" text,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"contact_erased_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "feedback_tracking_code_unique" UNIQUE("tracking_code")
);
--> statement-breakpoint
CREATE TABLE "feedback_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"feedback_id" integer NOT NULL,
	"action" text NOT NULL,
	"public_text" text,
	"comment" text,
	"actor_id" integer,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_counters" (
	"key" text NOT NULL,
	"window" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "public_counters_key_window_pk" PRIMARY KEY("key","window")
);
--> statement-breakpoint
ALTER TABLE "feedback_events" ADD CONSTRAINT "feedback_events_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_region_idx" ON "feedback" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "feedback_status_idx" ON "feedback" USING btree ("status","category");--> statement-breakpoint
CREATE INDEX "feedback_problem_idx" ON "feedback" USING btree ("problem_id");--> statement-breakpoint
CREATE INDEX "feedback_events_feedback_idx" ON "feedback_events" USING btree ("feedback_id");