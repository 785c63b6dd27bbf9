import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { mfaEnrolmentRequired } from '../../platform/auth/mfa-policy.ts';
import { base32Decode, totp } from '../../platform/auth/totp.ts';
import { Client, sessionCookieOf, startTestApp, type TestApp } from '../../../test/harness.ts';

/** Issue 11: second factor (等保 8.1.4.1 d, two techniques, one cryptographic; API.md Auth). */
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

async function signIn(username: string, password: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  return { res, cookie: sessionCookieOf(res) };
}

async function secondStep(cookie: string | null, code: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/mfa',
    headers: cookie ? { cookie } : {},
    payload: { code },
  });
}

describe('second factor for administrators', () => {
  it('enrols, signs in with TOTP and a recovery code, and is reset by the security admin', async () => {
    const username = `sysadm${Date.now()}`;
    const created = await admin.post('/api/users', {
      username,
      displayName: '新系统管理员',
      password: 'Start#2026a',
      regionCode: '3703',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: number }>().id;
    const granted = await security.put(`/api/users/${id}/grants`, {
      roles: ['sys_admin'],
      regionCode: '3703',
      categories: [],
    });
    expect(granted.statusCode, granted.body).toBe(200);

    // First sign-in: the forced password change, then the compulsory enrolment.
    const first = await signIn(username, 'Start#2026a');
    expect(first.res.statusCode).toBe(200);
    let me = new Client(t.app, first.cookie, first.res.json<{ csrfToken: string }>().csrfToken);
    expect(
      (
        await me.post('/api/auth/change-password', {
          currentPassword: 'Start#2026a',
          newPassword: 'Better#2026b',
        })
      ).statusCode,
    ).toBe(200);
    const blocked = await me.get('/api/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'MFA_ENROLMENT_REQUIRED',
      message: expect.stringMatching(/动态验证码/),
    });
    expect((await me.get('/api/auth/me')).statusCode).toBe(200);

    const enrol = await me.post('/api/auth/mfa/enroll');
    expect(enrol.statusCode, enrol.body).toBe(200);
    const { secret, otpauthUri } = enrol.json<{ secret: string; otpauthUri: string }>();
    expect(otpauthUri).toContain(`secret=${secret}`);
    const seed = base32Decode(secret);
    // The seed is sealed at rest.
    const [row] = await t.db.select().from(users).where(eq(users.id, id));
    expect(row!.mfaSecret).toBeTruthy();
    expect(row!.mfaSecret).not.toContain(secret);
    expect(row!.mfaSecret).not.toContain(seed.toString('base64url'));

    const wrong = await me.post('/api/auth/mfa/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    const now = Date.now() / 1000;
    const confirm = await me.post('/api/auth/mfa/confirm', { code: totp(seed, now) });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const { recoveryCodes } = confirm.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await me.get('/api/users')).statusCode).toBe(200);

    // Next sign-in: password, then {mfaRequired} and no usable session until the code.
    const second = await signIn(username, 'Better#2026b');
    expect(second.res.statusCode).toBe(200);
    expect(second.res.json()).toEqual({ mfaRequired: true });
    me = new Client(t.app, second.cookie, null);
    expect((await me.get('/api/auth/me')).statusCode).toBe(401);
    expect((await secondStep(second.cookie, '123456')).statusCode).toBe(401);
    // The code used at confirmation does not work twice; the next step's does.
    expect((await secondStep(second.cookie, totp(seed, now))).statusCode).toBe(401);
    const ok = await secondStep(second.cookie, totp(seed, now + 30));
    expect(ok.statusCode, ok.body).toBe(200);
    const { csrfToken } = ok.json<{ csrfToken: string; user: { username: string } }>();
    me = new Client(t.app, second.cookie, csrfToken);
    expect((await me.get('/api/users')).statusCode).toBe(200);

    // A recovery code works once.
    const third = await signIn(username, 'Better#2026b');
    expect((await secondStep(third.cookie, recoveryCodes[0]!)).statusCode).toBe(200);
    const fourth = await signIn(username, 'Better#2026b');
    expect((await secondStep(fourth.cookie, recoveryCodes[0]!)).statusCode).toBe(401);

    // Reset by the security administrator: sessions end, enrolment is due again.
    const reset = await security.post(`/api/users/${id}/mfa/reset`);
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await me.get('/api/users')).statusCode).toBe(401);
    const fifth = await signIn(username, 'Better#2026b');
    expect(fifth.res.json()).toHaveProperty('csrfToken');
    const again = new Client(
      t.app,
      fifth.cookie,
      fifth.res.json<{ csrfToken: string }>().csrfToken,
    );
    expect((await again.get('/api/users')).statusCode).toBe(403);

    // Enrolment and reset are audited.
    const list = (
      await t.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(and(eq(auditEvents.entity, 'user'), eq(auditEvents.entityId, String(id))))
    ).map((r) => r.action);
    expect(list).toEqual(
      expect.arrayContaining([
        'auth.mfa_enrolment_started',
        'auth.mfa_enrolled',
        'auth.mfa_failed',
        'user.mfa_reset',
      ]),
    );
  });

  it('only the security administrator resets a second factor', async () => {
    const res = await admin.post('/api/users/1/mfa/reset');
    expect(res.statusCode).toBe(403);
  });

  it('demo accounts are exempt; the setting makes it compulsory for every account', () => {
    const base = { mfaEnabledAt: null, mfaExempt: false };
    expect(mfaEnrolmentRequired({ ...base, roles: ['sys_admin'] }, false)).toBe(true);
    expect(mfaEnrolmentRequired({ ...base, roles: ['audit_admin'] }, false)).toBe(true);
    expect(mfaEnrolmentRequired({ ...base, roles: ['district'] }, false)).toBe(false);
    expect(mfaEnrolmentRequired({ ...base, roles: ['district'] }, true)).toBe(true);
    expect(mfaEnrolmentRequired({ ...base, mfaExempt: true, roles: ['sys_admin'] }, true)).toBe(
      false,
    );
  });
});
