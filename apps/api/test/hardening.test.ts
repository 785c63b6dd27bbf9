import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { databaseRefusal } from '../src/platform/http/error-handler.ts';
import { startTestApp, type Client, type TestApp } from './harness.ts';
import { buildArea } from './factories.ts';

/**
 * Issue 11 (等保 level 3 hardening), items 1–7 as an attacker and a careless clerk found them:
 * every one answered a 500, stored something it should not, or told existence apart.
 */
type ErrorBody = {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
};

const HAN = /[\u4e00-\u9fa5]/;

let t: TestApp;
let admin: Client;
let office: Client;
let zhangdian: Client;
beforeAll(async () => {
  t = await startTestApp();
  [admin, office, zhangdian] = await Promise.all([
    t.login('admin'),
    t.login('office'),
    t.login('zhangdian'),
  ]);
});
afterAll(async () => {
  await t.close();
});

function expectRefused(res: { statusCode: number; body: string }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(HAN);
  return body;
}

function expectTextRule(res: { statusCode: number; body: string }, path: string) {
  const body = expectRefused(res, 400, 'VALIDATION_FAILED');
  expect(body.error.details).toContainEqual({ path, message: expect.stringMatching(HAN) });
}

describe('issue 11 item 1: NUL never reaches SQL (P13 等保 input validation)', () => {
  it('sign-in with a NUL in the user name answers 400 naming the field, signed in or not', async () => {
    const res = await t
      .anonymous()
      .post('/api/auth/login', { username: 'ab\u0000c', password: 'x' });
    expectTextRule(res, 'username');
  });

  it('grants and tasks with a NUL in a department code answer 400', async () => {
    const users = await admin.get('/api/users?pageSize=1');
    const id = users.json<{ items: { id: number }[] }>().items[0]!.id;
    const security = await t.login('security');
    const grants = await security.put(`/api/users/${id}/grants`, {
      roles: ['district'],
      departmentCode: '3703-\u0000x',
      categories: [],
    });
    expectTextRule(grants, 'departmentCode');
    const task = await office.post('/api/tasks', {
      name: '任务',
      leadDepartmentCode: 'a\u0000b',
      responsibleUnits: [],
    });
    expectTextRule(task, 'leadDepartmentCode');
  });

  it('a NUL in a query or a path parameter answers 400', async () => {
    expectTextRule(await office.get('/api/residential-areas?q=a%00b'), 'query.q');
    expectTextRule(await office.get('/api/residential-areas/1%00'), 'params.id');
  });

  it('a control character in an uploaded file name answers 400', async () => {
    // Raw, not percent-encoded: the header carries the control character itself.
    const boundary = '----zibohostile';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\u0001b.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n\r\n--${boundary}--\r\n`,
      ),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: {
        cookie: zhangdian.cookie!,
        'x-csrf-token': zhangdian.csrfToken!,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
    expectTextRule(res, 'file');
  });
});

describe('issue 11 item 2: a lone surrogate is refused the same way everywhere', () => {
  it('comments, progress notes and area names answer 400 instead of 500 or U+FFFD', async () => {
    const key = await office.post('/api/problems/1/key', { isKey: true, comment: 'a\ud800b' });
    expectTextRule(key, 'comment');
    const report = await office.post('/api/tasks/1/reports', { note: 'a\ud800b', percent: 7 });
    expectTextRule(report, 'note');
    const area = await zhangdian.post('/api/residential-areas', {
      name: '小区\udc00',
      regionCode: '370303001001',
      households: 10,
      kind: 'existing',
    });
    expectTextRule(area, 'name');
  });

  it('line breaks and tabs stay allowed in free text', async () => {
    const area = await buildArea(zhangdian, { address: '一号楼\n二号楼\t东侧' });
    expect(area.id).toBeGreaterThan(0);
  });
});

describe('issue 11 item 3: racing creations answer 409, never 500', () => {
  it('four parallel creations of one user name: one 201, three 409 CONFLICT', async () => {
    const body = {
      username: `race${Date.now()}`,
      displayName: '并发测试',
      password: 'Start#2026a',
      regionCode: '3703',
    };
    const answers = await Promise.all([1, 2, 3, 4].map(() => admin.post('/api/users', body)));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes, answers.map((r) => r.body).join('\n')).toEqual([201, 409, 409, 409]);
    for (const r of answers.filter((x) => x.statusCode === 409)) expectRefused(r, 409, 'CONFLICT');
  });
});

describe('issue 11 item 7: no existence oracle, whatever the verb', () => {
  // A role without the verb's permission gets 403 before any record is looked at, so the answer
  // is the same for a record outside the scope and one that does not exist; an account holding
  // the permission gets 404 for a record outside its scope, as for GET.
  it('PATCH of another scope’s project answers exactly as PATCH of a project that does not exist', async () => {
    const nr = await t.login('nr');
    const created = await nr.post('/api/projects', {
      name: '周村项目',
      developerName: '某建设单位',
      regionCode: '370306001001',
      households: 300,
      landArea: 20000,
      floorArea: 40000,
      lon: 117.87,
      lat: 36.8,
    });
    expect(created.statusCode, created.body).toBe(201);
    const foreign = created.json<{ id: number }>();
    const developer = await t.login('developer1');
    for (const client of [zhangdian, developer]) {
      expect((await client.get(`/api/projects/${foreign.id}`)).statusCode).toBe(404);
      const there = await client.patch(`/api/projects/${foreign.id}`, { version: 1, name: 'x' });
      const nowhere = await client.patch('/api/projects/999999', { version: 1, name: 'x' });
      expect(there.statusCode).toBe(nowhere.statusCode);
      expect(there.json()).toEqual(nowhere.json());
    }
    const patched = await developer.patch(`/api/projects/${foreign.id}`, { version: 1, name: 'x' });
    expectRefused(patched, 404, 'NOT_FOUND');
  });
});

describe('issue 11 item 4: the API and the import agree on area names (P3 accurate ledger)', () => {
  it('five parallel creations of one name in one community: one 201, four 409', async () => {
    const body = {
      name: `同名小区${Date.now()}`,
      regionCode: '370303001001',
      households: 100,
      kind: 'existing',
    };
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => zhangdian.post('/api/residential-areas', body)),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of answers.filter((x) => x.statusCode === 409)) {
      expect(expectRefused(r, 409, 'CONFLICT').error.message).toBe(
        '同一社区内已有同名小区（含已归档的小区，可在状态“已归档”中查看）',
      );
    }
  });

  it('names that the import takes for one (width, spaces, case) are one name here too', async () => {
    const first = await buildArea(zhangdian, { name: 'ＡＢ 花园 1 期' });
    expect(first.id).toBeGreaterThan(0);
    const twin = await zhangdian.post('/api/residential-areas', {
      name: 'ab花园1期',
      regionCode: '370303001001',
      households: 10,
      kind: 'existing',
    });
    expectRefused(twin, 409, 'CONFLICT');
    // Another community may use the name.
    const elsewhere = await zhangdian.post('/api/residential-areas', {
      name: 'ab花园1期',
      regionCode: '370303001002',
      households: 10,
      kind: 'existing',
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
  });
});

describe('issue 11 item 5: deleting an area does not orphan its problems', () => {
  it('DELETE of an area with problems answers 409 and the problem keeps its area', async () => {
    const area = await buildArea(zhangdian);
    const problem = await zhangdian.post('/api/problems', {
      residentialAreaId: area.id,
      facilityType: 'elderly_service_station',
      stage: 'use',
      description: '缺少养老服务站',
    });
    expect(problem.statusCode, problem.body).toBe(201);
    const del = await zhangdian.delete(`/api/residential-areas/${area.id}`);
    expectRefused(del, 409, 'CONFLICT');
    const after = await zhangdian.get(`/api/problems/${problem.json<{ id: number }>().id}`);
    expect(after.json<{ residentialAreaId: number }>().residentialAreaId).toBe(area.id);
    expect((await zhangdian.get(`/api/residential-areas/${area.id}`)).statusCode).toBe(200);
  });

  it('the database itself refuses it, whatever the code does', async () => {
    const area = await buildArea(zhangdian);
    const problem = await zhangdian.post('/api/problems', {
      residentialAreaId: area.id,
      facilityType: 'elderly_service_station',
      stage: 'use',
      description: '缺少养老服务站',
    });
    expect(problem.statusCode, problem.body).toBe(201);
    const refusal = await t.db
      .execute(sql`delete from residential_areas where id = ${area.id}`)
      .then(
        () => null,
        (e: unknown) => databaseRefusal(e, 'DELETE'),
      );
    expect(refusal).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      sqlState: expect.stringMatching(/^23(001|503)$/),
    });
  });
});
