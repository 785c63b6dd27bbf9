import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectDetail, ProjectRecord } from '@zibo/shared';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { seedDemoProjects } from './projects.seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('demo projects', () => {
  it('seeds projects at different gates for developer1, through the real use cases, once', async () => {
    const seeded = await seedDemoProjects(t.db);
    expect(seeded).toBeGreaterThanOrEqual(4);
    expect(await seedDemoProjects(t.db)).toBe(0);

    const developer = await t.login('developer1');
    const list = (await developer.get('/api/projects?pageSize=500')).json<{
      items: ProjectRecord[];
      total: number;
    }>();
    expect(list.total).toBe(seeded);
    expect(list.items.every((p) => p.name.endsWith('（演示）'))).toBe(true);
    const gates = new Set(list.items.map((p) => p.currentGate));
    expect(gates.size).toBeGreaterThanOrEqual(4);
    expect(gates).toContain('use_supervision');
    expect(list.items.map((p) => p.currentGateStatus)).toContain('returned');

    const office = await t.login('office');
    const supervised = list.items.find((p) => p.currentGate === 'use_supervision')!;
    const detail = (await office.get(`/api/projects/${supervised.id}`)).json<ProjectDetail>();
    expect(detail.gates.filter((g) => g.status === 'passed').length).toBeGreaterThanOrEqual(6);
    const idle = detail.inspections.find((i) => i.useStatus === 'idle');
    expect(idle?.problemId).toEqual(expect.any(Number));
    const problem = await office.get(`/api/problems/${idle!.problemId}`);
    expect(problem.json()).toMatchObject({ projectId: supervised.id, stage: 'use' });

    // The audit chain stays valid after the seed.
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json()).toMatchObject({ ok: true });
  });
});
