import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf, type RoutePermission } from '@zibo/shared';
import { demoAccounts } from '../src/modules/accounts/index.ts';
import { startTestApp, type Client, type TestApp } from './harness.ts';
import { hostileCorpus, type HostileRequest, type OpenApiDocument } from './hostile-corpus.ts';

/**
 * Issue 11 / P13 (等保 8.1.4.x input validation): every write endpoint of the OpenAPI document ×
 * hostile values × an account allowed to call it. No 5xx, every error message Chinese, and the
 * audit chain still verifies. New endpoints are covered without editing this file.
 */
const CJK = /[\u4e00-\u9fff]/;

let t: TestApp;
const clients = new Map<string, Client>();
let corpus: HostileRequest[] = [];

/** One demo account per permission: the first that holds it. */
function accountFor(permission: RoutePermission): string | null {
  if (permission === 'public') return null;
  if (permission === 'authenticated') return 'office';
  const found = (demoAccounts() ?? []).find((a) => permissionsOf(a.roles).has(permission));
  return found ? found.username : 'admin';
}

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.login('admin');
  // Account endpoints act on a throwaway account, so the callers stay signed in.
  const target = await admin.post('/api/users', {
    username: `hostile${Date.now()}`,
    displayName: '对抗测试账号',
    password: 'Start#2026a',
    regionCode: '3703',
  });
  expect(target.statusCode, target.body).toBe(201);
  const doc = (await t.anonymous().get('/api/openapi.json')).json<OpenApiDocument>();
  corpus = hostileCorpus(doc, {
    perField: 2,
    userId: target.json<{ id: number }>().id,
    permissionOf: (method, url) =>
      t.app.routeTable.find((r) => r.method === method && r.url === url)?.permission ?? 'public',
  });
  for (const username of new Set(corpus.map((r) => accountFor(r.permission)))) {
    if (username && !clients.has(username)) clients.set(username, await t.login(username));
  }
});
afterAll(async () => {
  await t.close();
});

describe('hostile input from the OpenAPI document', () => {
  it('covers every write endpoint that takes JSON', () => {
    const endpoints = new Set(corpus.map((r) => `${r.method} ${r.route}`));
    expect(endpoints.size).toBeGreaterThan(50);
    expect(endpoints).toContain('POST /api/residential-areas');
    expect(endpoints).toContain('PATCH /api/projects/{id}');
  });

  it('answers no 5xx and only Chinese error messages; the audit chain still verifies', async () => {
    const failures: string[] = [];
    const slow: [number, string][] = [];
    for (const r of corpus) {
      const username = accountFor(r.permission);
      const client = username ? clients.get(username)! : t.anonymous();
      const started = performance.now();
      const res = await client.request(r.method, r.url, r.body);
      slow.push([performance.now() - started, `${r.method} ${r.url} [${r.variant}]`]);
      const what = `${r.method} ${r.url} [${r.variant}] as ${username ?? 'anonymous'}`;
      if (res.statusCode >= 500) {
        failures.push(`${what} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      } else if (res.statusCode >= 400) {
        const message = res.json<{ error?: { message?: string } }>().error?.message ?? '';
        if (!CJK.test(message))
          failures.push(`${what} → ${res.statusCode} not Chinese: ${message}`);
      }
    }
    slow.sort((a, b) => b[0] - a[0]);
    console.info(
      `hostile corpus: ${corpus.length} requests; slowest: ${slow
        .slice(0, 5)
        .map(([ms, what]) => `${Math.round(ms)} ms ${what}`)
        .join('; ')}`,
    );
    expect(failures.slice(0, 20), `${failures.length} of ${corpus.length}`).toEqual([]);
    const auditor = await t.login('auditor');
    const verify = await auditor.get('/api/audit/verify');
    expect(verify.statusCode).toBe(200);
    expect(verify.json<{ ok: boolean }>().ok).toBe(true);
  }, 300_000);
});
