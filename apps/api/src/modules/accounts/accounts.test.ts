import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { startTestApp, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

type ErrorBody = {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
};

describe('accounts and forced password change', () => {
  it('an admin-created account must change its password before anything else', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/users', {
      username: 'zd_ledger',
      displayName: '张店区台账员',
      password: 'Start#2026a',
      regionCode: '370303',
    });
    expect(created.statusCode).toBe(201);
    const user = created.json<{ id: number; roles: string[]; mustChangePassword: boolean }>();
    expect(user).toMatchObject({ roles: [], mustChangePassword: true });

    const security = await t.login('security');
    const granted = await security.put(`/api/users/${user.id}/grants`, {
      roles: ['district'],
      regionCode: '370303',
      categories: ['education', 'health'],
    });
    expect(granted.statusCode).toBe(200);

    const fresh = await t.login('zd_ledger', 'Start#2026a');
    const me = await fresh.get('/api/auth/me');
    expect(me.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(true);
    const blocked = await fresh.get('/api/regions?parent=3703');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json<ErrorBody>().error.code).toBe('PASSWORD_CHANGE_REQUIRED');

    const weak = await fresh.post('/api/auth/change-password', {
      currentPassword: 'Start#2026a',
      newPassword: 'abcdefgh',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<ErrorBody>().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
    });

    const changed = await fresh.post('/api/auth/change-password', {
      currentPassword: 'Start#2026a',
      newPassword: 'Mine#2026b',
    });
    expect(changed.statusCode).toBe(200);
    expect((await fresh.get('/api/regions?parent=3703')).statusCode).toBe(200);
  });

  it('refuses a weak password when an administrator creates an account', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/users', {
      username: 'weakling',
      displayName: '弱密码',
      password: 'password',
      regionCode: '3703',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorBody>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toContainEqual({
      path: 'password',
      message: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
    });
  });

  it('refuses a duplicate username with 409', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/users', {
      username: 'OFFICE',
      displayName: '重复',
      password: 'Start#2026a',
      regionCode: '3703',
    });
    expect(res.statusCode).toBe(409);
  });

  it('a password reset forces a change again and ends the account’s sessions', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/users', {
      username: 'resetme',
      displayName: '重置',
      password: 'Start#2026a',
      regionCode: '3703',
    });
    const id = created.json<{ id: number }>().id;
    const user = await t.login('resetme', 'Start#2026a');
    await user.post('/api/auth/change-password', {
      currentPassword: 'Start#2026a',
      newPassword: 'Mine#2026b',
    });
    expect((await user.get('/api/auth/me')).statusCode).toBe(200);
    expect(
      (await admin.post(`/api/users/${id}/reset-password`, { password: 'Again#2026c' })).statusCode,
    ).toBe(200);
    expect((await user.get('/api/auth/me')).statusCode).toBe(401);
    const again = await t.login('resetme', 'Again#2026c');
    expect(
      (await again.get('/api/auth/me')).json<{ user: { mustChangePassword: boolean } }>().user
        .mustChangePassword,
    ).toBe(true);
  });

  it('a disabled account cannot sign in and its sessions end', async () => {
    const admin = await t.login('admin');
    const zichuan = await t.login('zichuan');
    const [row] = (await admin.get('/api/users?q=zichuan')).json<{
      items: { id: number; version: number }[];
    }>().items;
    expect((await admin.patch(`/api/users/${row!.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await zichuan.get('/api/auth/me')).statusCode).toBe(401);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'zichuan', password: 'Zibo@2020' },
    });
    expect(res.statusCode).toBe(403);
    expect((await admin.patch(`/api/users/${row!.id}`, { disabled: false })).statusCode).toBe(200);
    await t.login('zichuan');
  });

  it('refuses a stale version with 409 CONFLICT', async () => {
    const admin = await t.login('admin');
    const [row] = (await admin.get('/api/users?q=leader')).json<{
      items: { id: number; version: number }[];
    }>().items;
    expect(
      (
        await admin.patch(`/api/users/${row!.id}`, {
          displayName: '市领导甲（演示）',
          version: row!.version,
        })
      ).statusCode,
    ).toBe(200);
    const stale = await admin.patch(`/api/users/${row!.id}`, {
      displayName: '市领导乙（演示）',
      version: row!.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ErrorBody>().error.code).toBe('CONFLICT');
  });
});

describe('三员分立 — separation of the three administrators', () => {
  it('the system administrator cannot grant roles nor read the audit log', async () => {
    const admin = await t.login('admin');
    expect(
      (
        await admin.put('/api/users/4/grants', {
          roles: ['leader'],
          regionCode: '3703',
          categories: [],
        })
      ).statusCode,
    ).toBe(403);
    expect((await admin.get('/api/audit')).statusCode).toBe(403);
  });

  it('the security administrator cannot create accounts, reset passwords nor read the audit log', async () => {
    const security = await t.login('security');
    expect(
      (
        await security.post('/api/users', {
          username: 'sneaky',
          displayName: 'x',
          password: 'Start#2026a',
          regionCode: '3703',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await security.post('/api/users/4/reset-password', { password: 'Start#2026a' })).statusCode,
    ).toBe(403);
    expect((await security.get('/api/audit')).statusCode).toBe(403);
  });

  it('the auditor only reads and verifies the audit log', async () => {
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit')).statusCode).toBe(200);
    expect((await auditor.get('/api/audit/verify')).statusCode).toBe(200);
    expect((await auditor.get('/api/users')).statusCode).toBe(403);
    expect((await auditor.get('/api/regions')).statusCode).toBe(403);
    expect(
      (await auditor.put('/api/users/4/grants', { roles: [], regionCode: '3703', categories: [] }))
        .statusCode,
    ).toBe(403);
  });

  it('no account may hold two administrator roles, or one with a business role', async () => {
    const security = await t.login('security');
    const two = await security.put('/api/users/12/grants', {
      roles: ['sys_admin', 'audit_admin'],
      regionCode: '3703',
      categories: [],
    });
    expect(two.statusCode).toBe(422);
    expect(two.json<ErrorBody>().error).toMatchObject({
      code: 'RULE_VIOLATION',
      message: '系统管理员、安全管理员、审计管理员三员分立，不能由同一账号兼任',
    });
    const mixed = await security.put('/api/users/12/grants', {
      roles: ['security_admin', 'district'],
      regionCode: '3703',
      categories: [],
    });
    expect(mixed.statusCode).toBe(422);
  });

  it('the security administrator cannot change its own grants', async () => {
    const security = await t.login('security');
    const me = (await security.get('/api/auth/me')).json<{ user: { id: number } }>().user;
    const res = await security.put(`/api/users/${me.id}/grants`, {
      roles: ['security_admin', 'office'],
      regionCode: '3703',
      categories: [],
    });
    expect(res.statusCode).toBe(422);
  });

  it('records every grant in the audit log with before and after', async () => {
    const security = await t.login('security');
    const res = await security.put('/api/users/13/grants', {
      roles: ['district'],
      regionCode: '370302',
      categories: ['education'],
    });
    expect(res.statusCode).toBe(200);
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.grant'));
    const last = events.at(-1)!;
    expect(last.entityId).toBe('13');
    expect(last.actor).toBe('security');
    expect(last.after).toMatchObject({
      roles: ['district'],
      regionCode: '370302',
      categories: ['education'],
    });
  });
});
