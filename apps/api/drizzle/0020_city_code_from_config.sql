ALTER TABLE "facilities" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "residential_areas" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "survey_submissions" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "surveys" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "attachments" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "problems" ALTER COLUMN "city_code" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "projects" ALTER COLUMN "city_code" DROP DEFAULT;