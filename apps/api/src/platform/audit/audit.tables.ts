import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit log. A trigger (migration 0001) refuses UPDATE, DELETE and
 * TRUNCATE; `hash = sha256(prevHash | canonical row)` makes any change below the trigger visible.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: integer('actor_id'),
    actor: text('actor'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** The algorithm that sealed this link: `sha256` or `hmac-sm3` (CRYPTO_SUITE=gm, ADR 0013). */
    alg: text('alg').notNull().default('sha256'),
  },
  (t) => [
    index('audit_events_entity_idx').on(t.entity, t.entityId),
    index('audit_events_actor_idx').on(t.actor),
    index('audit_events_at_idx').on(t.at),
  ],
);

/**
 * Where the kept chain starts after old records were pruned (at least AUDIT_RETENTION_DAYS old,
 * exported first): the verifier continues from the last prune's seq and hash.
 */
export const auditPrunes = pgTable('audit_prunes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  /** The last pruned record: the first kept record's prev_hash equals `hash`. */
  throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  count: integer('count').notNull(),
  actor: text('actor'),
});
