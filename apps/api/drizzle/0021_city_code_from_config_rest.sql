ALTER TABLE "leading_group_members" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "supervision_orders" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "feedback" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "bulletins" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "questionnaires" ALTER COLUMN "city_code" DROP DEFAULT;
