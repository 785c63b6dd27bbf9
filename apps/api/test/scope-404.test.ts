import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { permissionsOf, type RoutePermission } from '@zibo/shared';
import { demoAccounts } from '../src/modules/accounts/index.ts';
import { startTestApp, type Client, type TestApp } from './harness.ts';
import { sample, type OpenApiDocument } from './hostile-corpus.ts';
import { buildArea, buildFacility } from './factories.ts';

/**
 * Issue 11, item 7 (existence oracle; API.md: NOT_FOUND also for records outside the caller's
 * data scope): every route on one record, whatever the verb, answers an account of another
 * district (or of another category, or another developer) exactly as it answers for a record that
 * does not exist — 404. 403 only where the role may never call the route at all. The routes come
 * from the OpenAPI document, so a new one is covered without editing this file.
 */
let t: TestApp;
const clients = new Map<string, Client>();

/**
 * Records of 张店区 (370303) in the category education, keyed by the route's prefix, with the
 * accounts for which each lies outside the data scope.
 */
type Target = { id: string; outsiders: string[] };
const targets = new Map<string, Target>();

/** Routes on records that are not region- or category-scoped, and why. */
const UNSCOPED: Record<string, string> = {
  '/api/tasks': '任务分解表 is city-wide: every responsible unit reads and reports on every task',
  '/api/bulletins': 'an issued bulletin goes to every district and lead department alike',
  '/api/public/residential-areas': "the residents' public pages show every area of the city",
  '/api/public/feedback': 'the tracking code is the secret; a public route has no scope',
  '/api/zones': 'zones are reference data of the whole city',
  '/api/regions': 'regions are reference data',
  '/api/departments': 'departments are reference data',
  '/api/standards/rules': 'standards are city-wide reference data',
  '/api/users': 'accounts are managed by the three administrators only',
  '/api/documents': 'policy documents are public to every staff account',
  '/api/attachments': 'an attachment is reached through its record, checked by the record',
  '/api/settings/groups': "the platform's settings, changed by the system administrator only",
  '/api/public/questionnaires':
    'an open questionnaire is public: residents answer without an account',
};

async function one(query: ReturnType<typeof sql>): Promise<string> {
  const res = await t.db.execute<{ id: number }>(query);
  const id = (res as { rows: { id: number }[] }).rows[0]?.id;
  if (id === undefined) throw new Error('no such record to test with');
  return String(id);
}

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_CHALLENGE: 'off' });
  const [zhangdian, nr, office] = [
    await t.login('zhangdian'),
    await t.login('nr'),
    await t.login('office'),
  ];
  const ok = <T>(res: { statusCode: number; body: string; json: <U>() => U }, what: string) => {
    if (res.statusCode !== 201 && res.statusCode !== 200)
      throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return res.json<T & { id: number }>();
  };
  const area = await buildArea(zhangdian);
  const facility = await buildFacility(zhangdian, [area.id], { type: 'kindergarten' });
  const problem = ok(
    await zhangdian.post('/api/problems', {
      residentialAreaId: area.id,
      facilityType: 'kindergarten',
      stage: 'use',
      description: '缺少幼儿园',
    }),
    'problem',
  );
  const project = ok(
    await nr.post('/api/projects', {
      name: '张店区范围测试项目',
      developerName: '某建设单位',
      regionCode: '370303001001',
      households: 300,
      landArea: 20000,
      floorArea: 40000,
      lon: 118.05,
      lat: 36.81,
    }),
    'project',
  );
  await t.anonymous().post('/api/public/feedback', {
    residentialAreaId: area.id,
    category: 'education',
    description: '小区附近没有幼儿园',
    consent: true,
  });
  const order = ok(
    await office.post('/api/supervision/orders', {
      color: 'blue',
      targetCode: '370303',
      title: '范围测试督办',
      body: '请按期答复',
    }),
    'order',
  );
  const survey = ok(
    await office.post('/api/surveys', { name: '范围测试排查', deadline: '2027-06-30' }),
    'survey',
  );
  const questionnaire = ok(
    await zhangdian.post('/api/feedback/questionnaires', {
      title: '范围测试满意度调查',
      communityCodes: ['370303001001'],
      periodStart: '2026-01-01',
      periodEnd: '2027-12-31',
      questions: [{ category: 'education' }],
    }),
    'questionnaire',
  );
  const ZD = '370303%';
  targets.set('/api/residential-areas', { id: String(area.id), outsiders: ['zichuan'] });
  targets.set('/api/gap-analysis/areas', { id: String(area.id), outsiders: ['zichuan'] });
  targets.set('/api/facilities', { id: String(facility.id), outsiders: ['zichuan', 'sports'] });
  targets.set('/api/problems', { id: String(problem.id), outsiders: ['zichuan', 'sports'] });
  targets.set('/api/projects', { id: String(project.id), outsiders: ['zichuan', 'developer1'] });
  targets.set('/api/feedback', {
    id: await one(
      sql`select id from feedback where region_code like ${ZD} and category = 'education' order by id desc limit 1`,
    ),
    outsiders: ['zichuan', 'sports'],
  });
  targets.set('/api/feedback/for-problem', {
    id: String(problem.id),
    outsiders: ['zichuan', 'sports'],
  });
  targets.set('/api/feedback/questionnaires', {
    id: String(questionnaire.id),
    outsiders: ['zichuan'],
  });
  targets.set('/api/supervision/orders', { id: String(order.id), outsiders: ['zichuan'] });
  targets.set('/api/notifications', {
    id: await one(
      sql`select n.id from notifications n join users u on u.id = n.user_id
          where u.username = 'zhangdian' order by n.id desc limit 1`,
    ),
    outsiders: ['zichuan', 'sports'],
  });
  targets.set('/api/surveys', { id: String(survey.id), outsiders: ['zichuan'] });
  for (const a of new Set([...targets.values()].flatMap((x) => x.outsiders))) {
    clients.set(a, await t.login(a));
  }
});
afterAll(async () => {
  await t.close();
});

function prefixOf(route: string): string {
  return route.slice(0, route.search(/\/\{/));
}

describe('404 for records outside the scope, whatever the verb', () => {
  it('answers every :id route as for a record that does not exist', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).json<OpenApiDocument>();
    const failures: string[] = [];
    const uncovered: string[] = [];
    let checked = 0;
    for (const [route, operations] of Object.entries(doc.paths)) {
      if (!/\{(id|districtCode)\}/.test(route)) continue;
      const prefix = prefixOf(route);
      // A survey campaign is city-wide; what belongs to one district is its submission.
      if (prefix === '/api/surveys' && !route.includes('{districtCode}')) continue;
      const target = targets.get(prefix);
      if (!target) {
        if (!Object.keys(UNSCOPED).some((p) => prefix === p || prefix.startsWith(`${p}/`)))
          uncovered.push(route);
        continue;
      }
      for (const [verb, op] of Object.entries(operations)) {
        const method = verb.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
        const fastifyUrl = route.replace(/\{(\w+)\}/g, ':$1');
        const permission: RoutePermission =
          t.app.routeTable.find((r) => r.method === method && r.url === fastifyUrl)?.permission ??
          'public';
        const params = (op.parameters ?? []).filter((p) => p.in === 'path');
        const urlFor = (id: string) =>
          route.replace(/\{(\w+)\}/g, (_, name: string) => {
            if (name === 'id') return id;
            if (name === 'districtCode') return '370303';
            const schema = params.find((p) => p.name === name)?.schema;
            return encodeURIComponent(String(schema ? sample(schema, name) : 1));
          });
        const query = (op.parameters ?? [])
          .filter((p) => p.in === 'query' && p.required && p.schema)
          .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema!, p.name)))}`)
          .join('&');
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (op.requestBody && !schema) continue; // multipart uploads: no body to send here
        const body =
          method === 'GET' || method === 'DELETE' ? undefined : schema ? sample(schema) : {};
        for (const username of target.outsiders) {
          const account = (demoAccounts() ?? []).find((a) => a.username === username)!;
          const may =
            permission === 'authenticated' ||
            permission === 'public' ||
            permissionsOf(account.roles).has(permission);
          const client = clients.get(username)!;
          const url = `${urlFor(target.id)}${query ? `?${query}` : ''}`;
          const res = await client.request(method, url, body);
          checked++;
          const what = `${method} ${route} as ${username}`;
          if (!may) {
            if (res.statusCode !== 403)
              failures.push(`${what} (no permission) → ${res.statusCode}`);
            continue;
          }
          if (res.statusCode === 404) continue;
          // A body refused before any record is read says nothing about the record: the same
          // request on an id that does not exist must then answer the same.
          const absent = await client.request(
            method,
            `${urlFor('999999999')}${query ? `?${query}` : ''}`,
            body,
          );
          if (res.statusCode === 400 && absent.statusCode === 400) continue;
          failures.push(`${what} → ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
      }
    }
    expect({ uncovered, failures }).toEqual({ uncovered: [], failures: [] });
    expect(checked).toBeGreaterThan(40);
    console.info(`scope 404: ${checked} requests on records outside the caller's scope`);
  });
});
