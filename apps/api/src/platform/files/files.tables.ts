import { index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { currentCity } from '../city.ts';

/** Uploaded files (photos, plan documents, signed agreements); the bytes live in the storage. */
export const attachments = pgTable(
  'attachments',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: integer('uploaded_by'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_uploaded_by_idx').on(t.uploadedBy)],
);
