import { and, asc, desc, eq, gt, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditEventRecord } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { GENESIS_HASH, hashEvent, recordAuditNow } from '../../platform/audit/record.ts';
import { validationFailed } from '../../platform/http/errors.ts';

function parseTime(value: string | undefined, path: string, endOfDay: boolean): Date | undefined {
  if (!value) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}+08:00`
    : value;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()))
    throw validationFailed([{ path, message: '时间格式应为 YYYY-MM-DD 或 ISO-8601' }]);
  return d;
}

export async function findAuditEvents(input: {
  db: Db;
  entity?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}): Promise<{ items: AuditEventRecord[]; total: number }> {
  const { db } = input;
  const conds: SQL[] = [];
  if (input.entity) conds.push(eq(auditEvents.entity, input.entity));
  if (input.actor) conds.push(eq(auditEvents.actor, input.actor));
  if (input.action) conds.push(sql`${auditEvents.action} like ${`${input.action}%`}`);
  const from = parseTime(input.from, 'query.from', false);
  const to = parseTime(input.to, 'query.to', true);
  if (from) conds.push(gte(auditEvents.at, from));
  if (to) conds.push(lte(auditEvents.at, to));
  const where = conds.length ? and(...conds) : undefined;
  const rows = await db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.seq))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(where);
  return {
    items: rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actor: r.actor,
      actorId: r.actorId,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      ip: r.ip,
      hash: r.hash,
    })),
    total,
  };
}

const BATCH = 5_000;

/**
 * Walks the whole chain in order, recomputing every hash: a row changed, removed or inserted
 * below the database trigger breaks the chain at that row.
 */
export async function verifyAuditChain(input: { db: Db; actor: Actor }) {
  const { db, actor } = input;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let firstBadSeq: number | null = null;
  let after = 0;
  outer: for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, after))
      .orderBy(asc(auditEvents.seq))
      .limit(BATCH);
    if (rows.length === 0) break;
    for (const r of rows) {
      count++;
      const recomputed = hashEvent({ ...r, before: r.before ?? null, after: r.after ?? null });
      if (r.seq !== expectedSeq || r.prevHash !== prevHash || r.hash !== recomputed) {
        firstBadSeq = r.seq;
        break outer;
      }
      prevHash = r.hash;
      expectedSeq++;
      after = r.seq;
    }
  }
  if (firstBadSeq !== null) {
    const [{ total } = { total: count }] = await db
      .select({ total: sql<number>`count(*)::int` })
      .from(auditEvents);
    count = total;
  }
  const result = { ok: firstBadSeq === null, count, firstBadSeq };
  await recordAuditNow(db, { actor, action: 'audit.verify', entity: 'audit', after: result });
  return result;
}
