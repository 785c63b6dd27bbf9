import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config.ts';
import { openPglite, type Database } from '../src/platform/db/client.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { residentialAreas } from '../src/modules/ledger/ledger.tables.ts';
import { buildApp, type App } from '../src/app.ts';
import { demoProjects } from '../src/modules/projects/projects.seed.ts';
import { demoTasks, seedSupervision } from '../src/modules/supervision/supervision.seed.ts';
import { tasks } from '../src/modules/supervision/supervision.tables.ts';
import { base32Decode, totp } from '../src/platform/auth/totp.ts';
import { Client, sessionCookieOf } from './harness.ts';

/**
 * The city is configuration (issue 14): the platform started for a second, fictional city
 * (9901 示例市, test/fixtures/cities/9901) from its own reference folder passes the foundation
 * checks — sign-in, the regions tree, a ledger record, the gap analysis (P1–P3).
 */
const CITY_DIR = fileURLToPath(new URL('./fixtures/cities/9901/', import.meta.url));
const FIRST_PASSWORD = 'First#Admin2026';
const NEW_PASSWORD = 'Shili#City2026';

let app: App;
let database: Database;

async function login(username: string, password: string): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  expect(res.statusCode, res.body).toBe(200);
  return new Client(app, sessionCookieOf(res), res.json<{ csrfToken: string }>().csrfToken);
}

/** Signs in with a first password and changes it, as the platform requires. */
async function firstLogin(username: string, password: string): Promise<Client> {
  const c = await login(username, password);
  const changed = await c.post('/api/auth/change-password', {
    currentPassword: password,
    newPassword: NEW_PASSWORD,
  });
  expect(changed.statusCode, changed.body).toBe(200);
  return login(username, NEW_PASSWORD);
}

/** An administrator enrols the second factor before anything else (等保). */
async function enrolMfa(c: Client): Promise<void> {
  const enrol = await c.post('/api/auth/mfa/enroll');
  expect(enrol.statusCode, enrol.body).toBe(200);
  const { secret, otpauthUri } = enrol.json<{ secret: string; otpauthUri: string }>();
  // The authenticator shows the configured city's name, not a name in code.
  expect(decodeURIComponent(otpauthUri)).toContain('示例社区配套设施平台');
  const confirm = await c.post('/api/auth/mfa/confirm', {
    code: totp(base32Decode(secret), Date.now() / 1000),
  });
  expect(confirm.statusCode, confirm.body).toBe(200);
}

beforeAll(async () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: path.join(os.tmpdir(), `city-9901-${process.pid}`),
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    SEED_DEMO: 'false',
    ADMIN_PASSWORD: FIRST_PASSWORD,
    CITY_CODE: '9901',
    CITY_DIR,
  });
  database = await openPglite(null);
  const report = await bootstrapDatabase(database, config);
  expect(report).toMatchObject({ referenceLoaded: true, administrators: 3 });
  app = await buildApp({ config, database, logger: false });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('a second city from its own reference folder', () => {
  it('signs in, serves its regions tree, records a ledger area and analyses its gaps', async () => {
    const admin = await firstLogin('admin', FIRST_PASSWORD);
    await enrolMfa(admin);
    const me = (await admin.get('/api/auth/me')).json<{
      user: { regionCode: string; cityCode: string; cityName: string };
    }>();
    expect(me.user.regionCode).toBe('9901');
    // The web takes the city from the session, not from a code of its own.
    expect(me.user).toMatchObject({ cityCode: '9901', cityName: '示例市' });

    // A district account of the new city, created and granted by the separated administrators.
    const created = await admin.post('/api/users', {
      username: 'donghu',
      displayName: '东湖区台账员',
      password: 'Start#2026a',
      regionCode: '990101',
    });
    expect(created.statusCode, created.body).toBe(201);
    const security = await firstLogin('security', FIRST_PASSWORD);
    await enrolMfa(security);
    const granted = await security.put(`/api/users/${created.json<{ id: number }>().id}/grants`, {
      roles: ['district'],
      regionCode: '990101',
      categories: [
        'community_service',
        'elderly_care',
        'education',
        'sports',
        'health',
        'commerce',
      ],
    });
    expect(granted.statusCode, granted.body).toBe(200);
    const donghu = await firstLogin('donghu', 'Start#2026a');

    // The regions tree: 2 districts, 3 streets, 5 communities, all under 9901.
    const districts = (await donghu.get('/api/regions?parent=9901')).json<{ code: string }[]>();
    expect(districts.map((d) => d.code)).toEqual(['990101', '990102']);
    const streets = (await donghu.get('/api/regions?parent=990101')).json<{ code: string }[]>();
    expect(streets.map((s) => s.code)).toEqual(['990101001', '990101002']);
    const communities = (await donghu.get('/api/regions?parent=990101001')).json<
      { code: string; name: string }[]
    >();
    expect(communities.map((c) => c.name)).toEqual(['青石一社区居委会', '青石二社区居委会']);

    // Ledger: an area in the city is recorded; a code of another city is refused.
    const area = await donghu.post('/api/residential-areas', {
      name: '湖畔小区',
      regionCode: '990101001001',
      households: 1200,
      kind: 'existing',
      lon: 100.012,
      lat: 30.011,
    });
    expect(area.statusCode, area.body).toBe(201);
    const { id, districtName } = area.json<{ id: number; districtName: string }>();
    expect(districtName).toBe('东湖区');
    // The record is stamped with the configured city, not a default written into the schema.
    const [stored] = await database.db
      .select({ cityCode: residentialAreas.cityCode })
      .from(residentialAreas)
      .where(eq(residentialAreas.id, id));
    expect(stored?.cityCode).toBe('9901');
    const elsewhere = await donghu.post('/api/residential-areas', {
      name: '外市小区',
      regionCode: '370303001001',
      households: 10,
      kind: 'existing',
    });
    expect(elsewhere.statusCode).toBe(400);

    // Gap analysis runs on the new city's ledger: an area with no facilities lacks some.
    const gaps = await donghu.get(`/api/gap-analysis?residentialAreaId=${id}&pageSize=500`);
    expect(gaps.statusCode, gaps.body).toBe(200);
    const findings = gaps.json<{ items: { residentialAreaId: number; status: string }[] }>().items;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.residentialAreaId === id)).toBe(true);
  });

  it('takes no demo projects or policy tasks from another city: its folder has none', async () => {
    expect(demoProjects()).toEqual([]);
    expect(demoTasks()).toBeNull();
    await seedSupervision(database.db);
    const [{ n } = { n: -1 }] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(tasks);
    expect(n).toBe(0);
  });

  it('has no demo data: SEED_DEMO seeds no Zibo accounts, only the first administrators', async () => {
    const fresh = await openPglite(null);
    try {
      const report = await bootstrapDatabase(
        fresh,
        loadConfig({
          NODE_ENV: 'test',
          DATA_DIR: path.join(os.tmpdir(), `city-9901-demo-${process.pid}`),
          LOG_LEVEL: 'silent',
          SEED_DEMO: 'true',
          ADMIN_PASSWORD: FIRST_PASSWORD,
          CITY_CODE: '9901',
          CITY_DIR,
        }),
        { demoLedger: false },
      );
      expect(report).toMatchObject({ demoAccounts: 0, administrators: 3, accounts: 3 });
    } finally {
      await fresh.close();
    }
  });
});
