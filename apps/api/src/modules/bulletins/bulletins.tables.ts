import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { currentCity } from '../../platform/city.ts';

/**
 * 定期通报 (P11). A draft freezes the figures (`snapshot`); issuing freezes the document too:
 * the issued .docx and .xlsx bytes are kept, so a download months later is the same file.
 * One bulletin per period (the scheduled job relies on it) and one number per issue and year.
 */
export const bulletins = pgTable(
  'bulletins',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    year: integer('year').notNull(),
    issueNo: integer('issue_no').notNull(),
    docNumber: text('doc_number').notNull(),
    title: text('title').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['draft', 'issued'] })
      .notNull()
      .default('draft'),
    snapshot: jsonb('snapshot').notNull(),
    snapshotHash: text('snapshot_hash').notNull(),
    narrative: jsonb('narrative').notNull(),
    /** Issuer, addressees and copy-to as they were at drafting: the document does not drift. */
    letterhead: jsonb('letterhead').notNull(),
    /** Drafted by the scheduled job rather than by hand. */
    scheduled: boolean('scheduled').notNull().default(false),
    documentBase64: text('document_base64'),
    documentHash: text('document_hash'),
    annexBase64: text('annex_base64'),
    annexHash: text('annex_hash'),
    createdById: integer('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    issuedById: integer('issued_by_id'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('bulletins_issue_uq').on(t.cityCode, t.year, t.issueNo),
    uniqueIndex('bulletins_period_uq').on(t.cityCode, t.periodStart, t.periodEnd),
  ],
);

/** Who receives an issued bulletin and signs for it (签收): districts and lead departments. */
export const bulletinRecipients = pgTable(
  'bulletin_recipients',
  {
    bulletinId: integer('bulletin_id')
      .notNull()
      .references(() => bulletins.id, { onDelete: 'cascade' }),
    unitKind: text('unit_kind', { enum: ['region', 'department'] }).notNull(),
    unitCode: text('unit_code').notNull(),
    unitName: text('unit_name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedById: integer('signed_by_id'),
    signedByName: text('signed_by_name'),
  },
  (t) => [
    primaryKey({ columns: [t.bulletinId, t.unitKind, t.unitCode] }),
    index('bulletin_recipients_unit_idx').on(t.unitKind, t.unitCode),
  ],
);
