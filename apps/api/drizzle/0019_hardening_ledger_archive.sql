ALTER TABLE "facilities" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "archive_reason" text;--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "archived_by" integer;--> statement-breakpoint
ALTER TABLE "residential_areas" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "residential_areas" ADD COLUMN "archive_reason" text;--> statement-breakpoint
ALTER TABLE "residential_areas" ADD COLUMN "archived_by" integer;