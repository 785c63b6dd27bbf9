import { and, eq, sql } from 'drizzle-orm';
import {
  DEPARTMENT_KIND_NAMES,
  permissionsOf,
  type DepartmentKind,
  type OpinionDecision,
  type ProjectGate,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { SYSTEM_ACTOR, actorFromUser, type Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { compliantDocument } from './project-documents-builder.ts';
import { giveOpinion, submitGate } from './project-gates.service.ts';
import { recordInspection } from './project-inspections.service.ts';
import { cityDepartment } from './project.workflow.ts';
import { registerProject, type ProjectView } from './projects.service.ts';
import { projects } from './projects.tables.ts';

const DEMO = '（演示）';

async function userActor(db: Db, where: ReturnType<typeof and>): Promise<Actor | null> {
  const [u] = await db.select().from(users).where(where).limit(1);
  return u ? actorFromUser(u, { id: null, ip: null }) : null;
}

/** The department's demo account, or (state assets has none) a stand-in acting for it. */
async function departmentActor(db: Db, kind: DepartmentKind): Promise<Actor> {
  const code = cityDepartment(kind);
  const found = await userActor(
    db,
    and(
      eq(users.departmentCode, code),
      sql`'department' = any(${users.roles})`,
      eq(users.disabled, false),
    ),
  );
  return (
    found ?? {
      ...SYSTEM_ACTOR,
      displayName: `淄博市${DEPARTMENT_KIND_NAMES[kind]}${DEMO}`,
      roles: ['department'],
      permissions: permissionsOf(['department']),
      departmentCode: code,
    }
  );
}

type Step =
  | { submit: ProjectGate; as: 'nr' | 'developer'; status?: 'built' | 'handed_over' }
  | { opine: ProjectGate; only?: DepartmentKind[]; decision?: OpinionDecision; comment?: string };

type DemoProject = {
  name: string;
  regionCode: string;
  lon: number;
  lat: number;
  households: number;
  presale: boolean;
  steps: Step[];
  inspections?: { useStatus: 'in_use' | 'idle'; note: string }[];
};

const ALL_GATES_TO_USE: Step[] = [
  { submit: 'planning_review', as: 'nr' },
  { opine: 'planning_review' },
  { submit: 'land_supply_review', as: 'nr' },
  { opine: 'land_supply_review' },
  { submit: 'agreement', as: 'developer' },
  { opine: 'agreement' },
  { submit: 'construction_permit', as: 'developer' },
  { opine: 'construction_permit' },
  { submit: 'completion_review', as: 'developer', status: 'built' },
  { opine: 'completion_review' },
  { submit: 'handover_registration', as: 'developer', status: 'handed_over' },
  { opine: 'handover_registration' },
];

const DEMO_PROJECTS: DemoProject[] = [
  {
    name: `锦绣华府${DEMO}`,
    regionCode: '370303005001',
    lon: 118.0451,
    lat: 36.8249,
    households: 1200,
    presale: true,
    steps: [],
  },
  {
    name: `齐盛花园${DEMO}`,
    regionCode: '370303002001',
    lon: 118.0312,
    lat: 36.8105,
    households: 2000,
    presale: false,
    steps: [
      { submit: 'planning_review', as: 'nr' },
      { opine: 'planning_review' },
      { submit: 'land_supply_review', as: 'nr' },
      { opine: 'land_supply_review', only: ['natural_resources', 'housing', 'civil_affairs'] },
      {
        opine: 'land_supply_review',
        only: ['education'],
        decision: 'approve_with_conditions',
        comment: '幼儿园须独立设置出入口，并在土地出让合同中明确无偿移交时限',
      },
    ],
  },
  {
    name: `柳泉新苑${DEMO}`,
    regionCode: '370302001001',
    lon: 117.9571,
    lat: 36.6459,
    households: 900,
    presale: false,
    steps: [
      ...ALL_GATES_TO_USE.slice(0, 7),
      {
        opine: 'construction_permit',
        decision: 'reject',
        comment: '施工图中社区养老服务站位于地下一层，不符合采光要求，请调整后重新申请',
      },
    ],
  },
  {
    name: `淄江名郡${DEMO}`,
    regionCode: '370305001009',
    lon: 118.3087,
    lat: 36.8261,
    households: 1500,
    presale: true,
    steps: [
      ...ALL_GATES_TO_USE.slice(0, 8),
      { submit: 'presale_consultation', as: 'developer' },
      { opine: 'presale_consultation' },
      { submit: 'completion_review', as: 'developer', status: 'built' },
      { opine: 'completion_review', only: ['housing', 'natural_resources', 'education'] },
    ],
  },
  {
    name: `华光苑${DEMO}`,
    regionCode: '370306001001',
    lon: 117.8572,
    lat: 36.7961,
    households: 800,
    presale: false,
    steps: ALL_GATES_TO_USE,
    inspections: [
      { useStatus: 'in_use', note: '社区综合服务用房已投入使用，运行正常' },
      { useStatus: 'idle', note: '养老服务站交付后未配备设施和人员，处于闲置状态' },
    ],
  },
];

const INSPECTED_TYPES = ['community_service_room', 'elderly_service_station'] as const;

/**
 * A few demo projects at different gates (names marked （演示）, developer account developer1),
 * driven through the real use cases so every record, event and audit row is what the system
 * itself would write. Runs only on a database with no projects and with the demo accounts.
 * Returns the number of projects seeded.
 */
export async function seedDemoProjects(db: Db): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(projects);
  if (n > 0) return 0;
  const developer = await userActor(db, eq(users.username, 'developer1'));
  const nr = await userActor(
    db,
    and(
      eq(users.departmentCode, cityDepartment('natural_resources')),
      sql`'department' = any(${users.roles})`,
    ),
  );
  if (!developer || !nr) return 0;
  const actors = new Map<string, Actor>();
  const actorOf = async (code: string) => {
    const kind = code.slice(code.indexOf('-') + 1) as DepartmentKind;
    let a = actors.get(code);
    if (!a) actors.set(code, (a = await departmentActor(db, kind)));
    return a;
  };

  for (const demo of DEMO_PROJECTS) {
    let view: ProjectView = await registerProject({
      db,
      actor: nr,
      data: {
        name: demo.name,
        developerName: '演示置业有限公司',
        developerUserId: developer.id,
        regionCode: demo.regionCode,
        households: demo.households,
        population: null,
        landArea: Math.round(demo.households * 30),
        floorArea: Math.round(demo.households * 110),
        lon: demo.lon,
        lat: demo.lat,
        coordSystem: 'wgs84',
        phases: [{ name: '一期', households: demo.households, floorArea: null, note: null }],
        presaleBeforeCompletion: demo.presale,
      },
    });
    for (const step of demo.steps) {
      if ('submit' in step) {
        const status =
          step.status === 'built'
            ? { built: true, accepted: true }
            : step.status === 'handed_over'
              ? { built: true, accepted: true, handedOver: true, registered: true }
              : {};
        view = await submitGate({
          db,
          actor: step.as === 'nr' ? nr : developer,
          id: view.id,
          gate: step.submit,
          data: {
            facilities: compliantDocument(view.requiredFacilities, status),
            attachmentIds: [],
            note: null,
          },
        });
      } else {
        const gate = view.gates.find((g) => g.gate === step.opine)!;
        const codes = step.only
          ? step.only.map(cityDepartment)
          : gate.departments.filter((d) => !d.opined).map((d) => d.code);
        for (const code of codes) {
          const decision = step.decision ?? 'approve';
          view = await giveOpinion({
            db,
            actor: await actorOf(code),
            id: view.id,
            gate: step.opine,
            data: {
              decision,
              comment: step.comment ?? '经审查，配套设施符合要求，同意',
              conditions: undefined,
            },
          });
        }
      }
    }
    for (const [i, inspection] of (demo.inspections ?? []).entries()) {
      const type = INSPECTED_TYPES[i % INSPECTED_TYPES.length]!;
      const r = view.requiredFacilities.find((x) => x.facilityType === type);
      if (!r) continue;
      view = await recordInspection({
        db,
        actor: await actorOf(r.departmentCode),
        id: view.id,
        data: { facilityType: type, ...inspection, attachmentIds: [] },
      });
    }
  }
  return DEMO_PROJECTS.length;
}
