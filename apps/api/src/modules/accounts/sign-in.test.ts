import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { sessions, users } from '../../platform/auth/auth.tables.ts';
import { startTestApp, sessionCookieOf, type TestApp } from '../../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000' });
});
afterAll(async () => {
  await t.close();
});

describe('sign-in', () => {
  it('signs in a demo account and sets an HttpOnly SameSite=Strict session cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'office', password: 'Zibo@2020' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      user: { username: string; roles: string[]; regionCode: string };
      csrfToken: string;
    }>();
    expect(body.user).toMatchObject({ username: 'office', roles: ['office'], regionCode: '3703' });
    expect(body.csrfToken.length).toBeGreaterThan(20);
    const cookie = res.cookies.find((c) => c.name === 'sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: sessionCookieOf(res)! },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { username: string } }>().user.username).toBe('office');
  });

  it('refuses wrong credentials with 401 and a Chinese message, the same for an unknown user', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'edu', password: 'Wrong@2020' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'Wrong@2020' },
    });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: { code: 'UNAUTHENTICATED', message: '用户名或密码错误' },
      });
    }
  });

  it('locks the account for 15 minutes after five failures in a row, even for the right password', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'sports', password: `Bad#pass${i}` },
      });
      codes.push(r.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 423]);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'sports', password: 'Zibo@2020' },
    });
    expect(right.statusCode).toBe(423);
    expect(right.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'LOCKED',
    });
    const [u] = await t.db.select().from(users).where(eq(users.username, 'sports'));
    const minutes = (u!.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
  });

  it('resets the failure count after a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'commerce', password: 'Bad#pass1' },
      });
    }
    await t.login('commerce');
    for (let i = 0; i < 4; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'commerce', password: 'Bad#pass1' },
      });
      expect(r.statusCode).toBe(401);
    }
  });

  it('ends a session idle for longer than the idle timeout', async () => {
    const client = await t.login('leader');
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    await t.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes'`);
    const res = await client.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: '会话已超时，请重新登录' },
    });
    const [leader] = await t.db.select().from(users).where(eq(users.username, 'leader'));
    const left = await t.db.select().from(sessions).where(eq(sessions.userId, leader!.id));
    expect(left).toEqual([]);
  });

  it('keeps a session that was active within the idle timeout', async () => {
    const client = await t.login('leader');
    await t.db.execute(sql`update sessions set last_seen_at = now() - interval '29 minutes'`);
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('logs out and the cookie no longer works', async () => {
    const client = await t.login('health');
    expect((await client.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the X-CSRF-Token header', async () => {
    const client = await t.login('admin');
    const res = await client.request(
      'PATCH',
      '/api/users/5',
      { displayName: '改名' },
      { 'x-csrf-token': '' },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
    const noHeader = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/5',
      headers: { cookie: client.cookie! },
      payload: { displayName: '改名' },
    });
    expect(noHeader.statusCode).toBe(403);
  });

  it('refuses another session’s token', async () => {
    const a = await t.login('admin');
    const b = await t.login('admin');
    const res = await a.request(
      'PATCH',
      '/api/users/5',
      { displayName: '改名' },
      { 'x-csrf-token': b.csrfToken! },
    );
    expect(res.statusCode).toBe(403);
  });

  it('accepts the request with the session’s token', async () => {
    const client = await t.login('admin');
    const res = await client.patch('/api/users/5', { displayName: '市自然资源和规划局（演示）' });
    expect(res.statusCode).toBe(200);
  });
});

describe('login rate limit', () => {
  it('answers 429 when one address tries too often', async () => {
    const limited = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'nobody', password: 'x' },
        });
        codes.push(r.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
