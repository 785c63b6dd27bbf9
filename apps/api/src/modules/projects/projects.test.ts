import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type {
  ErrorBody,
  GateFacility,
  GateIssue,
  ProjectDetail,
  ProjectGate,
  ProjectRecord,
} from '@zibo/shared';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildProject } from '../../../test/factories.ts';
import { compliantDocument } from './project-documents-builder.ts';
import { scanOpinionDeadlines, scheduleOpinionDeadlineScan } from './project-deadlines.ts';
import { projectGates } from './projects.tables.ts';

let t: TestApp;
const c: Record<string, Client> = {};
const ACCOUNTS = [
  'nr',
  'housing',
  'edu',
  'civil',
  'commerce',
  'sports',
  'health',
  'developer1',
  'office',
  'zhangdian',
  'zichuan',
  'leader',
  'auditor',
];
const ACCOUNT_OF: Record<string, string> = {
  '3703-natural_resources': 'nr',
  '3703-housing': 'housing',
  '3703-education': 'edu',
  '3703-civil_affairs': 'civil',
  '3703-commerce': 'commerce',
  '3703-sports': 'sports',
  '3703-health': 'health',
  '3703-state_assets': 'assets',
};
const SEVEN = ['nr', 'housing', 'edu', 'civil', 'commerce', 'sports', 'health'];
const BUILT = { built: true, accepted: true };
const HANDED = { ...BUILT, handedOver: true, registered: true };

beforeAll(async () => {
  t = await startTestApp();
  for (const a of ACCOUNTS) c[a] = await t.login(a);
  // P10: the state-asset agency signs the handover of government-owned facilities.
  c.assets = await t.login('assets');
});
afterAll(async () => {
  await t.close();
});

const errorOf = (res: { json<T>(): T }) => res.json<ErrorBody>().error;

async function register(client: Client = c.developer1!, over: Record<string, unknown> = {}) {
  return buildProject(client, over);
}

const gateOf = (p: ProjectDetail, gate: ProjectGate) => p.gates.find((g) => g.gate === gate)!;
const submitterOf = (gate: ProjectGate) =>
  gate === 'planning_review' || gate === 'land_supply_review' ? 'nr' : 'developer1';
const statusFor = (gate: ProjectGate) =>
  gate === 'completion_review' ? BUILT : gate === 'handover_registration' ? HANDED : {};

async function detail(id: number, as = 'office') {
  const res = await c[as]!.get(`/api/projects/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ProjectDetail>();
}

async function submit(
  p: ProjectDetail,
  gate: ProjectGate,
  facilities: GateFacility[] = compliantDocument(p.requiredFacilities, statusFor(gate)),
  as = submitterOf(gate),
  extra: Record<string, unknown> = {},
) {
  return c[as]!.post(`/api/projects/${p.id}/gates/${gate}/submit`, {
    facilities,
    note: `${gate} 材料`,
    ...extra,
  });
}

async function opine(id: number, gate: ProjectGate, as: string, body: Record<string, unknown>) {
  return c[as]!.post(`/api/projects/${id}/gates/${gate}/opinions`, body);
}

/** Every department still owing an opinion at the gate approves; returns the project after. */
async function approveAll(id: number, gate: ProjectGate) {
  let p = await detail(id);
  for (const d of gateOf(p, gate).departments.filter((x) => !x.opined)) {
    const res = await opine(id, gate, ACCOUNT_OF[d.code]!, {
      decision: 'approve',
      comment: '同意',
    });
    expect(res.statusCode, `${d.code}: ${res.body}`).toBe(200);
    p = res.json<ProjectDetail>();
  }
  return p;
}

/** Takes the project through each gate with a compliant document until `gate` is current. */
async function advanceTo(p: ProjectDetail, gate: ProjectGate) {
  let cur = p;
  while (cur.currentGate !== gate) {
    const g = cur.currentGate;
    const res = await submit(cur, g);
    expect(res.statusCode, `${g}: ${res.body}`).toBe(200);
    cur = await approveAll(cur.id, g);
    expect(cur.currentGate, `after ${g}`).not.toBe(g);
  }
  return cur;
}

describe('P7–P10 new residential projects and their gates', () => {
  it('runs a project from registration to use supervision with all seven departments', async () => {
    let p = await register(c.developer1, { presaleBeforeCompletion: true });
    expect(p.currentGate).toBe('planning_review');
    expect(p.developerAccountName).toBe('演示置业有限公司（演示）');
    expect(p.gates.map((g) => g.status)).toEqual(Array(8).fill('pending'));
    const types = p.requiredFacilities.map((r) => r.facilityType);
    // The test ledger is empty, so no service radius is covered: a kindergarten is required.
    expect(types).toContain('kindergarten');
    // ELD-001: 20 m² per 100 households × 1,200 households.
    expect(
      p.requiredFacilities.find((r) => r.facilityType === 'elderly_service_station'),
    ).toMatchObject({
      floorArea: 240,
      ownership: 'government',
      handoverTo: '3703-civil_affairs',
    });

    // P7: the planning conditions are natural resources', and must include every facility.
    expect((await submit(p, 'planning_review', undefined, 'developer1')).statusCode).toBe(403);
    const incomplete = await submit(
      p,
      'planning_review',
      compliantDocument(p.requiredFacilities).filter((f) => f.facilityType !== 'kindergarten'),
    );
    expect(incomplete.statusCode).toBe(422);
    expect(errorOf(incomplete).code).toBe('RULE_VIOLATION');
    expect(errorOf(incomplete).details).toEqual([
      expect.objectContaining({ facilityType: 'kindergarten', code: 'missing' }),
    ]);

    const opened = await submit(p, 'planning_review');
    expect(opened.statusCode, opened.body).toBe(200);
    p = opened.json<ProjectDetail>();
    const planning = gateOf(p, 'planning_review');
    expect(planning).toMatchObject({ status: 'open', round: 1 });
    expect(planning.requiredDepartments).toHaveLength(7);
    expect(planning.opinionDeadline).not.toBeNull();
    expect(planning.checklist.every((x) => x.ok === true)).toBe(true);

    // Each department's inbox shows what awaits it.
    const awaiting = await c.edu!.get('/api/projects/awaiting-me');
    expect(
      awaiting.json<{ items: { kind: string; projectId: number; gate: string }[] }>().items,
    ).toContainEqual(
      expect.objectContaining({ kind: 'opinion', projectId: p.id, gate: 'planning_review' }),
    );
    const notices = await c.edu!.get('/api/notifications');
    expect(notices.json<{ items: { title: string }[] }>().items[0]?.title).toContain(
      '规划联合审查',
    );

    p = await approveAll(p.id, 'planning_review');
    expect(p.currentGate).toBe('land_supply_review');
    expect(gateOf(p, 'planning_review').opinions).toHaveLength(7);

    // P7: land supply carries ownership and handover; civil affairs approves with a condition.
    const sold = compliantDocument(p.requiredFacilities).map((f) =>
      f.facilityType === 'kindergarten' ? { ...f, ownership: 'investor' as const } : f,
    );
    const wrong = await submit(p, 'land_supply_review', sold);
    expect(wrong.statusCode).toBe(422);
    expect(errorOf(wrong).details).toEqual([
      expect.objectContaining({ facilityType: 'kindergarten', code: 'ownership_mismatch' }),
    ]);
    expect((await submit(p, 'land_supply_review')).statusCode).toBe(200);
    const conditional = await opine(p.id, 'land_supply_review', 'civil', {
      decision: 'approve_with_conditions',
      conditions: [{ text: '养老服务站须设在首层，独立出入口' }],
    });
    expect(conditional.statusCode, conditional.body).toBe(200);
    p = await approveAll(p.id, 'land_supply_review');
    expect(p.currentGate).toBe('agreement');
    const condition = p.conditions[0]!;
    expect(condition).toMatchObject({
      dueGate: 'agreement',
      status: 'open',
      departmentCode: '3703-civil_affairs',
    });
    expect(condition.abilities).toMatchObject({ answer: false });

    // The condition is checked by the gate it is due at; the developer answers it with a document.
    const blocked = await submit(p, 'agreement');
    expect(blocked.statusCode).toBe(422);
    expect(errorOf(blocked).message).toContain('附加条件');
    const file = await c.developer1!.upload(
      '/api/attachments',
      Buffer.from('%PDF-1.4\n% floor plan\n'),
      '首层平面图.pdf',
      'application/pdf',
    );
    expect(file.statusCode, file.body).toBe(201);
    const fileId = file.json<{ id: number }>().id;
    const answered = await c.developer1!.post(
      `/api/projects/${p.id}/conditions/${condition.id}/answer`,
      { answer: '已调整方案，养老服务站设于首层并设独立出入口', attachmentIds: [fileId] },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect(
      (
        await c.edu!.post(`/api/projects/${p.id}/conditions/${condition.id}/decision`, {
          accept: true,
        })
      ).statusCode,
    ).toBe(403);
    const civilInbox = await c.civil!.get('/api/projects/awaiting-me');
    expect(
      civilInbox.json<{ items: { kind: string; conditionId: number | null }[] }>().items,
    ).toContainEqual(
      expect.objectContaining({ kind: 'condition_decision', conditionId: condition.id }),
    );
    const accepted = await c.civil!.post(
      `/api/projects/${p.id}/conditions/${condition.id}/decision`,
      { accept: true, comment: '已落实' },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json<ProjectDetail>().conditions[0]?.status).toBe('resolved');
    // Everyone who sees the project may read the answer's document.
    expect((await c.civil!.get(`/api/attachments/${fileId}`)).statusCode).toBe(200);
    expect((await c.zichuan!.get(`/api/attachments/${fileId}`)).statusCode).toBe(404);

    // P7: the agreement is signed by natural resources and each facility department.
    expect((await submit(p, 'agreement')).statusCode).toBe(200);
    p = await detail(p.id);
    expect(new Set(gateOf(p, 'agreement').requiredDepartments)).toEqual(
      new Set([
        '3703-natural_resources',
        ...new Set(p.requiredFacilities.map((r) => r.departmentCode)),
      ]),
    );
    p = await approveAll(p.id, 'agreement');

    // P8: housing alone issues the permit, per the land contract.
    expect((await submit(p, 'construction_permit')).statusCode).toBe(200);
    expect(gateOf(await detail(p.id), 'construction_permit').requiredDepartments).toEqual([
      '3703-housing',
    ]);
    p = await approveAll(p.id, 'construction_permit');
    expect(p.currentGate).toBe('presale_consultation');

    p = await advanceTo(p, 'completion_review');
    expect((await submit(p, 'completion_review')).statusCode).toBe(200);
    expect(
      new Set(
        gateOf(await detail(p.id), 'completion_review').departments.map((d) => ACCOUNT_OF[d.code]),
      ),
    ).toEqual(new Set(SEVEN));
    p = await approveAll(p.id, 'completion_review');

    // P10: government property is registered under the state-asset agency.
    expect((await submit(p, 'handover_registration')).statusCode).toBe(200);
    expect(gateOf(await detail(p.id), 'handover_registration').requiredDepartments).toContain(
      '3703-state_assets',
    );
    p = await approveAll(p.id, 'handover_registration');
    expect(p.currentGate).toBe('use_supervision');
    expect(gateOf(p, 'use_supervision').status).toBe('open');
    expect(
      p.gates.filter((g) => g.gate !== 'use_supervision').every((g) => g.status === 'passed'),
    ).toBe(true);

    // P10 use supervision: in use is recorded; idle raises one problem, however often found.
    const inUse = await c.civil!.post(`/api/projects/${p.id}/inspections`, {
      facilityType: 'elderly_service_station',
      useStatus: 'in_use',
      note: '正常开放',
    });
    expect(inUse.statusCode, inUse.body).toBe(200);
    expect(inUse.json<ProjectDetail>().inspections[0]?.problemId).toBeNull();
    const idle = await c.civil!.post(`/api/projects/${p.id}/inspections`, {
      facilityType: 'elderly_service_station',
      useStatus: 'idle',
      note: '交付后闲置',
    });
    const problemId = idle.json<ProjectDetail>().inspections[0]?.problemId;
    expect(problemId).toEqual(expect.any(Number));
    const again = await c.civil!.post(`/api/projects/${p.id}/inspections`, {
      facilityType: 'elderly_service_station',
      useStatus: 'repurposed',
      note: '改作仓库',
    });
    expect(again.json<ProjectDetail>().inspections[0]?.problemId).toBe(problemId);
    const problem = await c.office!.get(`/api/problems/${problemId}`);
    expect(problem.statusCode, problem.body).toBe(200);
    expect(problem.json()).toMatchObject({
      projectId: p.id,
      stage: 'use',
      source: 'inspection',
      facilityType: 'elderly_service_station',
      status: 'open',
    });
    // Only the facility's own department inspects it.
    expect(
      (
        await c.edu!.post(`/api/projects/${p.id}/inspections`, {
          facilityType: 'elderly_service_station',
          useStatus: 'in_use',
          note: '抽查',
        })
      ).statusCode,
    ).toBe(403);

    // The timeline and the audit log record the whole way.
    const final = await detail(p.id);
    expect(final.events.filter((e) => e.action === 'pass').map((e) => e.gate)).toEqual([
      'planning_review',
      'land_supply_review',
      'agreement',
      'construction_permit',
      'presale_consultation',
      'completion_review',
      'handover_registration',
    ]);
    const audit = await c.auditor!.get(`/api/audit?entity=project&pageSize=500`);
    expect(audit.statusCode, audit.body).toBe(200);
    const actions = audit
      .json<{ items: { action: string; entityId: string | null }[] }>()
      .items.filter((a) => a.entityId === String(p.id))
      .map((a) => a.action);
    for (const a of [
      'project.register',
      'project.gate_submit',
      'project.opinion',
      'project.gate_pass',
      'project.condition_answer',
      'project.condition_resolve',
      'project.inspection',
    ]) {
      expect(actions, a).toContain(a);
    }
  });

  it('P8 refuses the construction permit when the land contract lacks the kindergarten', async () => {
    let p = await register(c.nr, { developerUserId: await developerId() });
    const required = p.requiredFacilities;
    // P7: natural resources adjusts the requirement only with a written reason.
    const withoutKindergarten = required
      .filter((r) => r.facilityType !== 'kindergarten')
      .map((r) => ({
        facilityType: r.facilityType,
        floorArea: r.floorArea,
        siteArea: r.siteArea,
        sites: r.sites,
        constructionMethod: r.constructionMethod,
        ownership: r.ownership,
        handoverTo: r.handoverTo,
        handoverRequirement: r.handoverRequirement,
      }));
    const url = `/api/projects/${p.id}/required-facilities`;
    expect(
      (await c.nr!.put(url, { facilities: withoutKindergarten, version: p.version })).statusCode,
    ).toBe(400);
    expect(
      (
        await c.edu!.put(url, {
          facilities: withoutKindergarten,
          reason: '周边已有幼儿园',
          version: p.version,
        })
      ).statusCode,
    ).toBe(403);
    const adjusted = await c.nr!.put(url, {
      facilities: withoutKindergarten,
      reason: '项目北侧 200 米已有公办幼儿园，学位可满足本项目需求',
      version: p.version,
    });
    expect(adjusted.statusCode, adjusted.body).toBe(200);
    p = adjusted.json<ProjectDetail>();
    expect(p.requiredAdjusted).toBe(true);
    expect(p.requiredFacilities.map((r) => r.facilityType)).not.toContain('kindergarten');
    expect(p.events.at(-1)).toMatchObject({ action: 'adjust_required' });

    p = await advanceTo(p, 'construction_permit');
    // Required facilities are fixed once the land-supply conditions carry them.
    expect(
      (
        await c.nr!.put(url, {
          facilities: withoutKindergarten,
          reason: '再次调整',
          version: p.version,
        })
      ).statusCode,
    ).toBe(409);

    const kindergarten: GateFacility = {
      facilityType: 'kindergarten',
      floorArea: 2200,
      siteArea: 3500,
      constructionMethod: 'standalone',
      ownership: 'government',
      handoverTo: '3703-education',
      handoverRequirement: '无偿移交教育部门',
    };
    const refused = await submit(p, 'construction_permit', [
      ...compliantDocument(p.requiredFacilities),
      kindergarten,
    ]);
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused).code).toBe('RULE_VIOLATION');
    const details = errorOf(refused).details as GateIssue[];
    expect(details).toEqual([
      expect.objectContaining({ facilityType: 'kindergarten', code: 'contract_mismatch' }),
    ]);
    expect(details[0]?.message).toContain('土地出让合同未约定幼儿园');
    expect(gateOf(await detail(p.id), 'construction_permit').status).toBe('pending');

    const smaller = compliantDocument(p.requiredFacilities).map((f) =>
      f.facilityType === 'elderly_service_station' ? { ...f, floorArea: f.floorArea + 20 } : f,
    );
    const differs = await submit(p, 'construction_permit', smaller);
    expect(errorOf(differs).details).toEqual([
      expect.objectContaining({
        facilityType: 'elderly_service_station',
        code: 'contract_mismatch',
      }),
    ]);
    expect((await submit(p, 'construction_permit')).statusCode).toBe(200);
  });

  it('P9 refuses completion while the elderly-care room is 50 m² short', async () => {
    let p = await register();
    p = await advanceTo(p, 'completion_review');
    const station = p.requiredFacilities.find((r) => r.facilityType === 'elderly_service_station')!;
    const asBuilt = compliantDocument(p.requiredFacilities, BUILT).map((f) =>
      f.facilityType === 'elderly_service_station'
        ? { ...f, floorArea: station.floorArea! - 50 }
        : f,
    );
    const refused = await submit(p, 'completion_review', asBuilt);
    expect(refused.statusCode).toBe(422);
    const details = errorOf(refused).details as GateIssue[];
    expect(details).toEqual([
      expect.objectContaining({
        facilityType: 'elderly_service_station',
        code: 'short_floor_area',
      }),
    ]);
    expect(details[0]?.message).toContain('少 50 m²');

    const notAccepted = compliantDocument(p.requiredFacilities, { built: true, accepted: false });
    const unaccepted = await submit(p, 'completion_review', notAccepted);
    expect(unaccepted.statusCode).toBe(422);
    expect(
      (errorOf(unaccepted).details as GateIssue[]).every((d) => d.code === 'not_accepted'),
    ).toBe(true);
    expect(gateOf(await detail(p.id), 'completion_review').status).toBe('pending');
  });

  it('returns a gate on a reject, with every opinion visible, and opens a new round on resubmission', async () => {
    let p = await register();
    expect((await submit(p, 'planning_review')).statusCode).toBe(200);
    expect((await opine(p.id, 'planning_review', 'nr', { decision: 'approve' })).statusCode).toBe(
      200,
    );
    expect(
      (
        await opine(p.id, 'planning_review', 'commerce', {
          decision: 'approve_with_conditions',
          comment: '便民市场须临街设置',
        })
      ).statusCode,
    ).toBe(200);
    expect((await opine(p.id, 'planning_review', 'edu', { decision: 'reject' })).statusCode).toBe(
      400,
    );
    const rejected = await opine(p.id, 'planning_review', 'edu', {
      decision: 'reject',
      comment: '幼儿园选址临近主干道，须调整',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    p = rejected.json<ProjectDetail>();
    const planning = gateOf(p, 'planning_review');
    expect(planning.status).toBe('returned');
    expect(planning.opinions.map((o) => [o.departmentCode, o.decision, o.round])).toEqual([
      ['3703-natural_resources', 'approve', 1],
      ['3703-commerce', 'approve_with_conditions', 1],
      ['3703-education', 'reject', 1],
    ]);
    // The returned round's condition lapses with it.
    expect(p.conditions.map((x) => x.status)).toEqual(['withdrawn']);
    // No more opinions on a returned gate; the submitter is told.
    const late = await opine(p.id, 'planning_review', 'health', { decision: 'approve' });
    expect(late.statusCode).toBe(409);
    expect(errorOf(late).code).toBe('INVALID_TRANSITION');
    const nrNotices = await c.nr!.get('/api/notifications');
    expect(nrNotices.json<{ items: { title: string; body: string }[] }>().items).toContainEqual(
      expect.objectContaining({ title: expect.stringContaining('被退回') as string }),
    );
    expect(
      (await c.nr!.get('/api/projects/awaiting-me')).json<{
        items: { kind: string; projectId: number }[];
      }>().items,
    ).toContainEqual(expect.objectContaining({ kind: 'submission', projectId: p.id }));

    const again = await submit(p, 'planning_review');
    expect(again.statusCode).toBe(200);
    p = again.json<ProjectDetail>();
    expect(gateOf(p, 'planning_review')).toMatchObject({ status: 'open', round: 2 });
    expect(gateOf(p, 'planning_review').departments.every((d) => !d.opined)).toBe(true);
    p = await approveAll(p.id, 'planning_review');
    expect(p.currentGate).toBe('land_supply_review');
    expect(gateOf(p, 'planning_review').opinions.filter((o) => o.round === 2)).toHaveLength(7);
    expect(p.events.filter((e) => e.action === 'return')).toHaveLength(1);
  });

  it('takes opinions only from the departments required at that gate, once, while it is open', async () => {
    let p = await register();
    const early = await opine(p.id, 'planning_review', 'nr', { decision: 'approve' });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).code).toBe('INVALID_TRANSITION');
    expect((await submit(p, 'planning_review')).statusCode).toBe(200);
    // Not a department at all.
    expect(
      (await opine(p.id, 'planning_review', 'developer1', { decision: 'approve' })).statusCode,
    ).toBe(403);
    expect(
      (await opine(p.id, 'planning_review', 'office', { decision: 'approve' })).statusCode,
    ).toBe(403);
    expect(
      (await opine(p.id, 'planning_review', 'assets', { decision: 'approve' })).statusCode,
    ).toBe(403);
    expect(
      (await opine(p.id, 'planning_review', 'health', { decision: 'approve' })).statusCode,
    ).toBe(200);
    const twice = await opine(p.id, 'planning_review', 'health', { decision: 'approve' });
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice).code).toBe('CONFLICT');
    // Not the current gate, and never a passed one.
    const skip = await submit(p, 'land_supply_review');
    expect(skip.statusCode).toBe(409);
    expect(errorOf(skip).code).toBe('INVALID_TRANSITION');
    p = await approveAll(p.id, 'planning_review');
    const reopen = await submit(p, 'planning_review');
    expect(reopen.statusCode).toBe(409);
    expect(errorOf(reopen).message).toContain('不能重新提交');

    p = await advanceTo(p, 'construction_permit');
    expect((await submit(p, 'construction_permit')).statusCode).toBe(200);
    for (const other of ['nr', 'edu', 'civil', 'commerce', 'sports', 'health']) {
      const res = await opine(p.id, 'construction_permit', other, { decision: 'approve' });
      expect(res.statusCode, other).toBe(403);
      expect(errorOf(res).message).toContain('住房和城乡建设局');
    }
    const permit = gateOf(await detail(p.id, 'housing'), 'construction_permit');
    expect(permit.abilities).toEqual({ submit: false, opine: true });
    expect(gateOf(await detail(p.id, 'edu'), 'construction_permit').abilities.opine).toBe(false);
    expect(
      (await opine(p.id, 'construction_permit', 'housing', { decision: 'approve' })).statusCode,
    ).toBe(200);
    // Without pre-sale before completion, the consultation is skipped.
    expect((await detail(p.id)).currentGate).toBe('completion_review');
    const presale = await submit(p, 'presale_consultation');
    expect(errorOf(presale).code).toBe('INVALID_TRANSITION');
  });

  it('shows a developer only its own projects and a district only its own', async () => {
    const own = await register(c.developer1);
    const unlinked = await register(c.nr, { regionCode: '370302001001', lon: 117.96, lat: 36.65 });
    expect(unlinked.developerUserId).toBeNull();
    const list = await c.developer1!.get('/api/projects?pageSize=500');
    const ids = list.json<{ items: ProjectRecord[] }>().items.map((x) => x.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(unlinked.id);
    expect((await c.developer1!.get(`/api/projects/${unlinked.id}`)).statusCode).toBe(404);
    expect((await c.zichuan!.get(`/api/projects/${own.id}`)).statusCode).toBe(404);
    expect((await c.zichuan!.get(`/api/projects/${unlinked.id}`)).statusCode).toBe(200);
    expect((await c.zhangdian!.get(`/api/projects/${own.id}`)).statusCode).toBe(200);
    // A developer registers only for itself; a district registers nothing.
    const other = await c.developer1!.post('/api/projects', {
      name: '他人项目',
      developerName: '其他公司',
      developerUserId: 1,
      regionCode: '370303001001',
      households: 100,
      landArea: 1000,
      floorArea: 5000,
      lon: 118.05,
      lat: 36.81,
    });
    expect(other.statusCode).toBe(400);
    expect(
      (
        await c.edu!.post('/api/projects', {
          name: '教育局项目',
          developerName: 'x',
          regionCode: '370303001001',
          households: 100,
          landArea: 1000,
          floorArea: 5000,
          lon: 118.05,
          lat: 36.81,
        })
      ).statusCode,
    ).toBe(403);
    // Natural resources links the developer later; the developer then sees it.
    const linked = await c.nr!.patch(`/api/projects/${unlinked.id}`, {
      developerUserId: await developerId(),
      version: unlinked.version,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect((await c.developer1!.get(`/api/projects/${unlinked.id}`)).statusCode).toBe(200);
    const stale = await c.nr!.patch(`/api/projects/${unlinked.id}`, {
      name: '改名',
      version: unlinked.version,
    });
    expect(stale.statusCode).toBe(409);
  });

  it('reports the projects held at each gate and maps them for the office', async () => {
    const p = await register();
    const stats = await c.office!.get('/api/projects/stats');
    expect(stats.statusCode, stats.body).toBe(200);
    const body = stats.json<{
      total: number;
      gates: { gate: string; held: number; pending: number }[];
    }>();
    const list = (await c.office!.get('/api/projects?pageSize=500')).json<{
      items: ProjectRecord[];
    }>().items;
    expect(body.total).toBe(list.length);
    for (const g of body.gates) {
      expect(g.held, g.gate).toBe(list.filter((x) => x.currentGate === g.gate).length);
    }
    const map = await c.leader!.get('/api/projects/map');
    expect(map.statusCode).toBe(200);
    expect(map.json<{ id: number; lon: number }[]>()).toContainEqual(
      expect.objectContaining({ id: p.id, lon: 118.05, currentGate: 'planning_review' }),
    );
    const filtered = await c.office!.get('/api/projects?gate=use_supervision&pageSize=500');
    expect(
      filtered
        .json<{ items: ProjectRecord[] }>()
        .items.every((x) => x.currentGate === 'use_supervision'),
    ).toBe(true);
  });

  it('documents every project route in the OpenAPI document', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).json<{
      paths: Record<string, unknown>;
    }>();
    for (const path of [
      '/api/projects',
      '/api/projects/{id}',
      '/api/projects/{id}/gates/{gate}/submit',
      '/api/projects/{id}/gates/{gate}/opinions',
      '/api/projects/{id}/required-facilities',
      '/api/projects/{id}/inspections',
      '/api/projects/awaiting-me',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });

  it('reminds a department before its opinion deadline and escalates after it, once each', async () => {
    const p = await register();
    expect((await submit(p, 'planning_review')).statusCode).toBe(200);
    expect((await opine(p.id, 'planning_review', 'nr', { decision: 'approve' })).statusCode).toBe(
      200,
    );
    const deadline = gateOf(await detail(p.id), 'planning_review').opinionDeadline!;
    const first = await scanOpinionDeadlines(t.db, deadline);
    expect(first.reminders).toBeGreaterThanOrEqual(6);
    expect((await scanOpinionDeadlines(t.db, deadline)).reminders).toBe(0);
    const edu = (await c.edu!.get('/api/notifications')).json<{ items: { title: string }[] }>()
      .items;
    expect(edu.filter((n) => n.title.includes('到期') && n.title.includes(p.name))).toHaveLength(1);
    const nr = (await c.nr!.get('/api/notifications')).json<{ items: { title: string }[] }>().items;
    expect(nr.some((n) => n.title.includes('到期') && n.title.includes(p.name))).toBe(false);

    const after = new Date(Date.parse(`${deadline}T00:00:00Z`) + 3 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const late = await scanOpinionDeadlines(t.db, after);
    expect(late.escalations).toBeGreaterThan(0);
    expect((await scanOpinionDeadlines(t.db, after)).escalations).toBe(0);
    const office = (await c.office!.get('/api/notifications')).json<{
      items: { title: string; body: string }[];
    }>().items;
    const overdue = office.filter((n) => n.title.includes('逾期') && n.title.includes(p.name));
    expect(overdue.length).toBeGreaterThan(0);
    // The late department by its name, never by its code (3703-education).
    for (const n of overdue) expect(n.body).toMatch(/^淄博市\S+(局|委员会)未在 /);
    // Once the deadline has passed, the office counts the missing opinions and the inbox flags them.
    const statsOf = async () =>
      (await c.office!.get('/api/projects/stats'))
        .json<{ gates: { gate: string; overdueOpinions: number }[] }>()
        .gates.find((g) => g.gate === 'planning_review')!.overdueOpinions;
    const before = await statsOf();
    await t.db
      .update(projectGates)
      .set({ opinionDeadline: '2000-01-03' })
      .where(and(eq(projectGates.projectId, p.id), eq(projectGates.gate, 'planning_review')));
    expect((await statsOf()) - before).toBe(6);
    expect(gateOf(await detail(p.id), 'planning_review').overdue).toBe(true);
    const inbox = await c.edu!.get('/api/projects/awaiting-me');
    expect(inbox.json<{ items: { projectId: number; overdue: boolean }[] }>().items).toContainEqual(
      expect.objectContaining({ projectId: p.id, overdue: true }),
    );

    expect(await scheduleOpinionDeadlineScan(t.db, '2099-01-01')).toBe(true);
    expect(await scheduleOpinionDeadlineScan(t.db, '2099-01-01')).toBe(false);
  });
});

async function developerId(): Promise<number> {
  const res = await c.nr!.get('/api/projects/developer-accounts');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ id: number; username: string }[]>().find((u) => u.username === 'developer1')!
    .id;
}

describe('project list filters', () => {
  it('filters by the status of the current gate: the statuses partition the list', async () => {
    type List = { items: { currentGateStatus: string }[]; total: number };
    const all = (await c.office!.get('/api/projects?pageSize=500')).json<List>();
    expect(all.total).toBeGreaterThan(0);
    let sum = 0;
    for (const status of ['pending', 'open', 'returned', 'passed', 'skipped']) {
      const page = (
        await c.office!.get(`/api/projects?status=${status}&pageSize=500`)
      ).json<List>();
      expect(page.items.every((p) => p.currentGateStatus === status)).toBe(true);
      sum += page.total;
    }
    expect(sum).toBe(all.total);
    expect((await c.office!.get('/api/projects?status=bogus')).statusCode).toBe(400);
  });
});
