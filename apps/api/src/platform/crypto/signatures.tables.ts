import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * SM2 signatures of issued documents (GB/T 39786-2021 8.4 h, non-repudiation of data): one row per
 * signed part (e.g. a bulletin's `.docx` and its `.xlsx` annex), kept beside the record rather
 * than inside it, so every module signs the same way.
 */
export const documentSignatures = pgTable(
  'document_signatures',
  {
    id: serial('id').primaryKey(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    part: text('part').notNull(),
    algorithm: text('algorithm').notNull(),
    /** The SM2 distinguishing identifier used for Z_A (the standard 1234567812345678). */
    userId: text('user_id').notNull(),
    publicKey: text('public_key').notNull(),
    /** SM3 of the signed bytes, hex: what was signed, without keeping a second copy. */
    sm3: text('sm3').notNull(),
    signature: text('signature').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('document_signatures_part_uq').on(t.entity, t.entityId, t.part),
    index('document_signatures_entity_idx').on(t.entity, t.entityId),
  ],
);
