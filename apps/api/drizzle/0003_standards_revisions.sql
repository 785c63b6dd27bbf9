CREATE TABLE "revisions" (
	"key" text PRIMARY KEY NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standard_rules" (
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"current" boolean NOT NULL,
	"category" text,
	"facility_type" text,
	"rule" jsonb NOT NULL,
	"created_by" integer,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "standard_rules_id_version_pk" PRIMARY KEY("id","version")
);
--> statement-breakpoint
CREATE INDEX "standard_rules_current_idx" ON "standard_rules" USING btree ("current","category");