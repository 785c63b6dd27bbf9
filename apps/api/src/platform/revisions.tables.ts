import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Monotonic counters per data set ('ledger', 'standards'), bumped in the transaction that changes
 * the data. In-memory caches (the gap-analysis engine) compare them to know they are current,
 * also when another process made the change.
 */
export const revisions = pgTable('revisions', {
  key: text('key').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull().default(0),
});
