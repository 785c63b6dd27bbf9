import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { runDueJobs } from '../../platform/jobs/jobs.ts';
import { JOB_HANDLERS } from '../../jobs.ts';
import { Client, sessionCookieOf, startTestApp, type TestApp } from '../../../test/harness.ts';
import { scheduleAccountHygiene } from './index.ts';

/**
 * Issue 11, account hygiene (等保 8.1.4.1 b): no reuse of the last five passwords, a maximum
 * password age and a lock on inactive accounts, both settings; every step audited.
 */
let t: TestApp;
let admin: Client;
let security: Client;
beforeAll(async () => {
  t = await startTestApp();
  [admin, security] = await Promise.all([t.login('admin'), t.login('security')]);
});
afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;

async function signIn(username: string, password: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  const client =
    res.statusCode === 200
      ? new Client(t.app, sessionCookieOf(res), res.json<{ csrfToken: string }>().csrfToken)
      : null;
  return { res, client };
}

/** A district account with an administrator's initial password, changed once to `password`. */
async function newDistrictAccount(prefix: string, password: string) {
  const username = `${prefix}${Date.now().toString(36)}`;
  const created = await admin.post('/api/users', {
    username,
    displayName: '测试区县账号',
    password: 'Start#2026a',
    regionCode: '3703',
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: number }>().id;
  const granted = await security.put(`/api/users/${id}/grants`, {
    roles: ['district'],
    regionCode: '370303',
    categories: [],
  });
  expect(granted.statusCode, granted.body).toBe(200);
  const first = await signIn(username, 'Start#2026a');
  const changed = await first.client!.post('/api/auth/change-password', {
    currentPassword: 'Start#2026a',
    newPassword: password,
  });
  expect(changed.statusCode, changed.body).toBe(200);
  return { username, id };
}

async function auditActions(id: number, actions: string[]) {
  const rows = await t.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, String(id)), inArray(auditEvents.action, actions)));
  return rows.map((r) => r.action);
}

describe('account hygiene', () => {
  it('refuses any of the last five passwords, and accepts the sixth-oldest again', async () => {
    const pw = ['Hist#2026a', 'Hist#2026b', 'Hist#2026c', 'Hist#2026d', 'Hist#2026e'];
    const { username } = await newDistrictAccount('hist', pw[0]!);
    let { client } = await signIn(username, pw[0]!);
    for (let i = 1; i < pw.length; i++) {
      const res = await client!.post('/api/auth/change-password', {
        currentPassword: pw[i - 1],
        newPassword: pw[i],
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    // Current: e; history: d, c, b, a — all five refused.
    for (const old of pw) {
      const res = await client!.post('/api/auth/change-password', {
        currentPassword: pw[4],
        newPassword: old,
      });
      expect(res.statusCode, old).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toBe(
        '新密码不能与最近 5 次使用过的密码相同',
      );
    }
    const sixth = await client!.post('/api/auth/change-password', {
      currentPassword: pw[4],
      newPassword: 'Hist#2026f',
    });
    expect(sixth.statusCode, sixth.body).toBe(200);
    ({ client } = await signIn(username, 'Hist#2026f'));
    // Now 'a' has left the last five (f, e, d, c, b).
    const again = await client!.post('/api/auth/change-password', {
      currentPassword: 'Hist#2026f',
      newPassword: pw[0],
    });
    expect(again.statusCode, again.body).toBe(200);
  });

  it('an administrator reset counts as a password: the account cannot change back to it', async () => {
    const { username, id } = await newDistrictAccount('reset', 'Mine#2026a');
    const reset = await admin.post(`/api/users/${id}/reset-password`, { password: 'Temp#2026a' });
    expect(reset.statusCode, reset.body).toBe(200);
    const { client } = await signIn(username, 'Temp#2026a');
    const back = await client!.post('/api/auth/change-password', {
      currentPassword: 'Temp#2026a',
      newPassword: 'Mine#2026a',
    });
    expect(back.statusCode).toBe(400);
  });

  it('a password older than the maximum age must be changed at the next sign-in', async () => {
    const { username, id } = await newDistrictAccount('aged', 'Aged#2026a');
    await t.db
      .update(users)
      .set({ passwordChangedAt: new Date(Date.now() - 91 * DAY) })
      .where(eq(users.id, id));
    const { res, client } = await signIn(username, 'Aged#2026a');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(
      true,
    );
    const blocked = await client!.get('/api/residential-areas');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'PASSWORD_CHANGE_REQUIRED',
      message: expect.stringContaining('已过有效期') as string,
    });
    const changed = await client!.post('/api/auth/change-password', {
      currentPassword: 'Aged#2026a',
      newPassword: 'Aged#2026b',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await client!.get('/api/residential-areas')).statusCode).toBe(200);
    expect(await auditActions(id, ['auth.password_expired'])).toEqual(['auth.password_expired']);
  });

  it('the maximum age is a setting: 120 days leaves a 100-day-old password in force', async () => {
    const current = await admin.get('/api/settings');
    const view = current.json<{ version: number; passwordMaxAgeDays: number }>();
    expect(view.passwordMaxAgeDays).toBe(90);
    const set = await admin.put('/api/settings', {
      passwordMaxAgeDays: 120,
      version: view.version,
    });
    expect(set.statusCode, set.body).toBe(200);
    try {
      const { username, id } = await newDistrictAccount('age120', 'Long#2026a');
      await t.db
        .update(users)
        .set({ passwordChangedAt: new Date(Date.now() - 100 * DAY) })
        .where(eq(users.id, id));
      const { res } = await signIn(username, 'Long#2026a');
      expect(res.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(
        false,
      );
    } finally {
      const v = (await admin.get('/api/settings')).json<{ version: number }>().version;
      await admin.put('/api/settings', { passwordMaxAgeDays: 90, version: v });
    }
  });

  it('refuses settings outside their range with a Chinese message', async () => {
    const { version } = (await admin.get('/api/settings')).json<{ version: number }>();
    for (const patch of [
      { passwordMaxAgeDays: 3 },
      { passwordMaxAgeDays: 1000 },
      { inactiveLockDays: 0 },
      { mfaRequiredForAll: 'yes' },
    ]) {
      const res = await admin.put('/api/settings', { ...patch, version });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('locks an account unused for the set time; only an administrator unlocks it', async () => {
    const { username, id } = await newDistrictAccount('idle', 'Idle#2026a');
    const long = new Date(Date.now() - 100 * DAY);
    await t.db
      .update(users)
      .set({ lastLoginAt: long, createdAt: long, passwordChangedAt: new Date() })
      .where(eq(users.id, id));
    const first = await signIn(username, 'Idle#2026a');
    expect(first.res.statusCode).toBe(423);
    expect(first.res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining('未登录') as string,
    });
    // Still locked, even with the right password and after the time of a failure lockout.
    const second = await signIn(username, 'Idle#2026a');
    expect(second.res.statusCode).toBe(423);
    const listed = await admin.get(`/api/users/${id}`);
    expect(listed.json<{ locked: boolean }>().locked).toBe(true);

    const unlock = await admin.patch(`/api/users/${id}`, { unlock: true });
    expect(unlock.statusCode, unlock.body).toBe(200);
    expect(unlock.json<{ locked: boolean }>().locked).toBe(false);
    const third = await signIn(username, 'Idle#2026a');
    expect(third.res.statusCode, third.res.body).toBe(200);
    expect(
      await auditActions(id, ['auth.inactive_locked', 'auth.login_inactive_locked', 'user.unlock']),
    ).toEqual(
      expect.arrayContaining(['auth.inactive_locked', 'auth.login_inactive_locked', 'user.unlock']),
    );
  });

  it('the daily job locks idle accounts before they try to sign in, and ends their sessions', async () => {
    const idle = await newDistrictAccount('dailyidle', 'Daily#2026a');
    const recent = await newDistrictAccount('dailyrecent', 'Daily#2026b');
    // The idle account still holds a session from long ago; the recent one signed in 10 days ago.
    const { client: idleSession } = await signIn(idle.username, 'Daily#2026a');
    expect((await idleSession!.get('/api/auth/me')).statusCode).toBe(200);
    const long = new Date(Date.now() - 95 * DAY);
    const tenDays = new Date(Date.now() - 10 * DAY);
    await t.db
      .update(users)
      .set({ lastLoginAt: long, createdAt: long })
      .where(eq(users.id, idle.id));
    await t.db
      .update(users)
      .set({ lastLoginAt: tenDays, createdAt: long })
      .where(eq(users.id, recent.id));
    await t.db.update(users).set({ lastLoginAt: long }).where(eq(users.username, 'chezhan'));

    // Run by the job runner as the server runs it: scheduled once per Beijing day.
    expect(await scheduleAccountHygiene(t.db, '2099-01-01')).toBe(true);
    expect(await scheduleAccountHygiene(t.db, '2099-01-01')).toBe(false);
    expect(await runDueJobs(t.db, JOB_HANDLERS)).toBeGreaterThanOrEqual(1);

    const [idleRow] = await t.db.select().from(users).where(eq(users.id, idle.id));
    const [recentRow] = await t.db.select().from(users).where(eq(users.id, recent.id));
    const [demoRow] = await t.db.select().from(users).where(eq(users.username, 'chezhan'));
    expect(idleRow!.inactiveLockedAt).not.toBeNull();
    expect(recentRow!.inactiveLockedAt).toBeNull();
    expect(demoRow!.inactiveLockedAt).toBeNull();
    expect((await admin.get(`/api/users/${idle.id}`)).json<{ locked: boolean }>().locked).toBe(
      true,
    );
    expect((await idleSession!.get('/api/auth/me')).statusCode).toBe(401);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityId, String(idle.id)),
          eq(auditEvents.action, 'auth.inactive_locked'),
        ),
      );
    expect(event).toMatchObject({ actor: 'system' });
    expect(event!.after).toMatchObject({ idleDays: 95, limitDays: 90, by: 'daily_check' });
    // Sign-in then refuses it as locked, like the lock found at sign-in.
    expect((await signIn(idle.username, 'Daily#2026a')).res.statusCode).toBe(423);
  });

  it('demo accounts are exempt from the age and inactivity rules', async () => {
    const long = new Date(Date.now() - 400 * DAY);
    await t.db
      .update(users)
      .set({ lastLoginAt: long, passwordChangedAt: long })
      .where(eq(users.username, 'leader'));
    const { res } = await signIn('leader', 'Zibo@2020');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(
      false,
    );
  });

  it('the setting mfaRequiredForAll sends every staff account to enrol a second factor', async () => {
    const { username } = await newDistrictAccount('mfaall', 'Mfaa#2026a');
    const before = await signIn(username, 'Mfaa#2026a');
    expect((await before.client!.get('/api/residential-areas')).statusCode).toBe(200);
    const v = (await admin.get('/api/settings')).json<{ version: number }>().version;
    const on = await admin.put('/api/settings', { mfaRequiredForAll: true, version: v });
    expect(on.statusCode, on.body).toBe(200);
    try {
      const after = await signIn(username, 'Mfaa#2026a');
      expect(
        after.res.json<{ user: { mfaEnrolmentRequired: boolean } }>().user.mfaEnrolmentRequired,
      ).toBe(true);
      const blocked = await after.client!.get('/api/residential-areas');
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json<{ error: { code: string } }>().error.code).toBe('MFA_ENROLMENT_REQUIRED');
      const enrol = await after.client!.post('/api/auth/mfa/enroll');
      expect(enrol.statusCode, enrol.body).toBe(200);
    } finally {
      const v2 = (await admin.get('/api/settings')).json<{ version: number }>().version;
      await admin.put('/api/settings', { mfaRequiredForAll: false, version: v2 });
    }
  });
});
