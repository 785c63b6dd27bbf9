import { bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * What changed in the ledger, one row per statement, written by database triggers on
 * residential_areas, facilities and facility_areas (migration 0014), so every writer is covered
 * (single edits, imports, other processes). Each process's gap-analysis cache reads the rows
 * after the sequence it has seen and re-evaluates only those areas and facilities (issue 12).
 * `kind` is 'area' or 'facility'; rows older than an hour are pruned.
 */
export const gapLedgerChanges = pgTable(
  'gap_ledger_changes',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    ids: integer('ids').array().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('gap_ledger_changes_at_idx').on(t.at)],
);
