CREATE TABLE "supervision_order_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"action" text NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_orders" (
	"id" serial PRIMARY KEY NOT NULL,
	"city_code" text DEFAULT '3703' NOT NULL,
	"color" text NOT NULL,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"target_code" text NOT NULL,
	"target_name" text NOT NULL,
	"scope_region_code" text NOT NULL,
	"problem_id" integer,
	"dedupe_key" text,
	"raised_by" integer,
	"raised_by_name" text NOT NULL,
	"raised_by_department" text,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sign_due_date" date NOT NULL,
	"reply_due_date" date NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by_name" text,
	"reply" text,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"demo" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "supervision_order_events" ADD CONSTRAINT "supervision_order_events_order_id_supervision_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."supervision_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supervision_order_events_order_idx" ON "supervision_order_events" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_orders_dedupe_uq" ON "supervision_orders" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "supervision_orders_target_idx" ON "supervision_orders" USING btree ("target_code");--> statement-breakpoint
CREATE INDEX "supervision_orders_scope_idx" ON "supervision_orders" USING btree ("scope_region_code" text_pattern_ops);