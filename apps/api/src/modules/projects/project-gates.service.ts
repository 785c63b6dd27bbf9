import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import {
  CONDITION_STATUS_NAMES,
  GATE_DOCUMENT_NAMES,
  OPINION_DECISION_NAMES,
  PROJECT_GATE_NAMES,
  type GateFacility,
  type GateIssue,
  type ProjectGate,
  type ProjectRequiredFacility,
  type conditionAnswerInput,
  type conditionDecisionInput,
  type gateSubmissionInput,
  type opinionInput,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import {
  conflict,
  forbidden,
  invalidTransition,
  notFound,
  ruleViolation,
  validationFailed,
} from '../../platform/http/errors.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { notifyUsers } from '../inbox/index.ts';
import { readSettings } from '../org/index.ts';
import { checkGateDocument, type EarlierDocuments } from './project-documents.ts';
import {
  GATE_SUBMITTERS,
  checkOpinion,
  checkSubmit,
  cityDepartment,
  currentGateOf,
  gateIndex,
  laterGates,
  passGate,
  requiredDepartmentsFor,
  roundOutcome,
} from './project.workflow.ts';
import {
  isRequiredAt,
  isSubmitterOf,
  mayAnswerCondition,
  mayDecideCondition,
  mayOpine,
} from './project.policy.ts';
import {
  assertOwnAttachments,
  departmentNames,
  departmentUserIds,
  loadFacts,
  lockProject,
  recordEvent,
  type ProjectRow,
} from './projects.repo.ts';
import { findProject, gateFactsOf } from './projects.service.ts';
import {
  projectConditions,
  projectGates,
  projectOpinions,
  projectSubmissions,
  projects,
} from './projects.tables.ts';
import { addWorkingDays } from './working-days.ts';

export type GateSubmission = z.output<typeof gateSubmissionInput>;
export type OpinionData = z.output<typeof opinionInput>;

/** Who is told when a gate comes back or moves on: the developer and, for its gates, natural resources. */
async function submitterUserIds(tx: Db, p: ProjectRow, gate: ProjectGate): Promise<number[]> {
  const ids: number[] = [];
  const who = GATE_SUBMITTERS[gate];
  if (p.developerUserId !== null) ids.push(p.developerUserId);
  if (who.includes('natural_resources'))
    ids.push(...(await departmentUserIds(tx, [cityDepartment('natural_resources')])));
  return ids;
}

async function latestDocuments(tx: Db, projectId: number): Promise<EarlierDocuments> {
  const rows = await tx
    .select({
      gate: projectSubmissions.gate,
      round: projectSubmissions.round,
      facilities: projectSubmissions.facilities,
    })
    .from(projectSubmissions)
    .where(eq(projectSubmissions.projectId, projectId));
  const out: EarlierDocuments = {};
  const rounds: Partial<Record<ProjectGate, number>> = {};
  for (const r of rows) {
    if ((rounds[r.gate] ?? 0) < r.round) {
      rounds[r.gate] = r.round;
      out[r.gate] = r.facilities as GateFacility[];
    }
  }
  return out;
}

function submitterMessage(gate: ProjectGate): string {
  const who = GATE_SUBMITTERS[gate];
  const names = [
    ...(who.includes('natural_resources') ? ['自然资源部门'] : []),
    ...(who.includes('developer') ? ['本项目建设单位'] : []),
  ];
  return `“${GATE_DOCUMENT_NAMES[gate]}”由${names.join('或')}提交`;
}

/**
 * Submits a gate's document. The system checks it against the required facilities and the
 * earlier gates' documents and refuses it (422 RULE_VIOLATION, naming each facility) when
 * anything is missing, short or different; conditions due at this gate must be met first. A
 * submitted gate is open for the required departments' opinions, each due within the
 * configured number of working days.
 */
export async function submitGate(input: {
  db: Db;
  actor: Actor;
  id: number;
  gate: ProjectGate;
  data: GateSubmission;
}) {
  const { db, actor, id, gate, data } = input;
  const settings = await readSettings(db);
  await db.transaction(async (tx) => {
    const p = await lockProject(tx, actor, id);
    const { gates, facts } = await loadFacts(tx, p);
    const check = checkSubmit(gates, gate);
    if (!check.ok) throw invalidTransition(check.message, { gate });
    if (!actor.permissions.has('projects.submit') || !isSubmitterOf(actor, facts, gate)) {
      throw forbidden(submitterMessage(gate));
    }
    await assertOwnAttachments(tx, actor, data.attachmentIds, 'attachmentIds');

    // The conditions earlier approvals attached, due by this gate, must be met before it opens.
    const unmet = (
      await tx
        .select()
        .from(projectConditions)
        .where(
          and(
            eq(projectConditions.projectId, id),
            inArray(projectConditions.status, ['open', 'answered']),
          ),
        )
    ).filter((c) => gateIndex(c.dueGate) <= gateIndex(gate));
    if (unmet.length > 0) {
      const names = await departmentNames(
        tx,
        unmet.map((c) => c.departmentCode),
      );
      const details: GateIssue[] = unmet.map((c) => ({
        path: `conditions.${c.id}`,
        facilityType: null,
        code: 'condition_unmet',
        message: `${names.get(c.departmentCode) ?? c.departmentCode}的附加条件“${c.text}”${CONDITION_STATUS_NAMES[c.status]}`,
      }));
      throw ruleViolation(
        `尚有 ${unmet.length} 项附加条件未落实，不能提交“${PROJECT_GATE_NAMES[gate]}”`,
        details,
      );
    }

    const required = p.requiredFacilities as ProjectRequiredFacility[];
    const issues = checkGateDocument({
      gate,
      facilities: data.facilities,
      required,
      earlier: await latestDocuments(tx, id),
    });
    if (issues.length > 0) {
      throw ruleViolation(
        `“${GATE_DOCUMENT_NAMES[gate]}”不符合配建要求：${issues.map((i) => i.message).join('；')}`,
        issues,
      );
    }

    const g = gates.find((x) => x.gate === gate)!;
    const round = g.round + 1;
    const requiredDepartments = requiredDepartmentsFor(gate, gateFactsOf(required));
    const deadline = addWorkingDays(todayInShanghai(), settings.opinionDeadlineWorkdays);
    await tx.insert(projectSubmissions).values({
      projectId: id,
      gate,
      round,
      facilities: data.facilities,
      attachmentIds: data.attachmentIds,
      note: data.note ?? null,
      submittedBy: actor.id || null,
      submittedByName: actor.displayName,
    });
    await tx
      .update(projectGates)
      .set({
        status: 'open',
        round,
        requiredDepartments,
        opinionDeadline: deadline,
        submittedAt: new Date(),
      })
      .where(eq(projectGates.id, g.id));
    await tx
      .update(projects)
      .set({ updatedAt: new Date(), version: p.version + 1 })
      .where(eq(projects.id, id));
    const eventId = await recordEvent(tx, actor, {
      projectId: id,
      gate,
      action: 'submit',
      round,
      fromStatus: g.status,
      toStatus: 'open',
      comment: data.note ?? `提交${GATE_DOCUMENT_NAMES[gate]}`,
      attachmentIds: data.attachmentIds,
      data: { facilities: data.facilities.length, opinionDeadline: deadline },
    });
    await recordAudit(tx, {
      actor,
      action: 'project.gate_submit',
      entity: 'project',
      entityId: id,
      before: { gate, status: g.status, round: g.round },
      after: {
        gate,
        status: 'open',
        round,
        facilities: data.facilities,
        opinionDeadline: deadline,
      },
    });
    await notifyUsers(
      tx,
      (await departmentUserIds(tx, requiredDepartments)).filter((u) => u !== actor.id),
      {
        kind: 'project.opinion_requested',
        title: `“${p.name}”${PROJECT_GATE_NAMES[gate]}待出具意见`,
        body: `${GATE_DOCUMENT_NAMES[gate]}已提交（第 ${round} 轮），请于 ${deadline} 前出具本部门意见`,
        entity: 'project',
        entityId: id,
        eventKey: `project:${id}:event:${eventId}`,
      },
    );
    // A gate nobody has to sign (no facility of any department) passes on submission.
    if (requiredDepartments.length === 0) await passIn(tx, actor, p, gate, round);
  });
  return findProject({ db, actor, id });
}

/** Marks the gate passed and makes the next applicable gate current (use supervision opens). */
async function passIn(tx: Db, actor: Actor, p: ProjectRow, gate: ProjectGate, round: number) {
  const gates = await tx.select().from(projectGates).where(eq(projectGates.projectId, p.id));
  const after = passGate(gates, gate);
  const next = currentGateOf(after);
  await tx
    .update(projectGates)
    .set({ status: 'passed', passedAt: new Date() })
    .where(and(eq(projectGates.projectId, p.id), eq(projectGates.gate, gate)));
  if (after.find((g) => g.gate === 'use_supervision')?.status === 'open') {
    await tx
      .update(projectGates)
      .set({ status: 'open', submittedAt: new Date() })
      .where(and(eq(projectGates.projectId, p.id), eq(projectGates.gate, 'use_supervision')));
  }
  await tx
    .update(projects)
    .set({ currentGate: next, updatedAt: new Date() })
    .where(eq(projects.id, p.id));
  const eventId = await recordEvent(tx, actor, {
    projectId: p.id,
    gate,
    action: 'pass',
    round,
    fromStatus: 'open',
    toStatus: 'passed',
    comment: `${PROJECT_GATE_NAMES[gate]}通过，进入${PROJECT_GATE_NAMES[next]}`,
    data: { next },
  });
  await recordAudit(tx, {
    actor,
    action: 'project.gate_pass',
    entity: 'project',
    entityId: p.id,
    before: { gate, status: 'open', currentGate: gate },
    after: { gate, status: 'passed', currentGate: next },
  });
  const tell = new Set([
    ...(await submitterUserIds(tx, p, gate)),
    ...(await submitterUserIds(tx, p, next)),
  ]);
  if (next === 'use_supervision') {
    const us = gates.find((g) => g.gate === 'use_supervision');
    for (const u of await departmentUserIds(tx, us?.requiredDepartments ?? [])) tell.add(u);
  }
  tell.delete(actor.id);
  await notifyUsers(tx, tell, {
    kind: 'project.gate_passed',
    title: `“${p.name}”${PROJECT_GATE_NAMES[gate]}已通过`,
    body: `项目进入${PROJECT_GATE_NAMES[next]}`,
    entity: 'project',
    entityId: p.id,
    eventKey: `project:${p.id}:event:${eventId}`,
  });
}

/**
 * One department's opinion at an open joint review. Any reject returns the gate to its submitter
 * with every opinion on record; when all required departments have approved, the gate passes.
 * Approval with conditions records each condition, due by a later gate.
 */
export async function giveOpinion(input: {
  db: Db;
  actor: Actor;
  id: number;
  gate: ProjectGate;
  data: OpinionData;
}) {
  const { db, actor, id, gate, data } = input;
  const comment = data.comment?.trim() || null;
  if (data.decision === 'reject' && !comment) {
    throw validationFailed([{ path: 'comment', message: '不同意须说明理由' }], '不同意须说明理由');
  }
  let conditions = data.conditions ?? [];
  if (data.decision === 'approve_with_conditions') {
    if (conditions.length === 0 && comment) conditions = [{ text: comment, dueGate: null }];
    if (conditions.length === 0) {
      throw validationFailed(
        [{ path: 'conditions', message: '附条件同意须写明条件' }],
        '附条件同意须写明条件',
      );
    }
  } else if (conditions.length > 0) {
    throw validationFailed(
      [{ path: 'conditions', message: '只有附条件同意时填写条件' }],
      '只有附条件同意时填写条件',
    );
  }
  await db.transaction(async (tx) => {
    const p = await lockProject(tx, actor, id);
    const { gates, facts } = await loadFacts(tx, p);
    const check = checkOpinion(gates, gate);
    if (!check.ok) throw invalidTransition(check.message, { gate });
    const g = gates.find((x) => x.gate === gate)!;
    if (!mayOpine(actor, facts, gate)) {
      if (isRequiredAt(actor, facts, gate) && actor.permissions.has('projects.opine')) {
        throw conflict(`本部门已在第 ${g.round} 轮出具意见`);
      }
      const names = await departmentNames(tx, g.requiredDepartments);
      throw forbidden(
        `“${PROJECT_GATE_NAMES[gate]}”只由${g.requiredDepartments.map((c) => names.get(c) ?? c).join('、')}出具意见`,
      );
    }
    const later = laterGates(gates, gate);
    const dated = conditions.map((c, i) => {
      const due = c.dueGate ?? later[0]!;
      if (!later.includes(due)) {
        throw validationFailed(
          [{ path: `conditions.${i}.dueGate`, message: '落实时限应为本关口之后的关口' }],
          '落实时限应为本关口之后的关口',
        );
      }
      return { text: c.text, dueGate: due };
    });
    const departmentCode = actor.departmentCode!;
    const [opinion] = await tx
      .insert(projectOpinions)
      .values({
        projectId: id,
        gate,
        round: g.round,
        departmentCode,
        decision: data.decision,
        comment,
        actorId: actor.id,
        actorName: actor.displayName,
      })
      .returning();
    if (dated.length > 0) {
      await tx.insert(projectConditions).values(
        dated.map((c) => ({
          projectId: id,
          gate,
          round: g.round,
          opinionId: opinion!.id,
          departmentCode,
          text: c.text,
          dueGate: c.dueGate,
        })),
      );
    }
    const round = await tx
      .select({
        departmentCode: projectOpinions.departmentCode,
        decision: projectOpinions.decision,
      })
      .from(projectOpinions)
      .where(
        and(
          eq(projectOpinions.projectId, id),
          eq(projectOpinions.gate, gate),
          eq(projectOpinions.round, g.round),
        ),
      );
    const outcome = roundOutcome(g.requiredDepartments, round);
    await tx
      .update(projects)
      .set({ updatedAt: new Date(), version: p.version + 1 })
      .where(eq(projects.id, id));
    const eventId = await recordEvent(tx, actor, {
      projectId: id,
      gate,
      action: 'opinion',
      round: g.round,
      comment: comment ?? OPINION_DECISION_NAMES[data.decision],
      data: { decision: data.decision, conditions: dated },
    });
    await recordAudit(tx, {
      actor,
      action: 'project.opinion',
      entity: 'project',
      entityId: id,
      before: { gate, status: g.status, round: g.round },
      after: {
        gate,
        round: g.round,
        departmentCode,
        decision: data.decision,
        comment,
        conditions: dated,
        outcome,
      },
    });
    if (outcome === 'returned') {
      await tx.update(projectGates).set({ status: 'returned' }).where(eq(projectGates.id, g.id));
      // The returned round's conditions lapse: the resubmitted document is opined on afresh.
      await tx
        .update(projectConditions)
        .set({ status: 'withdrawn' })
        .where(
          and(
            eq(projectConditions.projectId, id),
            eq(projectConditions.gate, gate),
            eq(projectConditions.round, g.round),
            inArray(projectConditions.status, ['open', 'answered']),
          ),
        );
      const returnId = await recordEvent(tx, actor, {
        projectId: id,
        gate,
        action: 'return',
        round: g.round,
        fromStatus: 'open',
        toStatus: 'returned',
        comment,
      });
      await notifyUsers(
        tx,
        (await submitterUserIds(tx, p, gate)).filter((u) => u !== actor.id),
        {
          kind: 'project.gate_returned',
          title: `“${p.name}”${PROJECT_GATE_NAMES[gate]}被退回`,
          body: `${actor.displayName}：${comment ?? ''}。请修改${GATE_DOCUMENT_NAMES[gate]}后重新提交`,
          entity: 'project',
          entityId: id,
          eventKey: `project:${id}:event:${returnId}`,
        },
      );
    } else if (outcome === 'passed') {
      await passIn(tx, actor, p, gate, g.round);
    } else if (dated.length > 0 && p.developerUserId !== null) {
      await notifyUsers(tx, [p.developerUserId], {
        kind: 'project.conditions',
        title: `“${p.name}”${PROJECT_GATE_NAMES[gate]}附加条件`,
        body: dated.map((c) => c.text).join('；'),
        entity: 'project',
        entityId: id,
        eventKey: `project:${id}:event:${eventId}`,
      });
    }
  });
  return findProject({ db, actor, id });
}

async function lockCondition(tx: Db, projectId: number, conditionId: number) {
  const [c] = await tx
    .select()
    .from(projectConditions)
    .where(and(eq(projectConditions.id, conditionId), eq(projectConditions.projectId, projectId)))
    .for('update');
  if (!c) throw notFound('附加条件');
  return c;
}

/** The developer (or natural resources, for its own documents) answers a condition with documents. */
export async function answerCondition(input: {
  db: Db;
  actor: Actor;
  id: number;
  conditionId: number;
  data: z.output<typeof conditionAnswerInput>;
}) {
  const { db, actor, id, data } = input;
  await db.transaction(async (tx) => {
    const p = await lockProject(tx, actor, id);
    const { facts } = await loadFacts(tx, p);
    const c = await lockCondition(tx, id, input.conditionId);
    if (c.status !== 'open') {
      throw invalidTransition(`该条件当前为“${CONDITION_STATUS_NAMES[c.status]}”，不能答复`);
    }
    if (!mayAnswerCondition(actor, facts, c)) throw forbidden('只有本项目建设单位可以答复附加条件');
    await assertOwnAttachments(tx, actor, data.attachmentIds, 'attachmentIds');
    await tx
      .update(projectConditions)
      .set({
        status: 'answered',
        answer: data.answer,
        answerAttachmentIds: data.attachmentIds,
        answeredBy: actor.id,
        answeredAt: new Date(),
      })
      .where(eq(projectConditions.id, c.id));
    const eventId = await recordEvent(tx, actor, {
      projectId: id,
      gate: c.gate,
      action: 'condition_answer',
      round: c.round,
      fromStatus: c.status,
      toStatus: 'answered',
      comment: data.answer,
      attachmentIds: data.attachmentIds,
      data: { conditionId: c.id },
    });
    await recordAudit(tx, {
      actor,
      action: 'project.condition_answer',
      entity: 'project',
      entityId: id,
      before: { conditionId: c.id, status: c.status },
      after: {
        conditionId: c.id,
        status: 'answered',
        answer: data.answer,
        attachmentIds: data.attachmentIds,
      },
    });
    await notifyUsers(
      tx,
      (await departmentUserIds(tx, [c.departmentCode])).filter((u) => u !== actor.id),
      {
        kind: 'project.condition_answered',
        title: `“${p.name}”附加条件已答复，待确认`,
        body: `条件：${c.text}。答复：${data.answer}`,
        entity: 'project',
        entityId: id,
        eventKey: `project:${id}:event:${eventId}`,
      },
    );
  });
  return findProject({ db, actor, id });
}

/** The department that set a condition accepts the answer, or sends it back with a reason. */
export async function decideCondition(input: {
  db: Db;
  actor: Actor;
  id: number;
  conditionId: number;
  data: z.output<typeof conditionDecisionInput>;
}) {
  const { db, actor, id, data } = input;
  const comment = data.comment?.trim() || null;
  if (!data.accept && !comment) {
    throw validationFailed(
      [{ path: 'comment', message: '条件未落实须说明理由' }],
      '条件未落实须说明理由',
    );
  }
  await db.transaction(async (tx) => {
    const p = await lockProject(tx, actor, id);
    const c = await lockCondition(tx, id, input.conditionId);
    if (c.status !== 'answered') {
      throw invalidTransition(`该条件当前为“${CONDITION_STATUS_NAMES[c.status]}”，不能确认`);
    }
    if (!mayDecideCondition(actor, c)) throw forbidden('只有提出该条件的部门可以确认是否落实');
    const to = data.accept ? 'resolved' : 'open';
    await tx
      .update(projectConditions)
      .set({
        status: to,
        decidedBy: actor.id,
        decidedAt: new Date(),
        decisionComment: comment,
      })
      .where(eq(projectConditions.id, c.id));
    const eventId = await recordEvent(tx, actor, {
      projectId: id,
      gate: c.gate,
      action: data.accept ? 'condition_resolve' : 'condition_reopen',
      round: c.round,
      fromStatus: c.status,
      toStatus: to,
      comment: comment ?? (data.accept ? '条件已落实' : null),
      data: { conditionId: c.id },
    });
    await recordAudit(tx, {
      actor,
      action: data.accept ? 'project.condition_resolve' : 'project.condition_reopen',
      entity: 'project',
      entityId: id,
      before: { conditionId: c.id, status: c.status },
      after: { conditionId: c.id, status: to, comment },
    });
    if (c.answeredBy !== null && c.answeredBy !== actor.id) {
      await notifyUsers(tx, [c.answeredBy], {
        kind: 'project.condition_decided',
        title: `“${p.name}”附加条件${data.accept ? '已确认落实' : '未落实，请补充'}`,
        body: `条件：${c.text}${comment ? `。意见：${comment}` : ''}`,
        entity: 'project',
        entityId: id,
        eventKey: `project:${id}:event:${eventId}`,
      });
    }
  });
  return findProject({ db, actor, id });
}
