CREATE TABLE "questionnaire_answers" (
	"id" serial PRIMARY KEY NOT NULL,
	"questionnaire_id" integer NOT NULL,
	"community_code" text NOT NULL,
	"residential_area_id" integer,
	"device_hash" text NOT NULL,
	"phone_hash" text,
	"phone_enc" text,
	"replies" jsonb NOT NULL,
	"consent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"contact_erased_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questionnaires" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text DEFAULT '3703' NOT NULL,
	"title" text NOT NULL,
	"intro" text,
	"owner_region_code" text NOT NULL,
	"community_codes" text[] NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"questions" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" integer NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "questionnaire_answers" ADD CONSTRAINT "questionnaire_answers_questionnaire_id_questionnaires_id_fk" FOREIGN KEY ("questionnaire_id") REFERENCES "public"."questionnaires"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_answers_device_uq" ON "questionnaire_answers" USING btree ("questionnaire_id","device_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_answers_phone_uq" ON "questionnaire_answers" USING btree ("questionnaire_id","phone_hash") WHERE "questionnaire_answers"."phone_hash" is not null;--> statement-breakpoint
CREATE INDEX "questionnaire_answers_community_idx" ON "questionnaire_answers" USING btree ("questionnaire_id","community_code");--> statement-breakpoint
CREATE INDEX "questionnaires_owner_idx" ON "questionnaires" USING btree ("owner_region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "questionnaires_communities_idx" ON "questionnaires" USING gin ("community_codes");