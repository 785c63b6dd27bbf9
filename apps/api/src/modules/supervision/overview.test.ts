import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { PROBLEM_EVENT_NAMES, type SupervisionOverview } from '@zibo/shared';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea, buildProject } from '../../../test/factories.ts';
import { actorFromUser } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { compliantDocument } from '../projects/index.ts';
import { rowsOf } from './read-model.ts';
import { applyOrderRules, computeSupervisionOverview, scheduleOrderRules } from './index.ts';

/**
 * P11 league tables and the late list on a small hand-built city: two districts with problems
 * at known stages; every figure below is computed by hand from the fixture.
 */
let t: TestApp;
const c: Record<string, Client> = {};
const today = todayInShanghai();
const inDays = (n: number) => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const ids: Record<string, number> = {};

async function raise(as: string, areaId: number, facilityType: string) {
  const res = await c[as]!.post('/api/problems', {
    residentialAreaId: areaId,
    facilityType,
    stage: 'use',
    description: '配套设施缺失',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
}
async function ok(res: ReturnType<Client['get']>, code = 200) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(code);
  return r;
}
const plan = {
  measures: '改建',
  leadUnit: '区教育局',
  responsibleUnits: ['街道'],
  deadline: inDays(90),
};
async function planned(as: string, id: number, approver = 'edu') {
  await ok(c[as]!.post(`/api/problems/${id}/plan`, plan));
  await ok(c[approver]!.post(`/api/problems/${id}/plan/approve`, {}));
}
async function closureRequested(as: string, id: number) {
  await ok(
    c[as]!.post(`/api/problems/${id}/progress`, { note: '完工', percent: 100, attachmentIds: [] }),
  );
  await ok(
    c[as]!.post(`/api/problems/${id}/closure-request`, {
      evidence: '已建成',
      attachmentIds: [],
      noEvidenceReason: '测试中不上传照片',
    }),
  );
}
async function overview(as: string, region?: string) {
  const res = await c[as]!.get(`/api/supervision/overview${region ? `?region=${region}` : ''}`);
  return res;
}
const row = (o: SupervisionOverview, code: string, category: string | null = null) =>
  o.regions.find((r) => r.regionCode === code && r.category === category)!;

beforeAll(async () => {
  t = await startTestApp();
  for (const a of ['office', 'edu', 'civil', 'nr', 'zhangdian', 'zichuan', 'chezhan', 'leader'])
    c[a] = await t.login(a);
  const zd = await buildArea(c.zhangdian!);
  const communities = await rowsOf<{ code: string }>(
    t.db,
    sql`select code from regions where level = 'community' and code like '370302%' order by code limit 1`,
  );
  const zcCode = communities[0]!.code;
  const zc = await buildArea(c.zichuan!, { regionCode: zcCode });

  // 张店区: P1 closed; P2 approved and overdue; P3 raised 40 days ago with no plan; P4 fresh.
  ids.p1 = await raise('zhangdian', zd.id, 'kindergarten');
  await planned('zhangdian', ids.p1);
  await closureRequested('zhangdian', ids.p1);
  await ok(c.edu!.post(`/api/problems/${ids.p1}/closure-decision`, { approve: true }));
  ids.p2 = await raise('zhangdian', zd.id, 'kindergarten');
  await planned('zhangdian', ids.p2);
  await t.db.execute(sql`update problems set deadline = ${inDays(-5)} where id = ${ids.p2}`);
  ids.p3 = await raise('zhangdian', zd.id, 'elderly_service_station');
  await t.db.execute(
    sql`update problems set created_at = now() - interval '40 days' where id = ${ids.p3}`,
  );
  ids.p4 = await raise('zhangdian', zd.id, 'elderly_service_station');
  // 淄川区: Z1 closed, Z2 fresh.
  ids.z1 = await raise('zichuan', zc.id, 'kindergarten');
  await planned('zichuan', ids.z1);
  await closureRequested('zichuan', ids.z1);
  await ok(c.edu!.post(`/api/problems/${ids.z1}/closure-decision`, { approve: true }));
  ids.z2 = await raise('zichuan', zc.id, 'kindergarten');
});
afterAll(async () => {
  await t.close();
});

describe('P11 league tables: figures against hand-computed values', () => {
  it('the city sees its eight districts with problems, closures, overdue, plans on time, score, rank, light', async () => {
    const res = await overview('office');
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json<SupervisionOverview>();
    expect(o).toMatchObject({ regionCode: '3703', rowKind: 'districts', asOf: today });
    expect(o.regions.filter((r) => r.kind === 'district')).toHaveLength(8);
    // 张店: 4 problems, 1 closed, 1 overdue; plans due P1 P2 (written) P3 (30 days passed),
    // on time P1 P2. Score over closure 40, not-overdue 20, plans 15 (no survey, rating,
    // order yet): (40·0.25 + 20·0.75 + 15·2/3) / 75 = 35/75 = 46.7 → red.
    expect(row(o, '370303')).toMatchObject({
      name: '张店区',
      problems: 4,
      closed: 1,
      overdue: 1,
      closureRate: 0.25,
      plansDue: 3,
      plansOnTime: 2,
      surveyTimeliness: null,
      satisfactionRate: null,
      score: 46.7,
      rank: 2,
      light: 'red',
      change: null,
    });
    expect(row(o, '370303').plansOnTimeRate).toBeCloseTo(2 / 3, 10);
    // 淄川: 2 problems, 1 closed: (40·0.5 + 20·1 + 15·1) / 75 = 55/75 = 73.3 → yellow, first.
    expect(row(o, '370302')).toMatchObject({
      problems: 2,
      closed: 1,
      overdue: 0,
      closureRate: 0.5,
      plansDue: 1,
      plansOnTime: 1,
      score: 73.3,
      rank: 1,
      light: 'yellow',
    });
    // Districts with nothing to score share the next rank (1224 ranking).
    expect(row(o, '370304')).toMatchObject({ problems: 0, closureRate: 0, score: 0, rank: 3 });
    expect(o.regions[0]!.regionCode).toBe('370302');
  });

  it('ranks the lead departments: decisions on time, closures verified', async () => {
    const o = (await overview('office')).json<SupervisionOverview>();
    expect(o.departments.map((d) => d.departmentCode).sort()).toEqual([
      '3703-civil_affairs',
      '3703-commerce',
      '3703-education',
      '3703-health',
      '3703-sports',
    ]);
    const edu = o.departments.find((d) => d.departmentCode === '3703-education')!;
    // Kindergartens P1 P2 Z1 Z2; plans approved P1 P2 Z1 and closures P1 Z1, all the same day:
    // (40·0.5 + 20·0.75 + 15·5/5) / 75 = 50/75 = 66.7.
    expect(edu).toMatchObject({
      problems: 4,
      closed: 2,
      overdue: 1,
      closureRate: 0.5,
      plansDecided: 3,
      plansApproved: 3,
      plansOnTime: 3,
      closuresVerified: 2,
      closuresOnTime: 2,
      opinionsDue: 0,
      score: 66.7,
      rank: 1,
      light: 'yellow',
    });
    // Elderly care P3 P4, nothing decided: (40·0 + 20·1) / 60 = 33.3.
    expect(o.departments.find((d) => d.departmentCode === '3703-civil_affairs')).toMatchObject({
      problems: 2,
      closed: 0,
      plansDecided: 0,
      score: 33.3,
      rank: 2,
      light: 'red',
    });
  });

  it('change since a previous snapshot: closure-rate points and places', async () => {
    const [u] = await t.db.select().from(users).where(eq(users.username, 'office'));
    const actor = actorFromUser(u!, { id: null, ip: null });
    const o = await computeSupervisionOverview({
      db: t.db,
      actor,
      previous: {
        regions: [
          { regionCode: '370302', closureRate: 0.2, rank: 4 },
          { regionCode: '370303', closureRate: 0.25, rank: 1 },
        ],
        departments: [{ departmentCode: '3703-education', closureRate: 0.75, rank: 1 }],
      },
    });
    expect(row(o, '370302').change).toEqual({ closureRatePoints: 30, places: 3 });
    expect(row(o, '370303').change).toEqual({ closureRatePoints: 0, places: -1 });
    expect(row(o, '370305').change).toBeNull();
    expect(o.departments.find((d) => d.departmentCode === '3703-education')!.change).toEqual({
      closureRatePoints: -25,
      places: 0,
    });
  });

  it('weights and lights are the office’s settings', async () => {
    const cur = (await c.office!.get('/api/supervision/settings')).json<{
      version: number;
      weights: Record<string, number>;
    }>();
    expect((await c.zhangdian!.put('/api/supervision/settings', cur)).statusCode).toBe(403);
    const put = await c.office!.put('/api/supervision/settings', {
      ...cur,
      weights: { ...cur.weights, closureRate: 100, overdueFree: 0, plansOnTime: 0 },
      lights: { green: 50, yellow: 20 },
    });
    expect(put.statusCode, put.body).toBe(200);
    const o = (await overview('office')).json<SupervisionOverview>();
    // Closure rate alone: 张店 25 → yellow, 淄川 50 → green.
    expect(row(o, '370303')).toMatchObject({ score: 25, light: 'yellow' });
    expect(row(o, '370302')).toMatchObject({ score: 50, light: 'green' });
    const bad = await c.office!.put('/api/supervision/settings', {
      ...put.json<Record<string, unknown>>(),
      lights: { green: 10, yellow: 20 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/[\u4e00-\u9fa5]/);
    // Back to the defaults for the tests below.
    const back = await c.office!.put('/api/supervision/settings', {
      ...cur,
      version: put.json<{ version: number }>().version,
    });
    expect(back.statusCode, back.body).toBe(200);
  });
});

describe('P11 scope: relative to the viewer', () => {
  it('a district sees its streets and never another district (404)', async () => {
    const res = await overview('zhangdian');
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json<SupervisionOverview>();
    expect(o.rowKind).toBe('streets');
    expect(o.regions.every((r) => r.regionCode.startsWith('370303') && r.kind === 'street')).toBe(
      true,
    );
    expect(row(o, '370303001')).toMatchObject({ problems: 4, closed: 1, overdue: 1, rated: true });
    // A street with nothing to assess is not behind: no red light, no place among the rated.
    const rated = o.regions.filter((r) => r.rated);
    const quiet = o.regions.filter(
      (r) =>
        r.problems === 0 &&
        r.plansDue === 0 &&
        r.surveysDue === 0 &&
        r.ordersDue === 0 &&
        r.satisfactionRate === null,
    );
    expect(quiet.length).toBeGreaterThan(0);
    expect(rated.length + quiet.length).toBe(o.regions.length);
    for (const q of quiet)
      expect(q).toMatchObject({ rated: false, light: 'green', score: 0, rank: rated.length + 1 });
    expect(rated.every((r) => r.rank <= rated.length)).toBe(true);
    expect(o.late.every((l) => !l.link.includes(`/problems/${ids.z1}`))).toBe(true);
    expect((await overview('zhangdian', '370302')).statusCode).toBe(404);
    expect((await overview('zhangdian', '3703')).statusCode).toBe(404);
    expect((await overview('chezhan', '370303')).statusCode).toBe(404);
    expect((await overview('office', '370399')).statusCode).toBe(404);
    // The city may look into a district.
    const into = (await overview('office', '370303')).json<SupervisionOverview>();
    expect(row(into, '370303001').problems).toBe(4);
  });

  it('a lead department sees its categories across the districts', async () => {
    const o = (await overview('edu')).json<SupervisionOverview>();
    expect(o.rowKind).toBe('categories');
    expect(o.regions).toHaveLength(8);
    expect(row(o, '370303', 'education')).toMatchObject({
      kind: 'category',
      name: '张店区·社区教育设施',
      problems: 2,
      closed: 1,
      overdue: 1,
    });
    expect(row(o, '370302', 'education')).toMatchObject({ problems: 2, closed: 1 });
  });

  it('needs supervision.read', async () => {
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/supervision/overview')).statusCode).toBe(403);
    expect((await c.leader!.get('/api/supervision/overview')).statusCode).toBe(200);
  });
});

describe('P11 who is late: every kind of deadline', () => {
  it('lists each late unit with days late and a link', async () => {
    const zd = await buildArea(c.zhangdian!);
    // Plan submitted 15 days ago, not decided (10 decision days) → 5 days late.
    ids.p5 = await raise('zhangdian', zd.id, 'kindergarten');
    await ok(c.zhangdian!.post(`/api/problems/${ids.p5}/plan`, plan));
    await t.db.execute(
      sql`update problem_plans set submitted_at = now() - interval '15 days' where problem_id = ${ids.p5}`,
    );
    // Closure requested 12 days ago → 2 days late.
    ids.p6 = await raise('zhangdian', zd.id, 'kindergarten');
    await planned('zhangdian', ids.p6);
    await closureRequested('zhangdian', ids.p6);
    await t.db.execute(
      sql`update problem_events set at = now() - interval '12 days' where problem_id = ${ids.p6} and action = 'request_closure'`,
    );
    // Extension requested 11 days ago → 1 day late.
    ids.p7 = await raise('zhangdian', zd.id, 'kindergarten');
    await planned('zhangdian', ids.p7);
    await ok(
      c.zhangdian!.post(`/api/problems/${ids.p7}/extension-request`, {
        deadline: inDays(200),
        reason: '施工受阻',
      }),
    );
    await t.db.execute(
      sql`update problem_extensions set requested_at = now() - interval '11 days' where problem_id = ${ids.p7}`,
    );
    // A survey whose deadline passed 3 days ago: 张店 submitted 12 days ago (filings 2 days
    // late), the other districts have not submitted (3 days late).
    const survey = await ok(
      c.office!.post('/api/surveys', { name: '2026年排查', deadline: inDays(10) }),
      201,
    );
    const surveyId = survey.json<{ id: number }>().id;
    await ok(c.zhangdian!.post(`/api/surveys/${surveyId}/submissions/370303/submit`));
    await t.db.execute(sql`update surveys set deadline = ${inDays(-3)} where id = ${surveyId}`);
    await t.db.execute(
      sql`update survey_submissions set submitted_at = now() - interval '12 days' where survey_id = ${surveyId} and district_code = '370303'`,
    );
    // A joint review whose opinion deadline passed 4 days ago.
    const p = await buildProject(c.nr!, { name: '督导测试项目' });
    await ok(
      c.nr!.post(`/api/projects/${p.id}/gates/planning_review/submit`, {
        facilities: compliantDocument(p.requiredFacilities),
        note: '规划条件',
      }),
    );
    await t.db.execute(
      sql`update project_gates set opinion_deadline = ${inDays(-4)} where project_id = ${p.id} and gate = 'planning_review'`,
    );
    // Two orders to 淄川: one not signed by yesterday, one signed and not answered by yesterday.
    const o1 = await ok(
      c.office!.post('/api/supervision/orders', {
        color: 'yellow',
        targetCode: '370302',
        title: '加快整改进度',
        body: '请说明进度滞后原因',
      }),
      201,
    );
    const o2 = await ok(
      c.office!.post('/api/supervision/orders', {
        color: 'red',
        targetCode: '370302',
        title: '逾期问题整改',
        body: '请立即整改',
      }),
      201,
    );
    const id1 = o1.json<{ id: number }>().id;
    const id2 = o2.json<{ id: number }>().id;
    await ok(c.zichuan!.post(`/api/supervision/orders/${id2}/sign`, { version: 1 }));
    await t.db.execute(
      sql`update supervision_orders set sign_due_date = ${inDays(-1)}, reply_due_date = ${inDays(-1)}, raised_at = now() - interval '5 days' where id in (${id1}, ${id2})`,
    );

    const o = (await overview('office')).json<SupervisionOverview>();
    const find = (kind: string, link: string) =>
      o.late.filter((l) => l.kind === kind && l.link === link);
    expect(find('plan_writing', `/problems/${ids.p3}`)).toEqual([
      expect.objectContaining({ unit: '张店区车站街道', unitCode: '370303001', daysLate: 10 }),
    ]);
    expect(find('problem_deadline', `/problems/${ids.p2}`)).toEqual([
      expect.objectContaining({ dueDate: inDays(-5), daysLate: 5 }),
    ]);
    expect(find('plan_approval', `/problems/${ids.p5}`)).toEqual([
      expect.objectContaining({ unit: '张店区教育局', unitCode: '370303-education', daysLate: 5 }),
    ]);
    expect(find('closure_decision', `/problems/${ids.p6}`)).toEqual([
      expect.objectContaining({ unit: '张店区教育局', daysLate: 2 }),
    ]);
    expect(find('extension_decision', `/problems/${ids.p7}`)).toEqual([
      expect.objectContaining({ daysLate: 1 }),
    ]);
    const subs = o.late.filter((l) => l.kind === 'survey_submission');
    expect(subs).toHaveLength(7);
    expect(subs.every((s) => s.daysLate === 3 && s.link === `/surveys/${surveyId}`)).toBe(true);
    expect(subs.some((s) => s.unitCode === '370303')).toBe(false);
    const filings = o.late.filter((l) => l.kind === 'survey_filing');
    expect(filings.map((f) => f.unitCode).sort()).toEqual([
      '3703-civil_affairs',
      '3703-commerce',
      '3703-education',
      '3703-health',
      '3703-sports',
    ]);
    expect(filings.every((f) => f.daysLate === 2)).toBe(true);
    const opinions = o.late.filter((l) => l.kind === 'review_opinion');
    expect(opinions.length).toBeGreaterThan(0);
    expect(opinions.every((l) => l.link === `/projects/${p.id}` && l.daysLate === 4)).toBe(true);
    expect(o.late.filter((l) => l.kind === 'task').length).toBeGreaterThan(0);
    expect(find('order_sign', `/supervision?tab=orders&order=${id1}`)).toEqual([
      expect.objectContaining({ unit: '淄川区', daysLate: 1 }),
    ]);
    expect(find('order_reply', `/supervision?tab=orders&order=${id2}`)).toEqual([
      expect.objectContaining({ unit: '淄川区', daysLate: 1 }),
    ]);
    expect(o.lateTotal).toBe(o.late.length);
    // Most late first.
    const days = o.late.map((l) => l.daysLate);
    expect(days).toEqual([...days].sort((a, b) => b - a));

    // The district sees its own part, not the city's tasks nor other districts' orders.
    const mine = (await overview('zhangdian')).json<SupervisionOverview>();
    expect(mine.late.some((l) => l.kind === 'task')).toBe(false);
    expect(mine.late.some((l) => l.kind === 'order_sign')).toBe(false);
    expect(mine.late.some((l) => l.link === `/problems/${ids.p3}`)).toBe(true);

    // The late orders count against 淄川: 2 due, 0 on time.
    expect(row(o, '370302')).toMatchObject({ ordersDue: 2, ordersOnTime: 0 });
    // 张店's survey was submitted 12 days ago, before the deadline 3 days ago: on time.
    expect(row(o, '370303')).toMatchObject({
      surveysDue: 1,
      surveysOnTime: 1,
      surveyTimeliness: 1,
    });
    expect(row(o, '370302')).toMatchObject({
      surveysDue: 1,
      surveysOnTime: 0,
      surveyTimeliness: 0,
    });
  });
});

describe('P11 supervision orders (督办单)', () => {
  it('sign, reply, close; invalid transitions 409; only the receiving unit signs', async () => {
    const res = await c.edu!.post('/api/supervision/orders', {
      color: 'blue',
      targetCode: '370303',
      title: '幼儿园整改时限临近',
      body: '请确保按期完成',
    });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json<{ id: number; version: number; status: string; signDueDate: string }>();
    expect(order).toMatchObject({ status: 'issued', signDueDate: inDays(2) });
    const id = order.id;
    // The district got it in its inbox.
    const inbox = (await c.zhangdian!.get('/api/notifications')).json<{
      items: { title: string }[];
    }>();
    expect(inbox.items.some((n) => n.title.includes('幼儿园整改时限临近'))).toBe(true);
    // Another district does not even see it; the raiser may not sign it.
    expect(
      (await c.zichuan!.post(`/api/supervision/orders/${id}/sign`, { version: 1 })).statusCode,
    ).toBe(404);
    expect(
      (await c.edu!.post(`/api/supervision/orders/${id}/close`, { version: 1 })).statusCode,
    ).toBe(409);
    expect(
      (
        await c.zhangdian!.post(`/api/supervision/orders/${id}/reply`, {
          reply: '已整改',
          version: 1,
        })
      ).json<{ error: { code: string } }>().error.code,
    ).toBe('INVALID_TRANSITION');
    const signed = await c.zhangdian!.post(`/api/supervision/orders/${id}/sign`, { version: 1 });
    expect(signed.json()).toMatchObject({ status: 'signed', signLate: false });
    const again = await c.zhangdian!.post(`/api/supervision/orders/${id}/sign`, { version: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('INVALID_TRANSITION');
    await ok(
      c.zhangdian!.post(`/api/supervision/orders/${id}/reply`, {
        reply: '已制定整改计划',
        version: 2,
      }),
    );
    // A department that did not raise it may not close it.
    expect(
      (await c.civil!.post(`/api/supervision/orders/${id}/close`, { version: 3 })).statusCode,
    ).toBe(403);
    const closed = await c.edu!.post(`/api/supervision/orders/${id}/close`, { version: 3 });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json<{ status: string; events: { action: string }[] }>()).toMatchObject({
      status: 'closed',
    });
    expect(closed.json<{ events: { action: string }[] }>().events.map((e) => e.action)).toEqual([
      'raise',
      'sign',
      'reply',
      'close',
    ]);
    // A street account cannot raise one; targets outside scope are refused in Chinese.
    expect(
      (
        await c.chezhan!.post('/api/supervision/orders', {
          color: 'red',
          targetCode: '370303',
          title: 'x',
          body: 'x',
        })
      ).statusCode,
    ).toBe(403);
    const outside = await c.office!.post('/api/supervision/orders', {
      color: 'red',
      targetCode: '110101',
      title: 'x',
      body: 'x',
    });
    expect(outside.statusCode).toBe(400);
  });

  it('the daily job raises each rule order once, even with two racing runners', async () => {
    expect(await scheduleOrderRules(t.db, today)).toBe(true);
    expect(await scheduleOrderRules(t.db, today)).toBe(false);
    const [a, b] = await Promise.all([applyOrderRules(t.db, today), applyOrderRules(t.db, today)]);
    const again = await applyOrderRules(t.db, today);
    expect(again.raised).toBe(0);
    const rows = await rowsOf<{ problemId: number; color: string; targetCode: string }>(
      t.db,
      sql`select problem_id as "problemId", color, target_code as "targetCode" from supervision_orders where source = 'auto' order by problem_id, color`,
    );
    expect(a.raised + b.raised).toBe(rows.length);
    // P2 is 5 days overdue → one red order to 张店.
    expect(rows.filter((r) => r.problemId === ids.p2)).toEqual([
      { problemId: ids.p2, color: 'red', targetCode: '370303' },
    ]);
    // Closed problems get none.
    expect(rows.some((r) => r.problemId === ids.p1 || r.problemId === ids.z1)).toBe(false);
  });
});

describe('P11 cockpit drill-down: every number opens the records behind it', () => {
  it('未销号 and each month of the chart (新增, 销号, 月末未销号) open lists of the same size', async () => {
    const cockpit = await ok(c.office!.get('/api/supervision/cockpit'));
    const view = cockpit.json<{
      totals: { open: number; closed: number };
      months: { month: string; raised: number; closed: number; open: number }[];
    }>();
    const total = async (query: string) =>
      (await ok(c.office!.get(`/api/problems?${query}&pageSize=1`))).json<{ total: number }>()
        .total;
    expect(view.totals.open).toBeGreaterThan(0);
    expect(await total('open=true')).toBe(view.totals.open);
    expect(await total('open=false')).toBe(view.totals.closed);
    // The fixture raised problems in two months (P3 40 days ago): both are in the chart.
    expect(view.months.filter((m) => m.raised > 0).length).toBeGreaterThanOrEqual(2);
    expect(view.months.reduce((s, m) => s + m.raised, 0)).toBe(
      view.totals.open + view.totals.closed,
    );
    for (const m of view.months) {
      expect(await total(`month=${m.month}`), `${m.month} raised`).toBe(m.raised);
      expect(await total(`month=${m.month}&monthOf=closed`), `${m.month} closed`).toBe(m.closed);
      expect(await total(`month=${m.month}&monthOf=open`), `${m.month} open`).toBe(m.open);
    }
    // A district sees the same arithmetic on its own problems only.
    const own = (await ok(c.zhangdian!.get('/api/supervision/cockpit'))).json<{
      totals: { open: number };
    }>();
    const zd = (await ok(c.zhangdian!.get('/api/problems?open=true&pageSize=50'))).json<{
      total: number;
      items: { regionCode: string; status: string }[];
    }>();
    expect(zd.total).toBe(own.totals.open);
    expect(zd.total).toBeLessThan(view.totals.open);
    expect(zd.items.every((p) => p.regionCode.startsWith('370303') && p.status !== 'closed')).toBe(
      true,
    );
    const bad = await c.office!.get('/api/problems?month=2026-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('月份应为');
  });

  it('a leader’s instruction is followed by the steps after it, named as on the problem’s timeline', async () => {
    await ok(c.office!.post(`/api/problems/${ids.p4}/key`, { isKey: true }));
    await planned('zhangdian', ids.p4!, 'civil');
    await closureRequested('zhangdian', ids.p4!);
    await ok(
      c.leader!.post(`/api/problems/${ids.p4}/instructions`, { instruction: '核实后再销号' }),
    );
    await ok(
      c.civil!.post(`/api/problems/${ids.p4}/closure-decision`, {
        approve: false,
        comment: '现场照片不能证明已投入使用',
      }),
    );
    const cockpit = (await ok(c.office!.get('/api/supervision/cockpit'))).json<{
      keyProblems: {
        id: number;
        instructions: { text: string; followUps: { action: string; text: string }[] }[];
      }[];
    }>();
    const key = cockpit.keyProblems.find((k) => k.id === ids.p4)!;
    expect(key.instructions.map((i) => i.text)).toEqual(['核实后再销号']);
    const problem = (await ok(c.office!.get(`/api/problems/${ids.p4}`))).json<{
      events: { action: string }[];
    }>();
    expect(problem.events.at(-1)!.action).toBe('returned');
    // The refusal reads 不予销号（退回） here as on the problem's own timeline.
    expect(key.instructions[0]!.followUps.map(({ action, text }) => ({ action, text }))).toEqual([
      { action: PROBLEM_EVENT_NAMES.returned, text: '现场照片不能证明已投入使用' },
    ]);
    expect(PROBLEM_EVENT_NAMES.returned).toBe('不予销号（退回）');
  });

  it('a campaign’s 逾期 is the same number on the cockpit, on 专项整治 and in the list it opens', async () => {
    // P2 is past its own deadline; P3 has no plan, so no deadline of its own, in a campaign that
    // ended in 2020: overdue means past the problem's own deadline, everywhere.
    const [kg] = await rowsOf<{ id: number }>(
      t.db,
      sql`select id from campaigns where code = 'kindergarten-2020'`,
    );
    await t.db.execute(
      sql`update problems set campaign_id = ${kg!.id} where id in (${ids.p1}, ${ids.p2}, ${ids.p3})`,
    );
    const cockpit = (await ok(c.office!.get('/api/supervision/cockpit'))).json<{
      campaigns: { id: number; problems: number; closed: number; overdue: number }[];
    }>();
    const row = cockpit.campaigns.find((k) => k.id === kg!.id)!;
    const card = (await ok(c.office!.get('/api/campaigns')))
      .json<{ id: number; total: number; overdue: number; byStatus: { closed: number } }[]>()
      .find((k) => k.id === kg!.id)!;
    const total = async (query: string) =>
      (await ok(c.office!.get(`/api/problems?campaign=${kg!.id}&${query}&pageSize=1`))).json<{
        total: number;
      }>().total;
    expect(row).toMatchObject({ problems: 3, closed: 1, overdue: 1 });
    expect([card.total, card.byStatus.closed, card.overdue]).toEqual([3, 1, 1]);
    expect(await total('overdue=true')).toBe(row.overdue);
    expect(await total('status=closed')).toBe(row.closed);
  });
});
