import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { startTestApp, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

type AuditList = {
  items: { seq: number; actor: string | null; action: string; entityId: string | null }[];
  total: number;
};

describe('audit log', () => {
  it('records sign-ins, failed sign-ins and refusals', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'edu', password: 'Wrong#2020' },
    });
    const edu = await t.login('edu');
    expect((await edu.get('/api/users')).statusCode).toBe(403);
    const auditor = await t.login('auditor');
    const list = (await auditor.get('/api/audit?pageSize=50')).json<AuditList>();
    const actions = list.items.filter((e) => e.actor === 'edu').map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.login_failed', 'auth.login', 'access.denied']),
    );
    const byAuditor = (
      await auditor.get('/api/audit?actor=auditor&action=auth.login')
    ).json<AuditList>();
    expect(byAuditor.items.length).toBeGreaterThan(0);
  });

  it('an intact chain verifies', async () => {
    const auditor = await t.login('auditor');
    const res = (await auditor.get('/api/audit/verify')).json<{
      ok: boolean;
      count: number;
      firstBadSeq: number | null;
    }>();
    expect(res.ok).toBe(true);
    expect(res.firstBadSeq).toBeNull();
    expect(res.count).toBeGreaterThan(3);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on the audit table', async () => {
    await expect(
      t.database.exec(`update audit_events set actor = 'mallory' where seq = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(t.database.exec(`delete from audit_events where seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.exec(`truncate audit_events`)).rejects.toThrow(/append-only/);
  });

  it('verification names the first row altered below the trigger', async () => {
    const rows = await t.db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .orderBy(asc(auditEvents.seq));
    const target = rows[Math.floor(rows.length / 2)]!.seq;
    await t.database.exec(`
      alter table audit_events disable trigger audit_events_append_only;
      update audit_events set after = '{"roles":["sys_admin"]}'::jsonb where seq = ${target};
      alter table audit_events enable trigger audit_events_append_only;
    `);
    const auditor = await t.login('auditor');
    const res = (await auditor.get('/api/audit/verify')).json<{
      ok: boolean;
      firstBadSeq: number | null;
      count: number;
    }>();
    expect(res).toMatchObject({ ok: false, firstBadSeq: target });
  });

  it('verification also notices a deleted row', async () => {
    const fresh = await startTestApp();
    try {
      const [{ n } = { n: 0 }] = await fresh.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditEvents);
      await fresh.login('office');
      await fresh.database.exec(`
        alter table audit_events disable trigger audit_events_append_only;
        delete from audit_events where seq = ${n};
        alter table audit_events enable trigger audit_events_append_only;
      `);
      const auditor = await fresh.login('auditor');
      const res = (await auditor.get('/api/audit/verify')).json<{
        ok: boolean;
        firstBadSeq: number | null;
      }>();
      expect(res).toMatchObject({ ok: false, firstBadSeq: n + 1 });
    } finally {
      await fresh.close();
    }
  });
});
