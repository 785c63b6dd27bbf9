CREATE TABLE "document_signatures" (
	"id" serial PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"entity_id" integer NOT NULL,
	"part" text NOT NULL,
	"algorithm" text NOT NULL,
	"user_id" text NOT NULL,
	"public_key" text NOT NULL,
	"sm3" text NOT NULL,
	"signature" text NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "document_signatures_part_uq" ON "document_signatures" USING btree ("entity","entity_id","part");--> statement-breakpoint
CREATE INDEX "document_signatures_entity_idx" ON "document_signatures" USING btree ("entity","entity_id");