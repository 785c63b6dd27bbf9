ALTER TABLE "users" ADD COLUMN "password_history" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "inactive_locked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "reactivated_at" timestamp with time zone;