import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea } from '../../../test/factories.ts';

type Submission = {
  districtCode: string;
  status: string;
  overdue: boolean;
  locked: boolean;
  returnComment: string | null;
  filings: { departmentKind: string; filed: boolean }[];
  abilities: Record<string, boolean>;
  events: { action: string }[];
};
type SurveyDetail = {
  id: number;
  submissions: Submission[];
  overdueCount: number;
  counts: Record<string, number>;
};

let t: TestApp;
let office: Client;
let zhangdian: Client;
let edu: Client;
let civil: Client;
beforeAll(async () => {
  t = await startTestApp();
  office = await t.login('office');
  zhangdian = await t.login('zhangdian');
  edu = await t.login('edu');
  civil = await t.login('civil');
});
afterAll(async () => {
  await t.close();
});

const sub = (d: SurveyDetail, code: string) => d.submissions.find((s) => s.districtCode === code)!;

describe('P3 survey: submit, file (备案), return', () => {
  it('runs the campaign from submission to filing and return', async () => {
    const created = await office.post('/api/surveys', {
      name: '2020年社区配套设施排查摸底',
      deadline: '2099-04-10',
    });
    expect(created.statusCode).toBe(201);
    const survey = created.json<SurveyDetail>();
    expect(survey.submissions).toHaveLength(8);
    expect(survey.submissions.every((s) => s.status === 'pending')).toBe(true);

    const area = await buildArea(zhangdian);
    const submitted = await zhangdian.post(`/api/surveys/${survey.id}/submissions/370303/submit`);
    expect(submitted.statusCode).toBe(200);
    expect(sub(submitted.json<SurveyDetail>(), '370303')).toMatchObject({
      status: 'submitted',
      locked: true,
    });

    // The district sees only its own submission.
    expect(submitted.json<SurveyDetail>().submissions.map((s) => s.districtCode)).toEqual([
      '370303',
    ]);

    // Locked while with the departments.
    const locked = await zhangdian.patch(`/api/residential-areas/${area.id}`, {
      households: 5,
      version: area.version,
    });
    expect(locked.statusCode).toBe(422);
    expect(locked.json<{ error: { code: string; message: string } }>().error.message).toContain(
      '锁定',
    );

    // The district cannot file its own ledger.
    expect(
      (await zhangdian.post(`/api/surveys/${survey.id}/submissions/370303/file`)).statusCode,
    ).toBe(403);

    const filed = await edu.post(`/api/surveys/${survey.id}/submissions/370303/file`);
    expect(filed.statusCode).toBe(200);
    const afterEdu = sub(filed.json<SurveyDetail>(), '370303');
    expect(afterEdu.status).toBe('submitted');
    expect(afterEdu.filings.find((f) => f.departmentKind === 'education')!.filed).toBe(true);
    expect(afterEdu.abilities.file).toBe(false);

    const again = await edu.post(`/api/surveys/${survey.id}/submissions/370303/file`);
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('INVALID_TRANSITION');

    const noComment = await civil.post(`/api/surveys/${survey.id}/submissions/370303/return`, {
      comment: '',
    });
    expect(noComment.statusCode).toBe(400);

    const returned = await civil.post(`/api/surveys/${survey.id}/submissions/370303/return`, {
      comment: '养老设施面积未填写，请补充',
    });
    expect(returned.statusCode).toBe(200);
    const afterReturn = sub(returned.json<SurveyDetail>(), '370303');
    expect(afterReturn).toMatchObject({
      status: 'returned',
      locked: false,
      returnComment: '养老设施面积未填写，请补充',
    });
    expect(afterReturn.filings.every((f) => !f.filed)).toBe(true);
    expect(afterReturn.events.map((e) => e.action)).toEqual(['submit', 'file', 'return']);

    // Unlocked again.
    expect(
      (
        await zhangdian.patch(`/api/residential-areas/${area.id}`, {
          households: 5,
          version: area.version,
        })
      ).statusCode,
    ).toBe(200);
  });

  it('is filed when all five lead departments have filed', async () => {
    const survey = (
      await office.post('/api/surveys', { name: '复查', deadline: '2099-12-31' })
    ).json<SurveyDetail>();
    await zhangdian.post(`/api/surveys/${survey.id}/submissions/370303/submit`);
    let last: SurveyDetail | null = null;
    for (const u of ['edu', 'civil', 'commerce', 'sports', 'health']) {
      const c = await t.login(u);
      const r = await c.post(`/api/surveys/${survey.id}/submissions/370303/file`);
      expect(r.statusCode).toBe(200);
      last = r.json<SurveyDetail>();
    }
    expect(sub(last!, '370303')).toMatchObject({ status: 'filed', locked: true });
    // Closing the campaign releases the lock.
    const closed = await office.post(`/api/surveys/${survey.id}/close`);
    expect(sub(closed.json<SurveyDetail>(), '370303').locked).toBe(false);
    // And no transition is possible any more.
    const late = await civil.post(`/api/surveys/${survey.id}/submissions/370303/return`, {
      comment: 'x',
    });
    expect(late.statusCode).toBe(409);
  });

  it('refuses every invalid transition with INVALID_TRANSITION', async () => {
    const survey = (
      await office.post('/api/surveys', { name: '无效转换', deadline: '2099-12-31' })
    ).json<SurveyDetail>();
    const base = `/api/surveys/${survey.id}/submissions/370303`;
    expect((await edu.post(`${base}/file`)).statusCode).toBe(409);
    expect((await edu.post(`${base}/return`, { comment: '退回' })).statusCode).toBe(409);
    await zhangdian.post(`${base}/submit`);
    const twice = await zhangdian.post(`${base}/submit`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json<{ error: { code: string; message: string } }>().error).toEqual({
      code: 'INVALID_TRANSITION',
      message: '当前状态为“已报送”，不能报送',
      details: { status: 'submitted', action: 'submit' },
    });
    await edu.post(`${base}/return`, { comment: '重报' });
  });

  it('another district cannot act on this district’s submission', async () => {
    const survey = (
      await office.post('/api/surveys', { name: '越权', deadline: '2099-12-31' })
    ).json<SurveyDetail>();
    const zichuan = await t.login('zichuan');
    expect(
      (await zichuan.post(`/api/surveys/${survey.id}/submissions/370303/submit`)).statusCode,
    ).toBe(404);
  });

  it('the office sees who is late', async () => {
    const survey = (
      await office.post('/api/surveys', { name: '过期排查', deadline: '2020-04-10' })
    ).json<SurveyDetail>();
    await zhangdian.post(`/api/surveys/${survey.id}/submissions/370303/submit`);
    const detail = (await office.get(`/api/surveys/${survey.id}`)).json<SurveyDetail>();
    expect(detail.overdueCount).toBe(7);
    expect(sub(detail, '370303').overdue).toBe(false);
    expect(sub(detail, '370302').overdue).toBe(true);
  });
});
