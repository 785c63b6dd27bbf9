import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea } from '../../../test/factories.ts';
import { todayInShanghai, shanghaiDateIn } from '../../platform/time.ts';
import { scanDeadlines } from './index.ts';
import { campaigns, problemPlans, problems } from './problems.tables.ts';

type Problem = {
  id: number;
  status: string;
  deadline: string | null;
  isKey: boolean;
  overdue: boolean;
  progressPercent: number;
  campaign: string | null;
  abilities: Record<string, boolean>;
  events: { action: string; comment: string | null; attachments: { id: number }[] }[];
  plans: { revision: number; status: string; approvals: Record<string, unknown> }[];
};
type ErrorBody = { error: { code: string; message: string } };

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);
const OPEN_CAMPAIGN = '城镇居住区幼儿园专项整治（续）';
const inDays = shanghaiDateIn;

async function ok(res: Promise<{ statusCode: number; body: string }>) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r;
}

let t: TestApp;
let zhangdian: Client;
let edu: Client;
let civil: Client;
let office: Client;
beforeAll(async () => {
  t = await startTestApp();
  zhangdian = await t.login('zhangdian');
  edu = await t.login('edu');
  civil = await t.login('civil');
  office = await t.login('office');
  // The seeded campaigns ended in 2020 and 2021; problems join only a campaign still open.
  await t.db.insert(campaigns).values({
    code: 'kindergarten-open',
    name: OPEN_CAMPAIGN,
    deadline: inDays(365),
    facilityTypes: ['kindergarten'],
  });
});
afterAll(async () => {
  await t.close();
});

async function kindergartenProblem(): Promise<number> {
  const area = await buildArea(zhangdian, {
    kind: 'existing',
    households: 2000,
    lon: 118.05,
    lat: 36.8,
  });
  const res = await zhangdian.post('/api/gap-analysis/problems', {
    items: [{ residentialAreaId: area.id, facilityType: 'kindergarten', ruleId: 'EDU-020' }],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { problemId: number }[] }>().items[0]!.problemId;
}

const plan = (over: Record<string, unknown> = {}) => ({
  measures: '利用社区闲置用房改建幼儿园，增设学位 180 个',
  leadUnit: '张店区教育和体育局',
  responsibleUnits: ['车站街道办事处', '张店区住房和城乡建设局'],
  deadline: inDays(120),
  oneCaseOnePlan: false,
  ...over,
});

describe('P4/P5 problems: the full cycle with a district and two departments', () => {
  it('gap finding → problem → plan → approval → progress with a photo → closure request → refusal → closure', async () => {
    const id = await kindergartenProblem();
    const created = (await zhangdian.get(`/api/problems/${id}`)).json<Problem>();
    expect(created).toMatchObject({ status: 'open', campaign: OPEN_CAMPAIGN });

    expect((await zhangdian.post(`/api/problems/${id}/plan`, plan())).json<Problem>().status).toBe(
      'planned',
    );
    // Civil affairs does not lead education: it may not approve.
    const wrongDept = await civil.post(`/api/problems/${id}/plan/approve`, {});
    expect(wrongDept.statusCode).toBe(404); // not even visible: education is outside civil's categories
    const approved = await edu.post(`/api/problems/${id}/plan/approve`, {});
    expect(approved.json<Problem>()).toMatchObject({
      status: 'in_progress',
      deadline: inDays(120),
    });

    const photo = await zhangdian.upload('/api/attachments', PNG, '现场照片.png', 'image/png');
    expect(photo.statusCode).toBe(201);
    const photoId = photo.json<{ id: number }>().id;
    const progressed = await zhangdian.post(`/api/problems/${id}/progress`, {
      note: '完成主体改造',
      percent: 60,
      attachmentIds: [photoId],
    });
    expect(progressed.json<Problem>().progressPercent).toBe(60);
    // The lead department can open the photo of a problem it supervises.
    expect((await edu.get(`/api/attachments/${photoId}`)).statusCode).toBe(200);
    expect(
      (await t.login('zichuan').then((c) => c.get(`/api/attachments/${photoId}`))).statusCode,
    ).toBe(404);

    expect(
      (
        await zhangdian.post(`/api/problems/${id}/closure-request`, {
          evidence: '幼儿园已开园',
          attachmentIds: [photoId],
        })
      ).json<Problem>().status,
    ).toBe('closure_requested');
    // Only the lead department decides.
    expect(
      (await zhangdian.post(`/api/problems/${id}/closure-decision`, { approve: true })).statusCode,
    ).toBe(403);
    const noReason = await edu.post(`/api/problems/${id}/closure-decision`, { approve: false });
    expect(noReason.statusCode).toBe(400);
    const refused = await edu.post(`/api/problems/${id}/closure-decision`, {
      approve: false,
      comment: '消防验收手续未完成',
    });
    expect(refused.json<Problem>().status).toBe('in_progress');
    expect(refused.json<Problem>().events.at(-1)).toMatchObject({
      action: 'returned',
      comment: '消防验收手续未完成',
    });

    await zhangdian.post(`/api/problems/${id}/closure-request`, {
      evidence: '消防验收已通过',
      attachmentIds: [photoId],
    });
    const closed = await edu.post(`/api/problems/${id}/closure-decision`, {
      approve: true,
      comment: '核验通过',
    });
    expect(closed.json<Problem>()).toMatchObject({ status: 'closed', progressPercent: 100 });
    expect(closed.json<Problem>().events.map((e) => e.action)).toEqual([
      'create',
      'submit_plan',
      'approve_plan',
      'report_progress',
      'request_closure',
      'returned',
      'request_closure',
      'approve_closure',
    ]);

    // A closed problem stays on record; the office can reopen it.
    const reopened = await office.post(`/api/problems/${id}/reopen`, {
      reason: '居民反映幼儿园被挪作他用',
    });
    expect(reopened.json<Problem>().status).toBe('in_progress');
  });

  it('the same open finding never makes two problems', async () => {
    const area = await buildArea(zhangdian, { households: 900, lon: 118.06, lat: 36.79 });
    const item = { residentialAreaId: area.id, facilityType: 'kindergarten', ruleId: 'EDU-020' };
    const first = (await zhangdian.post('/api/gap-analysis/problems', { items: [item] })).json<{
      items: { problemId: number; created: boolean }[];
    }>();
    const again = (await office.post('/api/gap-analysis/problems', { items: [item, item] })).json<{
      items: { problemId: number; created: boolean }[];
      created: number;
    }>();
    expect(first.items[0]!.created).toBe(true);
    expect(again.created).toBe(0);
    expect(again.items.map((i) => i.problemId)).toEqual([
      first.items[0]!.problemId,
      first.items[0]!.problemId,
    ]);
  });

  it('P2 → P5 each listed finding carries the problem raised from it: the open one, else the latest closed', async () => {
    const area = await buildArea(zhangdian, { households: 900, lon: 118.061, lat: 36.791 });
    const item = { residentialAreaId: area.id, facilityType: 'kindergarten', ruleId: 'EDU-020' };
    type Listed = { facilityType: string; ruleId: string; problem: unknown };
    const shown = async () => {
      const onArea = (await zhangdian.get(`/api/gap-analysis/areas/${area.id}`)).json<{
        findings: Listed[];
      }>().findings;
      const listed = (
        await zhangdian.get(`/api/gap-analysis?residentialAreaId=${area.id}&pageSize=100`)
      ).json<{ items: Listed[] }>().items;
      const pick = (xs: Listed[]) => xs.find((f) => f.ruleId === 'EDU-020')!.problem;
      // The area page and the list say the same.
      expect(pick(listed)).toEqual(pick(onArea));
      return pick(onArea);
    };
    expect(await shown()).toBeNull();

    const raise = async () =>
      (await zhangdian.post('/api/gap-analysis/problems', { items: [item] })).json<{
        items: { problemId: number }[];
      }>().items[0]!.problemId;
    const first = await raise();
    expect(await shown()).toEqual({ id: first, status: 'open' });

    // Closed while the ledger still has the gap: the closed one is shown, and raising anew
    // makes a second problem, which is then the one shown.
    await t.db.execute(
      sql`update problems set status = 'closed', closed_at = now() where id = ${first}`,
    );
    expect(await shown()).toEqual({ id: first, status: 'closed' });
    const second = await raise();
    expect(second).not.toBe(first);
    expect(await shown()).toEqual({ id: second, status: 'open' });
    await t.db.execute(
      sql`update problems set status = 'closed', closed_at = now() where id = ${second}`,
    );
    expect(await shown()).toEqual({ id: second, status: 'closed' });

    // Outside the reader's scope there is nothing to show.
    const zichuan = await t.login('zichuan');
    const other = await zichuan.get(`/api/gap-analysis/areas/${area.id}`);
    expect(other.statusCode).toBe(404);
  });

  it('refuses every invalid transition with INVALID_TRANSITION', async () => {
    const id = await kindergartenProblem();
    const tries: [string, unknown][] = [
      [`/api/problems/${id}/progress`, { note: 'x', percent: 10 }],
      [`/api/problems/${id}/closure-request`, { evidence: 'x' }],
      [`/api/problems/${id}/reopen`, { reason: 'x' }],
    ];
    for (const [url, body] of tries) {
      const client = url.endsWith('reopen') ? office : zhangdian;
      const res = await client.post(url, body);
      expect(res.statusCode, url).toBe(409);
      expect(res.json<ErrorBody>().error.code).toBe('INVALID_TRANSITION');
    }
    const decision = await edu.post(`/api/problems/${id}/closure-decision`, { approve: true });
    expect(decision.json<ErrorBody>().error).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: '问题当前为“待制定方案”，不能核验销号',
    });
  });

  it('a district cannot see another district’s problems', async () => {
    const id = await kindergartenProblem();
    const zichuan = await t.login('zichuan');
    expect((await zichuan.get(`/api/problems/${id}`)).statusCode).toBe(404);
    const list = (await zichuan.get('/api/problems?pageSize=500')).json<{
      items: { id: number }[];
    }>();
    expect(list.items.map((p) => p.id)).not.toContain(id);
    expect((await zichuan.post(`/api/problems/${id}/plan`, plan())).statusCode).toBe(404);
  });

  it('P4 一事一案 for a key problem needs its own document and the office’s approval too; a leader instructs', async () => {
    const id = await kindergartenProblem();
    expect(
      (await office.post(`/api/problems/${id}/key`, { isKey: true })).json<Problem>().isKey,
    ).toBe(true);
    const noDoc = await zhangdian.post(`/api/problems/${id}/plan`, plan({ oneCaseOnePlan: true }));
    expect(noDoc.statusCode).toBe(422);
    const doc = await zhangdian.upload(
      '/api/attachments',
      Buffer.from('%PDF-1.4\n一事一案方案\n'),
      '一事一案方案.pdf',
      'application/pdf',
    );
    const withDoc = await zhangdian.post(
      `/api/problems/${id}/plan`,
      plan({ oneCaseOnePlan: true, documentIds: [doc.json<{ id: number }>().id] }),
    );
    expect(withDoc.json<Problem>().status).toBe('planned');
    const byDept = (await edu.post(`/api/problems/${id}/plan/approve`, {})).json<Problem>();
    expect(byDept.status).toBe('planned');
    expect(byDept.plans[0]!.approvals).toHaveProperty('department');
    const byOffice = (await office.post(`/api/problems/${id}/plan/approve`, {})).json<Problem>();
    expect(byOffice.status).toBe('in_progress');

    const leader = await t.login('leader');
    const instructed = await leader.post(`/api/problems/${id}/instructions`, {
      instruction: '请张店区本月内拿出场地方案，教育局全程指导',
    });
    expect(instructed.statusCode).toBe(200);
    const inbox = (await zhangdian.get('/api/notifications?unread=true&pageSize=200')).json<{
      items: { kind: string; entityId: string }[];
      unread: number;
    }>();
    expect(inbox.items).toContainEqual(
      expect.objectContaining({ kind: 'problem.instruct', entityId: String(id) }),
    );
    expect(inbox.unread).toBeGreaterThan(0);
  });

  it('a deadline extension is requested with a reason and decided by the lead department', async () => {
    const id = await kindergartenProblem();
    await zhangdian.post(`/api/problems/${id}/plan`, plan());
    await edu.post(`/api/problems/${id}/plan/approve`, {});
    const asked = await zhangdian.post(`/api/problems/${id}/extension-request`, {
      deadline: inDays(200),
      reason: '选址调整',
    });
    expect(asked.statusCode).toBe(200);
    expect(
      (
        await zhangdian.post(`/api/problems/${id}/extension-request`, {
          deadline: inDays(220),
          reason: '再延',
        })
      ).statusCode,
    ).toBe(409);
    const decided = await edu.post(`/api/problems/${id}/extension-decision`, { approve: true });
    expect(decided.json<Problem>().deadline).toBe(inDays(200));
  });

  it('batch approval approves all or none', async () => {
    const a = await kindergartenProblem();
    const b = await kindergartenProblem();
    await zhangdian.post(`/api/problems/${a}/plan`, plan());
    const refused = await edu.post('/api/problems/plans/approve', { ids: [a, b] });
    expect(refused.statusCode).toBe(422);
    expect((await edu.get(`/api/problems/${a}`)).json<Problem>().status).toBe('planned');
    await zhangdian.post(`/api/problems/${b}/plan`, plan());
    expect(
      (await edu.post('/api/problems/plans/approve', { ids: [a, b] })).json<{ approved: number }>()
        .approved,
    ).toBe(2);
    expect((await edu.get(`/api/problems/${b}`)).json<Problem>().status).toBe('in_progress');
  });
});

describe('P11 the first plan’s submission, kept on the problem', () => {
  const firstPlanAt = async (id: number) =>
    (await t.db.select({ at: problems.firstPlanAt }).from(problems).where(eq(problems.id, id)))[0]!
      .at;

  it('is the first revision’s time, kept through later revisions and data fixes', async () => {
    const id = await kindergartenProblem();
    expect(await firstPlanAt(id)).toBeNull();
    await ok(zhangdian.post(`/api/problems/${id}/plan`, plan()));
    const [first] = await t.db
      .select({ at: problemPlans.submittedAt })
      .from(problemPlans)
      .where(eq(problemPlans.problemId, id));
    expect((await firstPlanAt(id))?.toISOString()).toBe(first!.at.toISOString());

    // A second revision leaves the first submission as it was.
    await ok(edu.post(`/api/problems/${id}/plan/reject`, { reason: '措施不具体' }));
    await ok(zhangdian.post(`/api/problems/${id}/plan`, plan({ measures: '新建幼儿园一所' })));
    expect((await firstPlanAt(id))?.toISOString()).toBe(first!.at.toISOString());

    // A data fix moving the second revision before the first makes it the first.
    const earlier = new Date(first!.at.getTime() - 3 * 86_400_000);
    await t.db
      .update(problemPlans)
      .set({ submittedAt: earlier })
      .where(and(eq(problemPlans.problemId, id), eq(problemPlans.revision, 2)));
    expect((await firstPlanAt(id))?.toISOString()).toBe(earlier.toISOString());
  });
});

describe('P5 deadlines: derived overdue, reminders and escalation', () => {
  it('reminds before and escalates after the deadline, never twice even when two runners race', async () => {
    const soon = await kindergartenProblem();
    const late = await kindergartenProblem();
    await t.db
      .update(problems)
      .set({ deadline: inDays(3), status: 'in_progress' })
      .where(eq(problems.id, soon));
    await t.db
      .update(problems)
      .set({ deadline: inDays(-2), status: 'in_progress' })
      .where(eq(problems.id, late));
    const [r1, r2] = await Promise.all([scanDeadlines(t.db), scanDeadlines(t.db)]);
    const again = await scanDeadlines(t.db);
    expect(again).toEqual({ reminders: 0, escalations: 0 });
    expect(r1.reminders + r2.reminders).toBeGreaterThan(0);
    const inbox = (await zhangdian.get('/api/notifications?pageSize=200')).json<{
      items: { kind: string; entityId: string }[];
    }>();
    const mine = inbox.items.filter(
      (n) => n.entityId === String(soon) && n.kind === 'problem.deadline_reminder',
    );
    expect(mine).toHaveLength(1);
    const escalations = (await edu.get('/api/notifications?pageSize=200')).json<{
      items: { kind: string; entityId: string }[];
    }>();
    expect(
      escalations.items.filter(
        (n) => n.entityId === String(late) && n.kind === 'problem.overdue_escalation',
      ),
    ).toHaveLength(1);
    const overdue = (await office.get('/api/problems?overdue=true&pageSize=500')).json<{
      items: { id: number; overdue: boolean }[];
    }>();
    expect(overdue.items.map((p) => p.id)).toContain(late);
    expect(overdue.items.map((p) => p.id)).not.toContain(soon);
    expect(todayInShanghai()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('P12 task breakdown and campaigns', () => {
  it('carries the policy’s tasks and dates; a lead department reports on its own task only', async () => {
    const list = (await office.get('/api/tasks')).json<{
      items: { id: number; name: string; deadline: string | null; leadDepartmentCode: string }[];
    }>();
    const deadlines = list.items.map((x) => x.deadline);
    expect(deadlines).toEqual(
      expect.arrayContaining(['2020-04-10', '2020-04-20', '2020-12-31', '2021-12-31']),
    );
    const eduTask = list.items.find((x) => x.leadDepartmentCode === '3703-education')!;
    const commerce = await t.login('commerce');
    expect(
      (await commerce.post(`/api/tasks/${eduTask.id}/reports`, { note: '越权', percent: 50 }))
        .statusCode,
    ).toBe(403);
    const reported = await edu.post(`/api/tasks/${eduTask.id}/reports`, {
      note: '已完成排查',
      percent: 100,
    });
    expect(reported.json<{ status: string; reports: unknown[] }>()).toMatchObject({
      status: 'done',
    });
    const group = (await office.get('/api/leading-group')).json<{
      members: { position: string }[];
    }>();
    expect(group.members[0]!.position).toBe('组长');
  });

  it('shows each campaign’s progress', async () => {
    const campaigns = (await office.get('/api/campaigns')).json<
      { code: string; deadline: string; total: number; byStatus: Record<string, number> }[]
    >();
    const kg = campaigns.find((c) => c.code === 'kindergarten-2020')!;
    expect(kg.deadline).toBe('2020-12-31');
    expect(campaigns.find((c) => c.code === 'kindergarten-open')!.total).toBeGreaterThan(0);
    expect(campaigns.find((c) => c.code === 'rectification-2021')!.deadline).toBe('2021-12-31');
  });
});

describe('bulk work: export open problems, re-import progress', () => {
  it('imports progress for many problems at once, all or nothing', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const a = await kindergartenProblem();
    const b = await kindergartenProblem();
    for (const id of [a, b]) {
      await zhangdian.post(`/api/problems/${id}/plan`, plan());
      await edu.post(`/api/problems/${id}/plan/approve`, {});
    }
    const exported = await zhangdian.get('/api/exports/problems.xlsx');
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('问题清单')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const [idCol, pctCol, noteCol] = ['问题编号', '本次进度(%)', '进展说明'].map((h) =>
      header.indexOf(h),
    );
    const rowOf = new Map<number, number>();
    sheet.eachRow((row, n) => {
      if (n > 1) rowOf.set(Number(row.getCell(idCol!).value), n);
    });
    expect(rowOf.has(a) && rowOf.has(b)).toBe(true);
    // One good row and one with a percentage over 100: nothing may be recorded.
    sheet.getRow(rowOf.get(a)!).getCell(pctCol!).value = '５０%';
    sheet.getRow(rowOf.get(a)!).getCell(noteCol!).value = '完成选址';
    sheet.getRow(rowOf.get(b)!).getCell(pctCol!).value = 150;
    sheet.getRow(rowOf.get(b)!).getCell(noteCol!).value = '超额';
    const bad = (
      await zhangdian.upload(
        '/api/imports/problem-progress?dryRun=false',
        Buffer.from(await wb.xlsx.writeBuffer()),
      )
    ).json<{ updated: number; errors: { row: number; column: string }[] }>();
    expect(bad.updated).toBe(0);
    expect(bad.errors).toEqual([
      expect.objectContaining({ row: rowOf.get(b)!, column: '本次进度(%)' }),
    ]);
    expect((await zhangdian.get(`/api/problems/${a}`)).json<Problem>().progressPercent).toBe(0);
    sheet.getRow(rowOf.get(b)!).getCell(pctCol!).value = 30;
    const good = (
      await zhangdian.upload(
        '/api/imports/problem-progress?dryRun=false',
        Buffer.from(await wb.xlsx.writeBuffer()),
      )
    ).json<{ updated: number; errors: unknown[] }>();
    expect(good).toMatchObject({ updated: 2, errors: [] });
    expect((await zhangdian.get(`/api/problems/${a}`)).json<Problem>().progressPercent).toBe(50);
    expect((await zhangdian.get(`/api/problems/${b}`)).json<Problem>().progressPercent).toBe(30);
  });
});

describe('P5 closure with evidence; P12 campaigns that are still open', () => {
  async function inProgress(): Promise<number> {
    const id = await kindergartenProblem();
    await zhangdian.post(`/api/problems/${id}/plan`, plan());
    await edu.post(`/api/problems/${id}/plan/approve`, {});
    return id;
  }

  it('refuses a closure request without a photo or document, and takes one with a stated reason', async () => {
    const id = await inProgress();
    const bare = await zhangdian.post(`/api/problems/${id}/closure-request`, {
      evidence: '已整改完成',
      attachmentIds: [],
    });
    expect(bare.statusCode).toBe(422);
    expect(bare.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'RULE_VIOLATION',
      message: '申请销号须附至少一张照片或一份文件；确实无法提供的，请说明原因',
    });
    expect((await zhangdian.get(`/api/problems/${id}`)).json<Problem>().status).toBe('in_progress');

    const reasoned = await zhangdian.post(`/api/problems/${id}/closure-request`, {
      evidence: '已与邻近小区共用幼儿园',
      attachmentIds: [],
      noEvidenceReason: '整改方式为共建共用协议，现场无新建设施可拍照',
    });
    expect(reasoned.statusCode, reasoned.body).toBe(200);
    // The deciding department sees the reason at the decision.
    const seen = (await edu.get(`/api/problems/${id}`)).json<Problem>();
    expect(seen.status).toBe('closure_requested');
    expect(seen.events.at(-1)).toMatchObject({ action: 'request_closure' });
    expect(seen.events.at(-1)!.comment).toContain(
      '无法提供照片或文件的原因：整改方式为共建共用协议，现场无新建设施可拍照',
    );
  });

  it('refuses to file a problem into a campaign whose deadline has passed (422), takes an open one', async () => {
    const list = (await office.get('/api/campaigns')).json<{ id: number; code: string }[]>();
    const expired = list.find((c) => c.code === 'kindergarten-2020')!;
    const open = list.find((c) => c.code === 'kindergarten-open')!;
    const area = await buildArea(zhangdian, { kind: 'existing', households: 900 });
    const body = {
      residentialAreaId: area.id,
      facilityType: 'kindergarten',
      stage: 'use',
      description: '幼儿园被挪作他用',
      source: 'resident',
    };
    const refused = await zhangdian.post('/api/problems', { ...body, campaign: expired.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'RULE_VIOLATION',
      message: '专项整治“城镇居住区幼儿园专项整治”已于 2020-12-31 截止，不能再纳入问题',
    });
    const taken = await zhangdian.post('/api/problems', { ...body, campaign: open.id });
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.json<Problem>().campaign).toBe(OPEN_CAMPAIGN);
  });
});
