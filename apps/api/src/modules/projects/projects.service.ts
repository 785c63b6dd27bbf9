import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  CONDITION_STATUS_NAMES,
  GATE_DOCUMENT_NAMES,
  GATE_STATUS_NAMES,
  PROJECT_GATES,
  PROJECT_GATE_NAMES,
  categoryOfFacilityType,
  type FacilityTypeCode,
  type GateFacility,
  type ProjectGate,
  type ProjectListItem,
  type ProjectRequiredFacility,
  type projectInput,
  type projectPatch,
  type projectPhase,
  type requiredFacilitiesAdjustment,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { canSeeRegion } from '../../platform/auth/scope.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { attachments } from '../../platform/files/files.tables.ts';
import { toWgs84 } from '../../platform/geo.ts';
import {
  conflict,
  forbidden,
  invalidTransition,
  notFound,
  validationFailed,
} from '../../platform/http/errors.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { projectAnswers } from './project-answers.ts';
import { notifyUsers } from '../inbox/index.ts';
import { findRegion, regionNames } from '../org/index.ts';
import { checkGateDocument, checklistOf, type EarlierDocuments } from './project-documents.ts';
import { computeRequiredFacilities } from './project-requirements.ts';
import {
  checkAdjustRequired,
  cityDepartment,
  facilityDepartmentOf,
  initialGates,
  leadDepartmentOf,
  requiredDepartmentsFor,
  setPresale,
  type GateFacts,
  type GateState,
} from './project.workflow.ts';
import {
  conditionAbilities,
  gateAbilities,
  isNaturalResources,
  mayAdjustRequired,
  mayRegister,
  mayUpdate,
  projectAbilities,
  type ProjectFacts,
} from './project.policy.ts';
import {
  departmentNames,
  departmentUserIds,
  factsOf,
  loadFacts,
  loadGates,
  loadOpinedThisRound,
  lockProject,
  projectWhere,
  recordEvent,
  type GateRow,
  type ProjectFilter,
  type ProjectRow,
} from './projects.repo.ts';
import {
  projectConditions,
  projectEvents,
  projectGates,
  projectInspections,
  projectOpinions,
  projectSubmissions,
  projects,
} from './projects.tables.ts';

export type ProjectData = z.output<typeof projectInput>;
export type ProjectPatch = z.output<typeof projectPatch>;
export type RequiredAdjustment = z.output<typeof requiredFacilitiesAdjustment>;
type Phase = z.output<typeof projectPhase>;

/** Who opines where depends on the categories and ownership of the required facilities. */
export function gateFactsOf(required: readonly ProjectRequiredFacility[]): GateFacts {
  return {
    categories: [...new Set(required.map((r) => r.category))],
    governmentOwned: required.some((r) => r.ownership === 'government'),
  };
}

/** A developer registers for itself; natural resources may name the developer's account. */
async function resolveDeveloper(
  db: Db,
  actor: Actor,
  requested: number | null | undefined,
): Promise<number | null> {
  if (!isNaturalResources(actor)) {
    if (requested != null && requested !== actor.id) {
      throw validationFailed(
        [{ path: 'developerUserId', message: '建设单位只能为本单位登记项目' }],
        '建设单位只能为本单位登记项目',
      );
    }
    return actor.id;
  }
  if (requested == null) return null;
  const [u] = await db
    .select({ id: users.id, roles: users.roles, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, requested));
  if (!u || u.disabled || !u.roles.includes('developer_org')) {
    throw validationFailed(
      [{ path: 'developerUserId', message: '建设单位账号不存在或已停用' }],
      '建设单位账号不存在或已停用',
    );
  }
  return u.id;
}

/** P7: a project is registered with the facilities the current standards require of it. */
export async function registerProject(input: { db: Db; actor: Actor; data: ProjectData }) {
  const { db, actor, data } = input;
  if (!mayRegister(actor)) {
    throw forbidden('只有自然资源部门或建设单位可以登记新建居住区项目');
  }
  const region = await findRegion(db, data.regionCode);
  if (!region || region.level === 'city') {
    throw validationFailed([{ path: 'regionCode', message: '行政区划不存在' }], '行政区划不存在');
  }
  if (!canSeeRegion(actor, data.regionCode)) throw forbidden('该区域不在您的数据范围内');
  const developerUserId = await resolveDeveloper(db, actor, data.developerUserId);
  const [lon, lat] = toWgs84(data.lon, data.lat, data.coordSystem);
  const required = await computeRequiredFacilities(db, {
    households: data.households,
    population: data.population ?? null,
    lon,
    lat,
    regionCode: data.regionCode,
  });
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(projects)
      .values({
        name: data.name,
        developerName: data.developerName,
        developerUserId,
        regionCode: data.regionCode,
        households: data.households,
        population: data.population ?? null,
        landArea: data.landArea,
        floorArea: data.floorArea,
        lon,
        lat,
        phases: data.phases,
        presaleBeforeCompletion: data.presaleBeforeCompletion,
        currentGate: 'planning_review',
        requiredFacilities: required,
        createdBy: actor.id || null,
      })
      .returning();
    const p = row!;
    const facts = gateFactsOf(required);
    await tx.insert(projectGates).values(
      initialGates(data.presaleBeforeCompletion).map((g, i) => ({
        projectId: p.id,
        gate: g.gate,
        seq: i,
        status: g.status,
        requiredDepartments: requiredDepartmentsFor(g.gate, facts),
      })),
    );
    const eventId = await recordEvent(tx, actor, {
      projectId: p.id,
      action: 'register',
      comment: `登记项目，按现行配建标准需配建 ${required.length} 类配套设施`,
      data: { requiredFacilities: required.map((r) => r.facilityType) },
    });
    await recordAudit(tx, {
      actor,
      action: 'project.register',
      entity: 'project',
      entityId: p.id,
      after: p,
    });
    // P7: the planning review starts with natural resources issuing the planning conditions.
    await notifyUsers(
      tx,
      (await departmentUserIds(tx, [cityDepartment('natural_resources')])).filter(
        (u) => u !== actor.id,
      ),
      {
        kind: 'project.register',
        title: `新建居住区项目“${p.name}”已登记`,
        body: `请出具规划条件并提交${PROJECT_GATE_NAMES.planning_review}`,
        entity: 'project',
        entityId: p.id,
        eventKey: `project:${p.id}:event:${eventId}`,
      },
    );
    return p.id;
  });
  return findProject({ db, actor, id });
}

type Names = {
  regions: Map<string, string>;
  users: Map<number, string>;
};

async function loadNames(db: Db, rows: ProjectRow[]): Promise<Names> {
  const userIds = [
    ...new Set(rows.map((r) => r.developerUserId).filter((x): x is number => x !== null)),
  ];
  const regionsNamed = await regionNames(
    db,
    rows.flatMap((r) => [r.regionCode, r.regionCode.slice(0, 6)]),
  );
  const userRows = userIds.length
    ? await db
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .where(inArray(users.id, userIds))
    : [];
  return {
    regions: regionsNamed,
    users: new Map(userRows.map((u) => [u.id, u.name])),
  };
}

function presentRecord(actor: Actor, p: ProjectRow, facts: ProjectFacts, names: Names) {
  const current = facts.gates.find((g) => g.gate === p.currentGate);
  return {
    id: p.id,
    name: p.name,
    developerName: p.developerName,
    developerUserId: p.developerUserId,
    developerAccountName:
      p.developerUserId === null ? null : (names.users.get(p.developerUserId) ?? null),
    regionCode: p.regionCode,
    regionName: names.regions.get(p.regionCode) ?? null,
    districtCode: p.regionCode.slice(0, 6),
    districtName: names.regions.get(p.regionCode.slice(0, 6)) ?? null,
    households: p.households,
    population: p.population,
    landArea: p.landArea,
    floorArea: p.floorArea,
    lon: p.lon,
    lat: p.lat,
    phases: p.phases as Phase[],
    presaleBeforeCompletion: p.presaleBeforeCompletion,
    currentGate: p.currentGate,
    currentGateName: PROJECT_GATE_NAMES[p.currentGate],
    currentGateStatus: current?.status ?? 'pending',
    requiredFacilities: p.requiredFacilities as ProjectRequiredFacility[],
    requiredAdjusted: p.requiredAdjusted,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
    abilities: projectAbilities(actor, facts),
  };
}

/** A list row: the record with each required facility's figures, not the rules behind them. */
function presentListItem(
  actor: Actor,
  p: ProjectRow,
  facts: ProjectFacts,
  names: Names,
): ProjectListItem {
  const record = presentRecord(actor, p, facts, names);
  return {
    ...record,
    requiredFacilities: record.requiredFacilities.map((r) => ({
      facilityType: r.facilityType,
      category: r.category,
      floorArea: r.floorArea,
      siteArea: r.siteArea,
      sites: r.sites,
      adjusted: r.adjusted,
    })),
  };
}

/** Projects in the actor's scope (a developer: its own), newest first. */
export async function findProjects(input: {
  db: Db;
  actor: Actor;
  filter: Omit<ProjectFilter, 'ids'>;
  page: number;
  pageSize: number;
}) {
  const what = ['projects', input.filter, input.page, input.pageSize];
  return projectAnswers.get(input.db, input.actor, what, () => readProjects(input));
}

async function readProjects(input: Parameters<typeof findProjects>[0]) {
  const { db, actor } = input;
  const where = projectWhere(actor, input.filter);
  const rows = await db
    .select()
    .from(projects)
    .where(where)
    .orderBy(desc(projects.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(projects)
    .where(where);
  const gates = await loadGates(
    db,
    rows.map((r) => r.id),
  );
  const opined = await loadOpinedThisRound(db, gates);
  const names = await loadNames(db, rows);
  return {
    items: rows.map((p) => presentListItem(actor, p, factsOf(p, gates, opined), names)),
    total,
  };
}

const fileColumns = {
  id: attachments.id,
  name: attachments.name,
  size: attachments.size,
  contentType: attachments.contentType,
};

/** One project: its gates with documents, checklists and every opinion, conditions, inspections and timeline. */
export async function findProject(input: { db: Db; actor: Actor; id: number }) {
  const { db, actor, id } = input;
  const [p] = await db
    .select()
    .from(projects)
    .where(projectWhere(actor, { ids: [id] }));
  if (!p) throw notFound('项目');
  const { gates, facts } = await loadFacts(db, p);
  const [opinions, submissions, conditions, inspections, events, names] = await Promise.all([
    db
      .select()
      .from(projectOpinions)
      .where(eq(projectOpinions.projectId, id))
      .orderBy(asc(projectOpinions.id)),
    db
      .select()
      .from(projectSubmissions)
      .where(eq(projectSubmissions.projectId, id))
      .orderBy(asc(projectSubmissions.id)),
    db
      .select()
      .from(projectConditions)
      .where(eq(projectConditions.projectId, id))
      .orderBy(asc(projectConditions.id)),
    db
      .select()
      .from(projectInspections)
      .where(eq(projectInspections.projectId, id))
      .orderBy(desc(projectInspections.id)),
    db
      .select()
      .from(projectEvents)
      .where(eq(projectEvents.projectId, id))
      .orderBy(asc(projectEvents.id)),
    loadNames(db, [p]),
  ]);
  const depts = await departmentNames(db, [
    ...gates.flatMap((g) => g.requiredDepartments),
    ...opinions.map((o) => o.departmentCode),
    ...conditions.map((c) => c.departmentCode),
  ]);
  const fileIds = [
    ...new Set([
      ...submissions.flatMap((s) => s.attachmentIds),
      ...conditions.flatMap((c) => c.answerAttachmentIds),
      ...inspections.flatMap((i) => i.attachmentIds),
      ...events.flatMap((e) => e.attachmentIds),
    ]),
  ];
  const files = fileIds.length
    ? await db.select(fileColumns).from(attachments).where(inArray(attachments.id, fileIds))
    : [];
  const filesOf = (list: number[]) =>
    list.map((i) => files.find((f) => f.id === i)).filter((f) => f !== undefined);
  const deptName = (code: string) => depts.get(code) ?? code;

  const required = p.requiredFacilities as ProjectRequiredFacility[];
  const latest = new Map<ProjectGate, (typeof submissions)[number]>();
  for (const s of submissions) latest.set(s.gate, s);
  const earlier: EarlierDocuments = {};
  for (const [gate, s] of latest) earlier[gate] = s.facilities as GateFacility[];
  const today = todayInShanghai();

  return {
    ...presentRecord(actor, p, facts, names),
    gates: gates.map((g) => {
      const doc = latest.get(g.gate) ?? null;
      const stated = doc ? (doc.facilities as GateFacility[]) : null;
      const issues = stated
        ? checkGateDocument({ gate: g.gate, facilities: stated, required, earlier })
        : [];
      const opined = facts.gates.find((x) => x.gate === g.gate)?.opined ?? [];
      return {
        gate: g.gate,
        name: PROJECT_GATE_NAMES[g.gate],
        documentName: GATE_DOCUMENT_NAMES[g.gate],
        status: g.status,
        statusName: GATE_STATUS_NAMES[g.status],
        current: g.gate === p.currentGate,
        requiredDepartments: g.requiredDepartments,
        departments: g.requiredDepartments.map((code) => ({
          code,
          name: deptName(code),
          opined: opined.includes(code),
        })),
        leadDepartmentCode: leadDepartmentOf(g.gate),
        round: g.round,
        opinionDeadline: g.opinionDeadline,
        overdue: g.status === 'open' && g.opinionDeadline !== null && g.opinionDeadline < today,
        submittedAt: g.submittedAt?.toISOString() ?? null,
        passedAt: g.passedAt?.toISOString() ?? null,
        opinions: opinions
          .filter((o) => o.gate === g.gate)
          .map((o) => ({
            id: o.id,
            departmentCode: o.departmentCode,
            departmentName: deptName(o.departmentCode),
            decision: o.decision,
            comment: o.comment,
            round: o.round,
            actorName: o.actorName,
            at: o.at.toISOString(),
          })),
        document: doc
          ? {
              round: doc.round,
              facilities: doc.facilities as GateFacility[],
              note: doc.note,
              attachments: filesOf(doc.attachmentIds),
              submittedByName: doc.submittedByName,
              submittedAt: doc.submittedAt.toISOString(),
            }
          : null,
        checklist: g.gate === 'use_supervision' ? [] : checklistOf(required, stated, issues),
        abilities: gateAbilities(actor, facts, g.gate),
      };
    }),
    conditions: conditions.map((c) => ({
      id: c.id,
      gate: c.gate,
      dueGate: c.dueGate,
      departmentCode: c.departmentCode,
      departmentName: deptName(c.departmentCode),
      text: c.text,
      status: c.status,
      statusName: CONDITION_STATUS_NAMES[c.status],
      answer: c.answer,
      answerAttachments: filesOf(c.answerAttachmentIds),
      answeredAt: c.answeredAt?.toISOString() ?? null,
      decisionComment: c.decisionComment,
      decidedAt: c.decidedAt?.toISOString() ?? null,
      createdAt: c.createdAt.toISOString(),
      abilities: conditionAbilities(actor, facts, c),
    })),
    inspections: inspections.map((i) => ({
      id: i.id,
      facilityType: i.facilityType as FacilityTypeCode,
      useStatus: i.useStatus,
      note: i.note,
      attachments: filesOf(i.attachmentIds),
      departmentCode: i.departmentCode,
      inspectorName: i.inspectorName,
      problemId: i.problemId,
      at: i.at.toISOString(),
    })),
    events: events.map((e) => ({
      id: e.id,
      gate: e.gate,
      action: e.action,
      round: e.round,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorName: e.actorName,
      actorDepartment: e.actorDepartment,
      comment: e.comment,
      attachments: filesOf(e.attachmentIds),
      data: e.data,
      at: e.at.toISOString(),
    })),
  };
}

export type ProjectView = Awaited<ReturnType<typeof findProject>>;

/** Name, developer, phases, location and the pre-sale flag; versioned. */
export async function updateProject(input: {
  db: Db;
  actor: Actor;
  id: number;
  patch: ProjectPatch;
}) {
  const { db, actor, id, patch } = input;
  await db.transaction(async (tx) => {
    const p = await lockProject(tx, actor, id);
    const { gates, facts } = await loadFacts(tx, p);
    if (!mayUpdate(actor, facts))
      throw forbidden('只有自然资源部门或本项目建设单位可以修改项目信息');
    if (patch.version !== p.version) throw conflict();
    const set: Partial<typeof projects.$inferInsert> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.developerName !== undefined) set.developerName = patch.developerName;
    if (patch.phases !== undefined) set.phases = patch.phases;
    if (patch.developerUserId !== undefined && patch.developerUserId !== p.developerUserId) {
      if (!isNaturalResources(actor)) throw forbidden('建设单位账号由自然资源部门关联');
      set.developerUserId = await resolveDeveloper(tx, actor, patch.developerUserId);
    }
    let gateStates: GateState[] | null = null;
    if (
      patch.presaleBeforeCompletion !== undefined &&
      patch.presaleBeforeCompletion !== p.presaleBeforeCompletion
    ) {
      const next = setPresale(gates, patch.presaleBeforeCompletion);
      if (!Array.isArray(next)) throw invalidTransition(next.message);
      gateStates = next;
      set.presaleBeforeCompletion = patch.presaleBeforeCompletion;
    }
    if (patch.lon !== undefined || patch.lat !== undefined) {
      const [lon, lat] = toWgs84(patch.lon ?? p.lon, patch.lat ?? p.lat, patch.coordSystem);
      if (lon !== p.lon || lat !== p.lat) {
        const allowed = checkAdjustRequired(gates);
        if (!allowed.ok) throw invalidTransition('供地联合审查通过后或审查期间不能修改项目位置');
        set.lon = lon;
        set.lat = lat;
        // The site decides which service radii are already covered: recompute unless adjusted by hand.
        if (!p.requiredAdjusted) {
          set.requiredFacilities = await computeRequiredFacilities(tx, {
            households: p.households,
            population: p.population,
            lon,
            lat,
            regionCode: p.regionCode,
          });
        }
      }
    }
    if (Object.keys(set).length === 0) return;
    const [after] = await tx
      .update(projects)
      .set({ ...set, updatedAt: new Date(), version: p.version + 1 })
      .where(eq(projects.id, id))
      .returning();
    if (gateStates) {
      const presale = gateStates.find((g) => g.gate === 'presale_consultation')!;
      await tx
        .update(projectGates)
        .set({ status: presale.status })
        .where(and(eq(projectGates.projectId, id), eq(projectGates.gate, 'presale_consultation')));
    }
    if (set.requiredFacilities) {
      await refreshRequiredDepartments(
        tx,
        set.requiredFacilities as ProjectRequiredFacility[],
        gates,
      );
    }
    await recordEvent(tx, actor, {
      projectId: id,
      action: 'update',
      comment: '修改项目信息',
      data: { fields: Object.keys(set) },
    });
    await recordAudit(tx, {
      actor,
      action: 'project.update',
      entity: 'project',
      entityId: id,
      before: p,
      after,
    });
  });
  return findProject({ db, actor, id });
}

/** Gates not yet submitted follow the required facilities' departments. */
async function refreshRequiredDepartments(
  tx: Db,
  required: readonly ProjectRequiredFacility[],
  gates: readonly GateRow[],
): Promise<void> {
  const facts = gateFactsOf(required);
  for (const g of gates) {
    if (g.status !== 'pending' && g.status !== 'returned' && g.status !== 'skipped') continue;
    await tx
      .update(projectGates)
      .set({ requiredDepartments: requiredDepartmentsFor(g.gate, facts) })
      .where(eq(projectGates.id, g.id));
  }
}

/**
 * P7: natural resources may change what the project must build — amounts, construction method,
 * ownership, handover — only with a written reason, audited, and only before land supply passes.
 */
export async function adjustRequiredFacilities(input: {
  db: Db;
  actor: Actor;
  id: number;
  data: RequiredAdjustment;
}) {
  const { db, actor, id, data } = input;
  await db.transaction(async (tx) => {
    const p = await lockProject(tx, actor, id);
    const { gates, facts } = await loadFacts(tx, p);
    const check = checkAdjustRequired(gates);
    if (!check.ok) throw invalidTransition(check.message);
    if (!mayAdjustRequired(actor, facts)) throw forbidden('只有自然资源部门可以调整配建要求');
    if (data.version !== p.version) throw conflict();
    const seen = new Set<FacilityTypeCode>();
    const dup = data.facilities.findIndex((f) => {
      const d = seen.has(f.facilityType);
      seen.add(f.facilityType);
      return d;
    });
    if (dup >= 0) {
      throw validationFailed(
        [
          {
            path: `facilities.${dup}.facilityType`,
            message: '同一类设施只能填写一项（多处请填写处数）',
          },
        ],
        '设施类型重复',
      );
    }
    const names = await departmentNames(
      tx,
      data.facilities.map((f) => f.handoverTo),
    );
    const unknown = data.facilities.findIndex((f) => !names.has(f.handoverTo));
    if (unknown >= 0) {
      throw validationFailed(
        [
          {
            path: `facilities.${unknown}.handoverTo`,
            message: `移交对象应为部门代码，如 ${cityDepartment('education')}`,
          },
        ],
        '移交对象不是已登记的部门',
      );
    }
    const before = p.requiredFacilities as ProjectRequiredFacility[];
    const after: ProjectRequiredFacility[] = data.facilities.map((f) => {
      const old = before.find((b) => b.facilityType === f.facilityType);
      const category = categoryOfFacilityType(f.facilityType);
      const next = {
        facilityType: f.facilityType,
        category,
        floorArea: f.floorArea,
        siteArea: f.siteArea,
        sites: f.sites,
        alternatives: f.alternatives === undefined ? (old?.alternatives ?? null) : f.alternatives,
        rules: old?.rules ?? [],
        constructionMethod: f.constructionMethod,
        ownership: f.ownership,
        handoverTo: f.handoverTo,
        handoverToName: names.get(f.handoverTo) ?? f.handoverTo,
        handoverRequirement: f.handoverRequirement,
        departmentCode: old?.departmentCode ?? facilityDepartmentOf(category),
      };
      const same =
        !!old &&
        old.floorArea === next.floorArea &&
        old.siteArea === next.siteArea &&
        old.sites === next.sites &&
        JSON.stringify(old.alternatives) === JSON.stringify(next.alternatives) &&
        old.constructionMethod === next.constructionMethod &&
        old.ownership === next.ownership &&
        old.handoverTo === next.handoverTo &&
        old.handoverRequirement === next.handoverRequirement;
      return { ...next, adjusted: same ? old.adjusted : true };
    });
    const removed = before.filter((b) => !after.some((a) => a.facilityType === b.facilityType));
    await tx
      .update(projects)
      .set({
        requiredFacilities: after,
        requiredAdjusted: true,
        updatedAt: new Date(),
        version: p.version + 1,
      })
      .where(eq(projects.id, id));
    await refreshRequiredDepartments(tx, after, gates);
    await recordEvent(tx, actor, {
      projectId: id,
      action: 'adjust_required',
      comment: data.reason,
      data: {
        changed: after.filter((a) => a.adjusted).map((a) => a.facilityType),
        removed: removed.map((r) => r.facilityType),
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'project.adjust_required',
      entity: 'project',
      entityId: id,
      before: { requiredFacilities: before },
      after: { requiredFacilities: after, reason: data.reason },
    });
  });
  return findProject({ db, actor, id });
}

/** Every project of the scope for the map, with where it stands. */
export async function findProjectMap(input: {
  db: Db;
  actor: Actor;
  filter: Omit<ProjectFilter, 'ids'>;
}) {
  const { db, actor } = input;
  const rows = await db
    .select({
      id: projects.id,
      name: projects.name,
      lon: projects.lon,
      lat: projects.lat,
      households: projects.households,
      regionCode: projects.regionCode,
      currentGate: projects.currentGate,
      currentGateStatus: projectGates.status,
    })
    .from(projects)
    .innerJoin(
      projectGates,
      and(eq(projectGates.projectId, projects.id), eq(projectGates.gate, projects.currentGate)),
    )
    .where(projectWhere(actor, input.filter))
    .orderBy(asc(projects.id));
  return rows;
}

/** For the office: how many projects each gate holds, by status, and the overdue opinions there. */
export async function findProjectStats(input: {
  db: Db;
  actor: Actor;
  region?: string | undefined;
}) {
  const { db, actor } = input;
  const where = projectWhere(actor, { region: input.region });
  const held = await db
    .select({
      gate: projects.currentGate,
      status: projectGates.status,
      n: sql<number>`count(*)::int`,
    })
    .from(projects)
    .innerJoin(
      projectGates,
      and(eq(projectGates.projectId, projects.id), eq(projectGates.gate, projects.currentGate)),
    )
    .where(where)
    .groupBy(projects.currentGate, projectGates.status);
  const today = todayInShanghai();
  const overdue = await db
    .select({
      gate: projectGates.gate,
      n: sql<number>`sum(cardinality(${projectGates.requiredDepartments}) - (
        select count(*) from ${projectOpinions} o
        where o.project_id = ${projectGates.projectId} and o.gate = ${projectGates.gate}
          and o.round = ${projectGates.round}))::int`,
    })
    .from(projectGates)
    .innerJoin(projects, eq(projects.id, projectGates.projectId))
    .where(
      and(where, eq(projectGates.status, 'open'), sql`${projectGates.opinionDeadline} < ${today}`),
    )
    .groupBy(projectGates.gate);
  const gates = PROJECT_GATES.map((gate) => {
    const mine = held.filter((h) => h.gate === gate);
    const count = (s: string) => mine.find((h) => h.status === s)?.n ?? 0;
    return {
      gate,
      name: PROJECT_GATE_NAMES[gate],
      held: mine.reduce((s, h) => s + h.n, 0),
      pending: count('pending'),
      open: count('open'),
      returned: count('returned'),
      overdueOpinions: overdue.find((o) => o.gate === gate)?.n ?? 0,
    };
  });
  return { total: gates.reduce((s, g) => s + g.held, 0), gates };
}

/** Developer accounts natural resources may link a project to. */
export async function findDeveloperAccounts(input: { db: Db; actor: Actor }) {
  if (!isNaturalResources(input.actor)) throw forbidden('只有自然资源部门可以查看建设单位账号');
  return input.db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(and(sql`'developer_org' = any(${users.roles})`, eq(users.disabled, false)))
    .orderBy(asc(users.id));
}
