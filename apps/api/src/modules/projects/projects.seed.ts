import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  DEPARTMENT_KIND_NAMES,
  DEPARTMENT_KINDS,
  OPINION_DECISIONS,
  PROJECT_GATES,
  permissionsOf,
  type DepartmentKind,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { SYSTEM_ACTOR, actorFromUser, type Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { currentCity, readCityFile } from '../../platform/city.ts';
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
      displayName: `${currentCity().name}${DEPARTMENT_KIND_NAMES[kind]}${DEMO}`,
      roles: ['department'],
      permissions: permissionsOf(['department']),
      departmentCode: code,
    }
  );
}

const demoStep = z.union([
  z.strictObject({
    submit: z.enum(PROJECT_GATES),
    as: z.enum(['nr', 'developer']),
    status: z.enum(['built', 'handed_over']).optional(),
  }),
  z.strictObject({
    opine: z.enum(PROJECT_GATES),
    only: z.array(z.enum(DEPARTMENT_KINDS)).optional(),
    decision: z.enum(OPINION_DECISIONS).optional(),
    comment: z.string().min(1).optional(),
  }),
]);

const demoProjectsFile = z.array(
  z.strictObject({
    /** The name without the demo mark, which the seed adds. */
    name: z.string().min(1),
    /** The project's community (12 digits). */
    regionCode: z.string().regex(/^\d{12}$/),
    lon: z.number(),
    lat: z.number(),
    households: z.number().int().positive(),
    presale: z.boolean(),
    /** The gates submitted and opined on, in order (the natural resources department or developer1). */
    steps: z.array(demoStep),
    inspections: z
      .array(z.strictObject({ useStatus: z.enum(['in_use', 'idle']), note: z.string().min(1) }))
      .optional(),
  }),
);

/**
 * The city's demo projects, in real communities of the city: demo data in its reference folder
 * (demo-projects.json), none where it has no such file.
 */
export function demoProjects(): z.infer<typeof demoProjectsFile> {
  const city = currentCity();
  const list = readCityFile('demo-projects.json', demoProjectsFile, city) ?? [];
  const outside = list.find((p) => !p.regionCode.startsWith(city.code));
  if (outside) throw new Error(`demo-projects.json: ${outside.name} is outside city ${city.code}`);
  return list;
}

const INSPECTED_TYPES = ['community_service_room', 'elderly_service_station'] as const;

/**
 * A few demo projects at different gates (names marked （演示）, developer account developer1),
 * driven through the real use cases so every record, event and audit row is what the system
 * itself would write. Runs only on a database with no projects and with the demo accounts.
 * Returns the number of projects seeded.
 */
export async function seedDemoProjects(db: Db): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(projects);
  const demoList = demoProjects();
  if (n > 0 || demoList.length === 0) return 0;
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

  for (const demo of demoList) {
    let view: ProjectView = await registerProject({
      db,
      actor: nr,
      data: {
        name: `${demo.name}${DEMO}`,
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
  return demoList.length;
}
