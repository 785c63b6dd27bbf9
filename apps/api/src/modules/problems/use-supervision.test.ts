import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea, buildFacility, builtInUse } from '../../../test/factories.ts';

type ProblemItem = {
  id: number;
  stage: string;
  source: string;
  facilityId: number | null;
  residentialAreaId: number | null;
  title: string;
};

let t: TestApp;
let zhangdian: Client;
let civil: Client;
beforeAll(async () => {
  t = await startTestApp();
  zhangdian = await t.login('zhangdian');
  civil = await t.login('civil');
});
afterAll(async () => {
  await t.close();
});

async function useProblems(client: Client, areaId: number): Promise<ProblemItem[]> {
  const res = await client.get(
    `/api/problems?residentialAreaId=${areaId}&source=inspection&pageSize=100`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: ProblemItem[] }>().items;
}

describe('P10 use supervision from the ledger', () => {
  it('a use status that becomes idle raises exactly one use-stage problem, kept when it changes again', async () => {
    const area = await buildArea(zhangdian, { households: 1200 });
    const f = await buildFacility(zhangdian, [area.id], { name: '幸福里养老服务站' });
    expect(await useProblems(zhangdian, area.id)).toHaveLength(0);

    const idle = await zhangdian.patch(`/api/facilities/${f.id}`, {
      version: f.version,
      stages: { ...builtInUse, use: { status: 'idle', note: '建成后一直未开放' } },
    });
    expect(idle.statusCode, idle.body).toBe(200);
    const raised = await useProblems(zhangdian, area.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      stage: 'use',
      facilityId: f.id,
      residentialAreaId: area.id,
      title: '幸福里养老服务站闲置',
    });
    // Its lead department (市民政局 leads elderly care) sees it.
    expect((await civil.get(`/api/problems/${raised[0]!.id}`)).statusCode).toBe(200);

    // Repurposed next: the same open problem, not a second one.
    const version = idle.json<{ version: number }>().version;
    const repurposed = await zhangdian.patch(`/api/facilities/${f.id}`, {
      version,
      stages: { ...builtInUse, use: { status: 'repurposed', note: '改作仓库' } },
    });
    expect(repurposed.statusCode, repurposed.body).toBe(200);
    expect((await useProblems(zhangdian, area.id)).map((p) => p.id)).toEqual([raised[0]!.id]);
  });

  it('raises nothing while a facility is in use', async () => {
    const area = await buildArea(zhangdian, { households: 800 });
    const f = await buildFacility(zhangdian, [area.id]);
    await zhangdian.patch(`/api/facilities/${f.id}`, { version: f.version, floorArea: 260 });
    expect(await useProblems(zhangdian, area.id)).toHaveLength(0);
  });
});
