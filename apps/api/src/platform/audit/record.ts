import { desc, sql } from 'drizzle-orm';
import type { AuditAction, AuditEntity } from '@zibo/shared';
import type { Db } from '../db/client.ts';
import { auditEvents } from './audit.tables.ts';
import type { Actor } from '../auth/actor.ts';
import { chainAlgorithm, chainDigest } from '../crypto/suite.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditInput = {
  actor: Pick<Actor, 'id' | 'username' | 'ip'> | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

/** JSON with object keys sorted, so a value hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Plain JSON (dates as ISO strings), as it will be stored in jsonb. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export type ChainedFields = {
  seq: number;
  at: Date;
  actorId: number | null;
  actor: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  prevHash: string;
  /** Absent or `sha256` for the original chain; the algorithm is sealed into newer links. */
  alg?: string;
};

export function hashEvent(e: ChainedFields): string {
  const alg = e.alg ?? 'sha256';
  const payload = canonicalJson({
    ...(alg === 'sha256' ? {} : { alg }),
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
    ip: e.ip,
  });
  return chainDigest(alg, e.prevHash, payload);
}

// Any constant: serialises writers of the chain for the length of their transaction.
export const AUDIT_CHAIN_LOCK = 370_300_2020;

/**
 * Appends one event to the chain. Call it inside the transaction that makes the change, so the
 * change and its record commit together or not at all.
 */
export async function recordAudit(tx: Db, input: AuditInput): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const fields: ChainedFields = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date(),
    actorId: input.actor?.id ?? null,
    actor: input.actor?.username ?? null,
    action: input.action,
    entity: input.entity,
    entityId:
      input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
    before: toJsonValue(input.before ?? null),
    after: toJsonValue(input.after ?? null),
    ip: input.ip ?? input.actor?.ip ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
    alg: chainAlgorithm(),
  };
  await tx.insert(auditEvents).values({ ...fields, hash: hashEvent(fields) });
}

/** Records an event in a transaction of its own (sign-in attempts, refusals). */
export async function recordAuditNow(db: Db, input: AuditInput): Promise<void> {
  await db.transaction(async (tx) => {
    await recordAudit(tx, input);
  });
}
