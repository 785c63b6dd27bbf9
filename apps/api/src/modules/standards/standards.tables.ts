import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * Every version of every rule; exactly one version of a rule is current. Findings name the
 * version they used (ruleId + ruleVersion), so an old evaluation stays explainable.
 */
export const standardRules = pgTable(
  'standard_rules',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    current: boolean('current').notNull(),
    category: text('category'),
    facilityType: text('facility_type'),
    /** The whole rule as the contract shapes it (StandardRule). */
    rule: jsonb('rule').notNull(),
    createdBy: integer('created_by'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.version] }),
    index('standard_rules_current_idx').on(t.current, t.category),
  ],
);
