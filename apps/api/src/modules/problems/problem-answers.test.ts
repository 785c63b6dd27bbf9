import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea } from '../../../test/factories.ts';
import { shanghaiDateIn as inDays } from '../../platform/time.ts';

/**
 * Issue 12: the problems list and a problem's page are kept answers (problem-answers.ts), kept
 * until a problem changes. Each step of the workflow, a data fix made in SQL (the triggers record
 * every writer), and an area renamed in the ledger must all show in the very next answer.
 */
let t: TestApp;
let zhangdian: Client;
let edu: Client;
beforeAll(async () => {
  t = await startTestApp();
  zhangdian = await t.login('zhangdian');
  edu = await t.login('edu');
});
afterAll(async () => {
  await t.close();
});

type Problem = {
  id: number;
  status: string;
  title: string;
  areaName: string;
  progressPercent: number;
  abilities: Record<string, boolean>;
};
type Page = { items: Problem[]; total: number };

/** Reads twice (the second is answered from what was kept) and checks both agree. */
async function twice<T>(client: Client, url: string): Promise<T> {
  const first = await client.get(url);
  expect(first.statusCode, first.body).toBe(200);
  expect((await client.get(url)).body).toBe(first.body);
  return first.json<T>();
}

describe('kept problems answers (issue 12)', () => {
  it('each workflow step, an SQL data fix and an area rename show in the next answer', async () => {
    const area = await buildArea(zhangdian, { name: '留存问题小区', households: 2000 });
    const raised = await zhangdian.post('/api/gap-analysis/problems', {
      items: [{ residentialAreaId: area.id, facilityType: 'kindergarten', ruleId: 'EDU-020' }],
    });
    expect(raised.statusCode, raised.body).toBe(200);
    const id = raised.json<{ items: { problemId: number }[] }>().items[0]!.problemId;
    const list = `/api/problems?residentialAreaId=${area.id}&pageSize=20`;
    const detail = `/api/problems/${id}`;
    const both = async (client: Client) => {
      const page = await twice<Page>(client, list);
      const one = await twice<Problem>(client, detail);
      expect(page.items.map((p) => p.id)).toEqual([id]);
      expect(page.items[0]).toMatchObject({
        status: one.status,
        title: one.title,
        areaName: one.areaName,
        progressPercent: one.progressPercent,
        abilities: one.abilities,
      });
      return one;
    };
    expect(await both(zhangdian)).toMatchObject({
      status: 'open',
      abilities: { submitPlan: true },
    });

    const planned = await zhangdian.post(`${detail}/plan`, {
      measures: '利用社区闲置用房改建幼儿园',
      leadUnit: '张店区教育和体育局',
      responsibleUnits: ['车站街道办事处'],
      deadline: inDays(120),
      oneCaseOnePlan: false,
    });
    expect(planned.statusCode, planned.body).toBe(200);
    expect(await both(zhangdian)).toMatchObject({ status: 'planned' });
    // The lead department's own answer (another scope) offers the approval.
    expect((await both(edu)).abilities.approvePlan).toBe(true);

    expect((await edu.post(`${detail}/plan/approve`, {})).statusCode).toBe(200);
    expect(await both(zhangdian)).toMatchObject({ status: 'in_progress' });
    expect((await both(edu)).abilities.approvePlan).toBe(false);

    const progressed = await zhangdian.post(`${detail}/progress`, {
      note: '完成主体',
      percent: 40,
    });
    expect(progressed.statusCode, progressed.body).toBe(200);
    expect((await both(zhangdian)).progressPercent).toBe(40);

    // A data fix by SQL, past the services: the triggers record it too.
    await t.db.execute(sql`update problems set progress_percent = 55 where id = ${id}`);
    expect((await both(zhangdian)).progressPercent).toBe(55);

    // The area renamed in the ledger: the problem shows the new name.
    const current = (await zhangdian.get(`/api/residential-areas/${area.id}`)).json<{
      version: number;
    }>();
    const renamed = await zhangdian.patch(`/api/residential-areas/${area.id}`, {
      name: '留存问题小区（更名）',
      version: current.version,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await both(zhangdian)).areaName).toBe('留存问题小区（更名）');
  });
});
