import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_CODES } from '@zibo/shared';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('route permissions', () => {
  it('every API route declares a permission from the catalogue, public or authenticated', () => {
    const allowed = new Set<string>([...PERMISSION_CODES, 'public', 'authenticated']);
    const bad = t.app.routeTable.filter((r) => !r.permission || !allowed.has(r.permission));
    expect(bad).toEqual([]);
    expect(t.app.routeTable.length).toBeGreaterThan(15);
  });

  it('matches the committed snapshot of METHOD path → permission', async () => {
    const lines = [
      ...new Set(t.app.routeTable.map((r) => `${r.method} ${r.url} → ${r.permission}`)),
    ].sort();
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/routes.txt');
  });

  it('public routes are only sign-in (both steps), health, client configuration and the API documents', () => {
    const publicRoutes = t.app.routeTable
      .filter((r) => r.permission === 'public' && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicRoutes.filter((r) => !r.includes(' /api/public/'))).toEqual([
      'GET /api/client-config',
      'GET /api/health',
      'GET /api/health/ready',
      'GET /api/openapi.json',
      'POST /api/auth/login',
      'POST /api/auth/mfa',
    ]);
    // P13: the residents' pages, all under /api/public, every write limited and challenged.
    expect(publicRoutes.filter((r) => r.includes(' /api/public/'))).toEqual([
      'GET /api/public/challenge',
      'GET /api/public/feedback/:trackingCode',
      'GET /api/public/questionnaires/:id/results',
      'GET /api/public/residential-areas',
      'GET /api/public/residential-areas/:id',
      'GET /api/public/residential-areas/:id/open-problems',
      'POST /api/public/feedback',
      'POST /api/public/feedback/:trackingCode/follow-ups',
      'POST /api/public/feedback/:trackingCode/rating',
      'POST /api/public/photos',
      'POST /api/public/questionnaires/:id/answers',
    ]);
  });
});
