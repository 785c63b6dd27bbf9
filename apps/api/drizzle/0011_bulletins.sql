CREATE TABLE "bulletin_recipients" (
	"bulletin_id" integer NOT NULL,
	"unit_kind" text NOT NULL,
	"unit_code" text NOT NULL,
	"unit_name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by_id" integer,
	"signed_by_name" text,
	CONSTRAINT "bulletin_recipients_bulletin_id_unit_kind_unit_code_pk" PRIMARY KEY("bulletin_id","unit_kind","unit_code")
);
--> statement-breakpoint
CREATE TABLE "bulletins" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text DEFAULT '3703' NOT NULL,
	"year" integer NOT NULL,
	"issue_no" integer NOT NULL,
	"doc_number" text NOT NULL,
	"title" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"snapshot" jsonb NOT NULL,
	"snapshot_hash" text NOT NULL,
	"narrative" jsonb NOT NULL,
	"letterhead" jsonb NOT NULL,
	"scheduled" boolean DEFAULT false NOT NULL,
	"document_base64" text,
	"document_hash" text,
	"annex_base64" text,
	"annex_hash" text,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone,
	"issued_by_id" integer,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bulletin_recipients" ADD CONSTRAINT "bulletin_recipients_bulletin_id_bulletins_id_fk" FOREIGN KEY ("bulletin_id") REFERENCES "public"."bulletins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulletin_recipients_unit_idx" ON "bulletin_recipients" USING btree ("unit_kind","unit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "bulletins_issue_uq" ON "bulletins" USING btree ("city_code","year","issue_no");--> statement-breakpoint
CREATE UNIQUE INDEX "bulletins_period_uq" ON "bulletins" USING btree ("city_code","period_start","period_end");