import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from './harness.ts';

type ErrorBody = {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
};

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '65536' });
  admin = await t.login('admin');
});
afterAll(async () => {
  await t.close();
});

const HAN = /[\u4e00-\u9fa5]/;

function expectChineseError(
  res: { statusCode: number; body: string },
  status: number,
  code: string,
) {
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(HAN);
  expect(res.body).not.toMatch(/at .*\.ts:\d+|stack/i);
  return body;
}

describe('bad input gets a 4xx with a Chinese message, never a 500', () => {
  it('malformed JSON', async () => {
    const res = await admin.request('POST', '/api/users', undefined, {
      'content-type': 'application/json',
    });
    const raw = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: {
        cookie: admin.cookie!,
        'x-csrf-token': admin.csrfToken!,
        'content-type': 'application/json',
      },
      payload: '{"username": "a",',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expectChineseError(raw, 400, 'VALIDATION_FAILED');
  });

  it('unknown fields', async () => {
    const res = await admin.post('/api/users', {
      username: 'someone',
      displayName: '某人',
      password: 'Start#2026a',
      regionCode: '3703',
      isAdmin: true,
    });
    const body = expectChineseError(res, 400, 'VALIDATION_FAILED');
    expect(body.error.details).toContainEqual({ path: '', message: '不允许的字段：isAdmin' });
  });

  it('wrong types, with the path of each field', async () => {
    const res = await admin.post('/api/users', {
      username: 42,
      displayName: ['x'],
      password: true,
      regionCode: null,
    });
    const body = expectChineseError(res, 400, 'VALIDATION_FAILED');
    expect(body.error.details!.map((d) => d.path).sort()).toEqual([
      'displayName',
      'password',
      'regionCode',
      'username',
    ]);
    for (const d of body.error.details!) expect(d.message).toMatch(HAN);
  });

  it('over-long strings', async () => {
    const res = await admin.post('/api/users', {
      username: 'longname',
      displayName: '长'.repeat(65),
      password: 'Start#2026a',
      regionCode: '3703',
    });
    const body = expectChineseError(res, 400, 'VALIDATION_FAILED');
    expect(body.error.details).toContainEqual({
      path: 'displayName',
      message: '长度不能超过 64 个字符',
    });
  });

  it('a body over the limit', async () => {
    const res = await admin.post('/api/users', {
      username: 'big',
      displayName: 'x'.repeat(70_000),
      password: 'Start#2026a',
      regionCode: '3703',
    });
    expectChineseError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: {
        cookie: admin.cookie!,
        'x-csrf-token': admin.csrfToken!,
        'content-type': 'application/xml',
      },
      payload: '<user/>',
    });
    expectChineseError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('bad query and path parameters', async () => {
    expectChineseError(await admin.get('/api/users?pageSize=100000'), 400, 'VALIDATION_FAILED');
    expectChineseError(await admin.get('/api/users/abc'), 400, 'VALIDATION_FAILED');
    expectChineseError(await admin.get('/api/regions/37030x'), 400, 'VALIDATION_FAILED');
  });

  it('an unknown API path', async () => {
    expectChineseError(await admin.get('/api/no-such-thing'), 404, 'NOT_FOUND');
  });

  it('control characters in text are refused', async () => {
    const res = await admin.post('/api/users', {
      username: 'ctrl',
      displayName: 'a\u0007b',
      password: 'Start#2026a',
      regionCode: '3703',
    });
    expectChineseError(res, 400, 'VALIDATION_FAILED');
  });

  it('SQL and HTML metacharacters in every text field are stored as plain text', async () => {
    const nasty = `O'Brien"; DROP TABLE users;-- <script>alert(1)</script><img src=x onerror=alert(1)>`;
    const created = await admin.post('/api/users', {
      username: 'meta_chars',
      displayName: nasty.slice(0, 64),
      password: 'Start#2026a',
      regionCode: '3703',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: number }>().id;
    const read = await admin.get(`/api/users/${id}`);
    expect(read.headers['content-type']).toMatch(/^application\/json/);
    expect(read.json<{ displayName: string }>().displayName).toBe(nasty.slice(0, 64));
    const search = await admin.get(
      `/api/users?q=${encodeURIComponent("'; DROP TABLE users;--%_")}`,
    );
    expect(search.statusCode).toBe(200);
    expect((await admin.get('/api/users')).json<{ total: number }>().total).toBeGreaterThan(16);
    // A strict CSP means even markup that reached a page could not run.
    expect(read.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('metacharacters in the sign-in form are just a wrong password', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: "admin' OR '1'='1", password: "' OR 1=1 --" },
    });
    expectChineseError(res, 401, 'UNAUTHENTICATED');
  });
});
