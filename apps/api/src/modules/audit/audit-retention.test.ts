import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, desc, sql } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { configureCrypto, verifyDocumentSignature } from '../../platform/crypto/suite.ts';
import { canonicalJson } from '../../platform/audit/record.ts';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { pruneAuditEvents } from './audit.service.ts';

type Verify = { ok: boolean; count: number; firstBadSeq: number | null };

// GB/T 22239 8.1.4.3 (security audit): records kept, exported off-site with the chain head,
// sealed with HMAC-SM3 under CRYPTO_SUITE=gm (GB/T 39786 8.4 g). P13 (audit).
describe('audit chain under the gm suite, export and retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The template's chain was written with SHA-256; this app continues it with HMAC-SM3.
    t = await startTestApp({ CRYPTO_SUITE: 'gm' });
  });
  afterAll(async () => {
    await t.close();
    configureCrypto({ cryptoSuite: 'intl', cryptoKey: null, sm2PrivateKey: null });
  });

  it('switching the suite continues the existing chain, each record naming its algorithm', async () => {
    const before = await t.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before.map((r) => r.alg))).toEqual(new Set(['sha256']));
    const auditor = await t.login('auditor');
    const res = (await auditor.get('/api/audit/verify')).json<Verify>();
    expect(res).toMatchObject({ ok: true, firstBadSeq: null });
    const after = await t.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    const added = after.slice(before.length);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((r) => r.alg === 'hmac-sm3')).toBe(true);
    expect(added[0]!.prevHash).toBe(before[before.length - 1]!.hash);
  });

  it('an HMAC-SM3 record altered below the trigger breaks verification at that record', async () => {
    const [last] = await t.db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    const auditor = await t.login('auditor');
    expect(last!.alg).toBe('hmac-sm3');
    // Downgrade: relabel the keyed record as SHA-256 (anyone can compute that hash).
    await t.database.exec(`
      alter table audit_events disable trigger audit_events_append_only;
      update audit_events set alg = 'sha256' where seq = ${last!.seq};
      alter table audit_events enable trigger audit_events_append_only;
    `);
    const res = (await auditor.get('/api/audit/verify')).json<Verify>();
    expect(res).toMatchObject({ ok: false, firstBadSeq: last!.seq });
    await t.database.exec(`
      alter table audit_events disable trigger audit_events_append_only;
      update audit_events set alg = 'hmac-sm3' where seq = ${last!.seq};
      alter table audit_events enable trigger audit_events_append_only;
    `);
    expect((await auditor.get('/api/audit/verify')).json<Verify>().ok).toBe(true);
  });

  it('the audit administrator exports the log as JSON Lines ending with the signed chain head', async () => {
    const auditor = await t.login('auditor');
    const res = await auditor.get('/api/audit/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = lines.pop() as {
      head: { seq: number; hash: string; alg: string; count: number; exportedAt: string };
      signature: { signature: string; algorithm: string } | null;
    };
    const records = lines as { seq: number; hash: string; action: string }[];
    expect(records.length).toBe(last.head.count);
    expect(records[records.length - 1]).toMatchObject({ seq: last.head.seq, hash: last.head.hash });
    expect(records.map((r) => r.action)).toContain('audit.export');
    expect(records.every((r, i) => i === 0 || r.seq === records[i - 1]!.seq + 1)).toBe(true);
    expect(last.signature?.algorithm).toBe('SM2-with-SM3');
    expect(
      verifyDocumentSignature(Buffer.from(canonicalJson(last.head)), last.signature!.signature),
    ).toBe(true);
    // Only the audit administrator may take the log away.
    const admin = await t.login('admin');
    expect((await admin.get('/api/audit/export')).statusCode).toBe(403);
  });

  it('pruning records younger than the retention period is refused, by the service and by the database', async () => {
    await expect(
      pruneAuditEvents({ db: t.db, actor: null, before: new Date(), retentionDays: 180 }),
    ).rejects.toMatchObject({ code: 'RULE_VIOLATION', status: 422 });
    await expect(
      pruneAuditEvents({
        db: t.db,
        actor: null,
        before: new Date(Date.now() - 200 * 86_400_000),
        retentionDays: 365,
      }),
    ).rejects.toMatchObject({ code: 'RULE_VIOLATION' });
    // Nothing here is old enough: an allowed prune removes nothing.
    const none = await pruneAuditEvents({
      db: t.db,
      actor: null,
      before: new Date(Date.now() - 181 * 86_400_000),
      retentionDays: 180,
    });
    expect(none).toEqual({ pruned: 0, throughSeq: null });
    // Even with the prune switch set, the trigger refuses a record younger than 180 days.
    await expect(
      t.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('zibo.audit_prune', 'on', true)`);
        await tx.execute(sql`select set_config('zibo.audit_retention_days', '1', true)`);
        await tx.execute(sql`delete from audit_events where seq = 1`);
      }),
    ).rejects.toThrow();
    expect(
      (await t.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).limit(1))[0]!.seq,
    ).toBe(1);
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json<Verify>().ok).toBe(true);
  });

  it('records older than the retention period are pruned and the kept chain still verifies', async () => {
    // Age the first ten records below the trigger, then re-seal the whole chain as it would have
    // been written then (the ages are part of each hash).
    const rows = await t.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    const { hashEvent } = await import('../../platform/audit/record.ts');
    let prev = rows[0]!.prevHash;
    const statements: string[] = [];
    for (const [i, r] of rows.entries()) {
      const at = i < 10 ? new Date(Date.now() - 400 * 86_400_000 + i * 1000) : r.at;
      const hash = hashEvent({
        ...r,
        at,
        prevHash: prev,
        before: r.before ?? null,
        after: r.after ?? null,
      });
      statements.push(
        `update audit_events set at = '${at.toISOString()}', prev_hash = '${prev}', hash = '${hash}' where seq = ${r.seq};`,
      );
      prev = hash;
    }
    await t.database.exec(`
      alter table audit_events disable trigger audit_events_append_only;
      ${statements.join('\n')}
      alter table audit_events enable trigger audit_events_append_only;
    `);
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json<Verify>().ok).toBe(true);
    const done = await pruneAuditEvents({
      db: t.db,
      actor: null,
      before: new Date(Date.now() - 200 * 86_400_000),
      retentionDays: 180,
    });
    expect(done).toEqual({ pruned: 10, throughSeq: rows[9]!.seq });
    const res = (await auditor.get('/api/audit/verify')).json<Verify>();
    expect(res).toMatchObject({ ok: true, firstBadSeq: null });
    const [first] = await t.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).limit(1);
    expect(first!.seq).toBe(rows[10]!.seq);
  });
});
