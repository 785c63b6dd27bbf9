import { and, asc, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditEventRecord } from '@zibo/shared';
import { todayInShanghai } from '../../platform/time.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { auditEvents, auditPrunes } from '../../platform/audit/audit.tables.ts';
import {
  AUDIT_CHAIN_LOCK,
  canonicalJson,
  GENESIS_HASH,
  hashEvent,
  recordAudit,
  recordAuditNow,
} from '../../platform/audit/record.ts';
import { signDocument } from '../../platform/crypto/suite.ts';
import { AppError, validationFailed } from '../../platform/http/errors.ts';

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

/** Where verification starts: the genesis, or the last prune's seq and hash. */
async function chainStart(db: Db): Promise<{ after: number; prevHash: string }> {
  const [last] = await db
    .select({ throughSeq: auditPrunes.throughSeq, hash: auditPrunes.hash })
    .from(auditPrunes)
    .orderBy(desc(auditPrunes.throughSeq))
    .limit(1);
  return last
    ? { after: last.throughSeq, prevHash: last.hash }
    : { after: 0, prevHash: GENESIS_HASH };
}

/** The chain's last record (seq and hash), for backups and off-site exports. */
export async function auditChainHead(db: Db): Promise<{ seq: number; hash: string; alg: string }> {
  const [last] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash, alg: auditEvents.alg })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return last ?? { seq: 0, hash: GENESIS_HASH, alg: 'sha256' };
}

/**
 * Walks the whole chain in order, recomputing every hash: a row changed, removed or inserted
 * below the database trigger breaks the chain at that row. Each link is checked with the
 * algorithm it names; once the chain has moved to HMAC-SM3 a later plain SHA-256 link is a
 * downgrade and breaks it too.
 */
export async function verifyAuditChain(input: { db: Db; actor: Actor }) {
  const { db, actor } = input;
  const start = await chainStart(db);
  let prevHash = start.prevHash;
  let expectedSeq = start.after + 1;
  let count = 0;
  let firstBadSeq: number | null = null;
  let after = start.after;
  let keyed = false;
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
      let recomputed: string | null = null;
      try {
        recomputed = hashEvent({ ...r, before: r.before ?? null, after: r.after ?? null });
      } catch {
        recomputed = null; // an unknown algorithm name
      }
      const downgrade = keyed && r.alg === 'sha256';
      if (r.seq !== expectedSeq || r.prevHash !== prevHash || r.hash !== recomputed || downgrade) {
        firstBadSeq = r.seq;
        break outer;
      }
      if (r.alg !== 'sha256') keyed = true;
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

/** One exported record: every stored field, enough to re-verify the chain off-site. */
function exportLine(r: typeof auditEvents.$inferSelect): string {
  return JSON.stringify({
    seq: r.seq,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
    ip: r.ip,
    prevHash: r.prevHash,
    hash: r.hash,
    alg: r.alg,
  });
}

/**
 * The audit log as JSON Lines for off-site keeping (GB/T 22239 8.1.4.3 c): one record per line,
 * then a last line `{"head":…}` with the chain head and, under the `gm` suite, an SM2 signature of
 * the head. Records the export in the chain first, so the export contains its own record.
 */
export async function* exportAuditLog(input: {
  db: Db;
  actor: Actor;
  fromSeq?: number | undefined;
}): AsyncGenerator<string> {
  const { db, actor } = input;
  await recordAuditNow(db, {
    actor,
    action: 'audit.export',
    entity: 'audit',
    after: { fromSeq: input.fromSeq ?? 1 },
  });
  const head = await auditChainHead(db);
  let after = Math.max(0, (input.fromSeq ?? 1) - 1);
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(gt(auditEvents.seq, after), lte(auditEvents.seq, head.seq)))
      .orderBy(asc(auditEvents.seq))
      .limit(BATCH);
    if (rows.length === 0) break;
    yield `${rows.map(exportLine).join('\n')}\n`;
    count += rows.length;
    after = rows[rows.length - 1]!.seq;
  }
  const headLine = { ...head, count, exportedAt: new Date().toISOString() };
  const signature = signDocument(Buffer.from(canonicalJson(headLine)));
  yield `${JSON.stringify({ head: headLine, signature })}\n`;
}

/**
 * Removes records older than `before` (GB/T 22239 audit retention; 网络安全法 art. 21: at least
 * six months). Refused when `before` is younger than AUDIT_RETENTION_DAYS (never under 180); the
 * database trigger refuses it too. The prune is recorded so verification starts after it.
 */
export async function pruneAuditEvents(input: {
  db: Db;
  actor: Actor | null;
  before: Date;
  retentionDays: number;
}): Promise<{ pruned: number; throughSeq: number | null }> {
  const { db } = input;
  const days = Math.max(180, input.retentionDays);
  const limit = new Date(Date.now() - days * 86_400_000);
  if (input.before.getTime() > limit.getTime()) {
    throw new AppError(
      'RULE_VIOLATION',
      `审计记录至少保存 ${days} 天，只能清理 ${todayInShanghai(limit)} 之前的记录`,
      { retentionDays: days },
    );
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const [last] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .where(lt(auditEvents.at, input.before))
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    if (!last) return { pruned: 0, throughSeq: null };
    await tx.execute(sql`select set_config('zibo.audit_prune', 'on', true)`);
    await tx.execute(sql`select set_config('zibo.audit_retention_days', ${String(days)}, true)`);
    const deleted = await tx
      .delete(auditEvents)
      .where(lte(auditEvents.seq, last.seq))
      .returning({ seq: auditEvents.seq });
    await tx.execute(sql`select set_config('zibo.audit_prune', 'off', true)`);
    await tx.insert(auditPrunes).values({
      throughSeq: last.seq,
      hash: last.hash,
      count: deleted.length,
      actor: input.actor?.username ?? null,
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: 'audit.prune',
      entity: 'audit',
      after: { throughSeq: last.seq, count: deleted.length, retentionDays: days },
    });
    return { pruned: deleted.length, throughSeq: last.seq };
  });
}
