CREATE TABLE "audit_prunes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_prunes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"through_seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"count" integer NOT NULL,
	"actor" text
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "alg" text DEFAULT 'sha256' NOT NULL;