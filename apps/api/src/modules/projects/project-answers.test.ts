import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildProject } from '../../../test/factories.ts';
import { compliantDocument } from './project-documents-builder.ts';

/**
 * Issue 12: the projects list is a kept answer (project-answers.ts), kept until a project changes.
 * A gate submission, a department's opinion, an SQL data fix (the triggers of migration 0025
 * record every writer) and a developer's account renamed must each show in the very next list.
 */
let t: TestApp;
let office: Client;
let nr: Client;
let developer: Client;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  office = await t.login('office');
  nr = await t.login('nr');
  developer = await t.login('developer1');
  admin = await t.login('admin');
});
afterAll(async () => {
  await t.close();
});

type Item = {
  id: number;
  name: string;
  households: number;
  currentGate: string;
  currentGateStatus: string;
  developerAccountName: string | null;
  abilities: Record<string, boolean>;
};

describe('kept projects list (issue 12)', () => {
  it('a submission, an opinion, an SQL fix and an account rename each show in the next list', async () => {
    const project = await buildProject(developer, { name: '留存验证项目' });
    const url = `/api/projects?q=${encodeURIComponent('留存验证项目')}&pageSize=20`;
    /** The list twice (the second is kept), checked against the project's page (never kept). */
    const listed = async (client: Client = office): Promise<Item> => {
      const first = await client.get(url);
      expect(first.statusCode, first.body).toBe(200);
      expect((await client.get(url)).body).toBe(first.body);
      const [item] = first.json<{ items: Item[] }>().items;
      const page = (await client.get(`/api/projects/${project.id}`)).json<Item>();
      expect(item).toMatchObject({
        currentGate: page.currentGate,
        currentGateStatus: page.currentGateStatus,
        households: page.households,
        developerAccountName: page.developerAccountName,
        abilities: page.abilities,
      });
      return item!;
    };
    const before = await listed();

    const submitted = await nr.post(`/api/projects/${project.id}/gates/planning_review/submit`, {
      facilities: compliantDocument(project.requiredFacilities, {}),
      note: '规划条件材料',
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const afterSubmit = await listed();
    expect(afterSubmit.currentGateStatus).not.toBe(before.currentGateStatus);
    await listed(nr);

    const opinion = await nr.post(`/api/projects/${project.id}/gates/planning_review/opinions`, {
      decision: 'approve',
      comment: '同意',
    });
    expect(opinion.statusCode, opinion.body).toBe(200);
    await listed(nr);
    await listed();

    // A data fix by SQL, past the services: the triggers record it too.
    await t.db.execute(sql`update projects set households = 1300 where id = ${project.id}`);
    expect((await listed()).households).toBe(1300);

    // The developer's account renamed by the administrator.
    const me = (await developer.get('/api/auth/me')).json<{ user: { id: number } }>();
    const renamed = await admin.patch(`/api/users/${me.user.id}`, {
      displayName: '演示置业（更名）',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await listed()).developerAccountName).toBe('演示置业（更名）');
  });
});
