import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { attachments } from '../../platform/files/files.tables.ts';
import {
  AppError,
  forbidden,
  invalidTransition,
  notFound,
  ruleViolation,
  validationFailed,
} from '../../platform/http/errors.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { notifyUsers } from '../inbox/index.ts';
import { problemEvents, problemExtensions, problemPlans, problems } from './problems.tables.ts';
import {
  ACTION_NAMES,
  nextStatus,
  type ProblemAction,
  type ProblemStatus,
} from './problem.workflow.ts';
import { mayAct, type ActorDepartment } from './problems.policy.ts';
import { loadActorDepartment, pendingPlanOf, problemWhere, recipientsOf } from './problems.repo.ts';
import { findProblem } from './problems.service.ts';

type ProblemRow = typeof problems.$inferSelect;
type PlanRow = typeof problemPlans.$inferSelect;
type Audience = 'owners' | 'leadDepartment' | 'office' | 'leaders';

/**
 * Locks the problem (in scope, else 404), checks the workflow (409 INVALID_TRANSITION) and then
 * the actor's right to act (403): the order STYLE prescribes.
 */
async function begin(
  tx: Db,
  actor: Actor,
  dept: ActorDepartment,
  id: number,
  action: ProblemAction,
) {
  const [row] = await tx
    .select()
    .from(problems)
    .where(problemWhere(actor, { ids: [id], today: todayInShanghai() }))
    .for('update');
  if (!row) throw notFound('问题');
  const check = nextStatus(row.status, action);
  if (!check.ok) throw invalidTransition(check.message, { status: row.status, action });
  const plan = await pendingPlanOf(tx, id);
  const [ext] = await tx
    .select({ id: problemExtensions.id })
    .from(problemExtensions)
    .where(and(eq(problemExtensions.problemId, id), eq(problemExtensions.status, 'pending')));
  const facts = {
    status: row.status,
    regionCode: row.regionCode,
    category: row.category,
    isKey: row.isKey,
    pendingPlan: plan
      ? {
          needsOfficeApproval: plan.needsOfficeApproval,
          approvals: plan.approvals as { department?: unknown; office?: unknown },
        }
      : null,
    pendingExtension: !!ext,
  };
  if (!mayAct(actor, dept, facts, action)) {
    if ((action === 'approve_plan' || action === 'reject_plan') && !plan)
      throw invalidTransition('没有待审批的整治方案');
    if (action === 'decide_extension' && !ext) throw invalidTransition('没有待审批的延期申请');
    if (action === 'request_extension' && ext) throw invalidTransition('已有待审批的延期申请');
    if (action === 'instruct' && !row.isKey) throw ruleViolation('只有重点难点问题由领导批示调度');
    throw forbidden(`您不能${ACTION_NAMES[action]}：${forbiddenReason(action)}`);
  }
  return { row, plan };
}

function forbiddenReason(action: ProblemAction): string {
  switch (action) {
    case 'approve_plan':
    case 'reject_plan':
    case 'approve_closure':
    case 'refuse_closure':
    case 'decide_extension':
      return '只有该类设施的主管部门可以审批';
    case 'reopen':
      return '只有主管部门或领导小组办公室可以重新打开';
    case 'flag_key':
      return '重点难点问题由领导小组办公室标记';
    case 'instruct':
      return '只有领导可以批示';
    case 'submit_plan':
    case 'report_progress':
    case 'request_closure':
    case 'request_extension':
      return '只有问题所在区县、镇街可以办理';
  }
}

async function assertAttachments(tx: Db, ids: number[], path: string): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: attachments.id })
    .from(attachments)
    .where(inArray(attachments.id, ids));
  const ok = new Set(found.map((f) => f.id));
  const bad = ids.map((id, i) => ({ id, i })).filter(({ id }) => !ok.has(id));
  if (bad.length)
    throw validationFailed(
      bad.map(({ id, i }) => ({ path: `${path}.${i}`, message: `附件 ${id} 不存在` })),
      '附件不存在',
    );
}

/** Writes the new state, the timeline event, the audit record and the notices, in the caller's transaction. */
async function finish(
  tx: Db,
  actor: Actor,
  dept: ActorDepartment,
  row: ProblemRow,
  step: {
    action: ProblemAction | 'returned';
    to: ProblemStatus;
    set?: Partial<typeof problems.$inferInsert>;
    comment?: string | null;
    percent?: number | null;
    attachmentIds?: number[];
    data?: unknown;
    notify: Audience[];
    title: string;
  },
): Promise<void> {
  const [updated] = await tx
    .update(problems)
    .set({ ...step.set, status: step.to, updatedAt: new Date(), version: row.version + 1 })
    .where(eq(problems.id, row.id))
    .returning();
  const [event] = await tx
    .insert(problemEvents)
    .values({
      problemId: row.id,
      action: step.action,
      fromStatus: row.status,
      toStatus: step.to,
      actorId: actor.id,
      actorName: actor.displayName,
      actorDepartment: dept?.code ?? null,
      comment: step.comment ?? null,
      percent: step.percent ?? null,
      attachmentIds: step.attachmentIds ?? [],
      data: step.data ?? null,
    })
    .returning({ id: problemEvents.id });
  await recordAudit(tx, {
    actor,
    action: `problem.${step.action}`,
    entity: 'problem',
    entityId: row.id,
    before: {
      status: row.status,
      deadline: row.deadline,
      isKey: row.isKey,
      progressPercent: row.progressPercent,
    },
    after: {
      status: updated?.status,
      deadline: updated?.deadline,
      isKey: updated?.isKey,
      progressPercent: updated?.progressPercent,
      comment: step.comment ?? null,
      data: step.data ?? null,
    },
  });
  const who = await recipientsOf(tx, row);
  const ids = new Set(step.notify.flatMap((a) => who[a]));
  ids.delete(actor.id);
  await notifyUsers(tx, ids, {
    kind: `problem.${step.action}`,
    title: `问题 #${row.id}：${step.title}`,
    body: `${row.title}${step.comment ? `。${step.comment}` : ''}`,
    entity: 'problem',
    entityId: row.id,
    eventKey: `problem:${row.id}:event:${event!.id}`,
  });
}

export type PlanInput = {
  measures: string;
  leadUnit: string;
  responsibleUnits: string[];
  deadline: string;
  oneCaseOnePlan: boolean;
  milestones?: { name: string; date: string }[] | undefined;
  documentIds?: number[] | undefined;
};

/** P4 整治方案: measures, lead unit, responsible units, deadline; 一事一案 with its own document. */
export async function submitPlan(input: { db: Db; actor: Actor; id: number; plan: PlanInput }) {
  const { db, actor, id, plan } = input;
  if (plan.deadline < todayInShanghai())
    throw validationFailed(
      [{ path: 'deadline', message: '完成时限不能早于今天' }],
      '完成时限不能早于今天',
    );
  if (plan.oneCaseOnePlan && !plan.documentIds?.length) {
    throw ruleViolation('“一事一案”须附上专门的整治方案文件', [
      { path: 'documentIds', message: '请上传一事一案方案文件' },
    ]);
  }
  const dept = await loadActorDepartment(db, actor);
  await db.transaction(async (tx) => {
    const { row } = await begin(tx, actor, dept, id, 'submit_plan');
    await assertAttachments(tx, plan.documentIds ?? [], 'documentIds');
    const [{ rev } = { rev: 0 }] = await tx
      .select({ rev: sql<number>`coalesce(max(${problemPlans.revision}), 0)::int` })
      .from(problemPlans)
      .where(eq(problemPlans.problemId, id));
    // A plan still awaiting approval is replaced by the new one.
    await tx
      .update(problemPlans)
      .set({ status: 'superseded' })
      .where(and(eq(problemPlans.problemId, id), eq(problemPlans.status, 'submitted')));
    await tx.insert(problemPlans).values({
      problemId: id,
      revision: rev + 1,
      measures: plan.measures,
      leadUnit: plan.leadUnit,
      responsibleUnits: plan.responsibleUnits,
      deadline: plan.deadline,
      milestones: plan.milestones ?? [],
      oneCaseOnePlan: plan.oneCaseOnePlan,
      documentIds: plan.documentIds ?? [],
      status: 'submitted',
      needsOfficeApproval: plan.oneCaseOnePlan && row.isKey,
      submittedBy: actor.id,
    });
    await finish(tx, actor, dept, row, {
      action: 'submit_plan',
      to: 'planned',
      comment: `${rev === 0 ? '报送' : '修订'}整治方案（第 ${rev + 1} 版），完成时限 ${plan.deadline}`,
      data: { revision: rev + 1 },
      notify: plan.oneCaseOnePlan && row.isKey ? ['leadDepartment', 'office'] : ['leadDepartment'],
      title: '整治方案待审批',
    });
  });
  return findProblem({ db, actor, id });
}

async function approveIn(
  tx: Db,
  actor: Actor,
  dept: ActorDepartment,
  id: number,
  comment: string | null,
) {
  const { row, plan } = await begin(tx, actor, dept, id, 'approve_plan');
  const p = plan as PlanRow;
  const approvals = { ...(p.approvals as Record<string, unknown>) };
  const stamp = { by: actor.displayName, at: new Date().toISOString() };
  if (dept && !approvals.department && dept.categories.includes(row.category as never))
    approvals.department = stamp;
  else approvals.office = stamp;
  const complete = !!approvals.department && (!p.needsOfficeApproval || !!approvals.office);
  const t = nextStatus(row.status, 'approve_plan', { approvalsComplete: complete });
  if (!t.ok) throw invalidTransition(t.message);
  await tx
    .update(problemPlans)
    .set({ approvals, status: complete ? 'approved' : 'submitted' })
    .where(eq(problemPlans.id, p.id));
  if (complete) {
    await tx
      .update(problemPlans)
      .set({ status: 'superseded' })
      .where(
        and(
          eq(problemPlans.problemId, id),
          eq(problemPlans.status, 'approved'),
          sql`${problemPlans.id} <> ${p.id}`,
        ),
      );
  }
  await finish(tx, actor, dept, row, {
    action: 'approve_plan',
    to: t.to,
    set: complete ? { deadline: p.deadline } : {},
    comment:
      comment ??
      (complete
        ? `整治方案第 ${p.revision} 版审批通过`
        : `整治方案第 ${p.revision} 版已审核，待${approvals.department ? '领导小组办公室' : '主管部门'}审批`),
    data: { revision: p.revision, complete },
    notify: complete ? ['owners'] : ['owners', 'office'],
    title: complete ? '整治方案已批准' : '整治方案部分审批',
  });
}

export async function approvePlan(input: {
  db: Db;
  actor: Actor;
  id: number;
  comment?: string | null | undefined;
}) {
  const dept = await loadActorDepartment(input.db, input.actor);
  await input.db.transaction((tx) =>
    approveIn(tx, input.actor, dept, input.id, input.comment ?? null),
  );
  return findProblem(input);
}

/** Batch approval for a department: all of them or none, with the reason for each refusal. */
export async function approvePlans(input: { db: Db; actor: Actor; ids: number[] }) {
  const dept = await loadActorDepartment(input.db, input.actor);
  const ids = [...new Set(input.ids)];
  await input.db.transaction(async (tx) => {
    const failures: { id: number; code: string; message: string }[] = [];
    for (const id of ids) {
      try {
        await approveIn(tx, input.actor, dept, id, null);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        failures.push({ id, code: e.code, message: e.message });
      }
    }
    // Throwing rolls back the approvals already made in this transaction.
    if (failures.length > 0)
      throw new AppError(
        'RULE_VIOLATION',
        `有 ${failures.length} 个问题不能审批，全部未审批`,
        failures,
      );
  });
  return { approved: ids.length };
}

export async function rejectPlan(input: { db: Db; actor: Actor; id: number; reason: string }) {
  const { db, actor, id } = input;
  const dept = await loadActorDepartment(db, actor);
  await db.transaction(async (tx) => {
    const { row, plan } = await begin(tx, actor, dept, id, 'reject_plan');
    const [approved] = await tx
      .select({ id: problemPlans.id })
      .from(problemPlans)
      .where(and(eq(problemPlans.problemId, id), eq(problemPlans.status, 'approved')));
    const t = nextStatus(row.status, 'reject_plan', { hadApprovedPlan: !!approved });
    if (!t.ok) throw invalidTransition(t.message);
    await tx
      .update(problemPlans)
      .set({ status: 'rejected', rejectReason: input.reason })
      .where(eq(problemPlans.id, plan!.id));
    await finish(tx, actor, dept, row, {
      action: 'reject_plan',
      to: t.to,
      comment: input.reason,
      data: { revision: plan!.revision },
      notify: ['owners'],
      title: '整治方案被退回',
    });
  });
  return findProblem(input);
}

/** Records one progress report inside the caller's transaction (also used by the bulk import). */
export async function reportProgressIn(
  tx: Db,
  actor: Actor,
  dept: ActorDepartment,
  id: number,
  progress: { note: string; percent: number; attachmentIds: number[] },
) {
  const { row } = await begin(tx, actor, dept, id, 'report_progress');
  await assertAttachments(tx, progress.attachmentIds, 'attachmentIds');
  await finish(tx, actor, dept, row, {
    action: 'report_progress',
    to: 'in_progress',
    set: { progressPercent: progress.percent },
    comment: progress.note,
    percent: progress.percent,
    attachmentIds: progress.attachmentIds,
    notify: [],
    title: '整改进展',
  });
}

export async function reportProgress(input: {
  db: Db;
  actor: Actor;
  id: number;
  note: string;
  percent: number;
  attachmentIds: number[];
}) {
  const dept = await loadActorDepartment(input.db, input.actor);
  await input.db.transaction((tx) => reportProgressIn(tx, input.actor, dept, input.id, input));
  return findProblem(input);
}

/** P5 销号: the district asks with evidence; only the lead department decides. */
export async function requestClosure(input: {
  db: Db;
  actor: Actor;
  id: number;
  evidence: string;
  attachmentIds: number[];
  noEvidenceReason?: string | null | undefined;
}) {
  const { db, actor, id } = input;
  const dept = await loadActorDepartment(db, actor);
  const reason = input.noEvidenceReason?.trim() ?? '';
  await db.transaction(async (tx) => {
    const { row } = await begin(tx, actor, dept, id, 'request_closure');
    // P5 销号 rests on evidence: a photo or a document, or the stated reason none can exist.
    if (input.attachmentIds.length === 0 && reason === '') {
      const message = '申请销号须附至少一张照片或一份文件；确实无法提供的，请说明原因';
      throw ruleViolation(message, [{ path: 'attachmentIds', message }]);
    }
    await assertAttachments(tx, input.attachmentIds, 'attachmentIds');
    await finish(tx, actor, dept, row, {
      action: 'request_closure',
      to: 'closure_requested',
      comment:
        input.attachmentIds.length === 0
          ? `${input.evidence}\n无法提供照片或文件的原因：${reason}`
          : input.evidence,
      attachmentIds: input.attachmentIds,
      notify: ['leadDepartment'],
      title: '申请销号，待核验',
    });
  });
  return findProblem(input);
}

export async function decideClosure(input: {
  db: Db;
  actor: Actor;
  id: number;
  approve: boolean;
  comment?: string | null | undefined;
}) {
  const { db, actor, id, approve } = input;
  if (!approve && !input.comment?.trim()) {
    throw validationFailed(
      [{ path: 'comment', message: '不予销号须说明理由' }],
      '不予销号须说明理由',
    );
  }
  const dept = await loadActorDepartment(db, actor);
  await db.transaction(async (tx) => {
    const { row } = await begin(
      tx,
      actor,
      dept,
      id,
      approve ? 'approve_closure' : 'refuse_closure',
    );
    await finish(
      tx,
      actor,
      dept,
      row,
      approve
        ? {
            action: 'approve_closure',
            to: 'closed',
            set: { closedAt: new Date(), progressPercent: 100 },
            comment: input.comment ?? '核验通过，予以销号',
            notify: ['owners', 'office'],
            title: '已销号',
          }
        : {
            action: 'returned',
            to: 'in_progress',
            comment: input.comment ?? null,
            notify: ['owners'],
            title: '不予销号，退回整改',
          },
    );
  });
  return findProblem(input);
}

/** A closed problem stays on record; reopening puts it back to work (office or lead department). */
export async function reopenProblem(input: { db: Db; actor: Actor; id: number; reason: string }) {
  const { db, actor, id } = input;
  const dept = await loadActorDepartment(db, actor);
  await db.transaction(async (tx) => {
    const { row } = await begin(tx, actor, dept, id, 'reopen');
    if (row.findingKey) {
      const [other] = await tx
        .select({ id: problems.id })
        .from(problems)
        .where(
          and(
            eq(problems.findingKey, row.findingKey),
            sql`${problems.status} <> 'closed'`,
            sql`${problems.id} <> ${id}`,
          ),
        );
      if (other)
        throw new AppError('CONFLICT', `该缺口已有未销号的问题 #${other.id}，无需重新打开`);
    }
    await finish(tx, actor, dept, row, {
      action: 'reopen',
      to: 'in_progress',
      set: { closedAt: null },
      comment: input.reason,
      notify: ['owners', 'leadDepartment'],
      title: '问题重新打开',
    });
  });
  return findProblem(input);
}

/** P5 重点难点: flagged by the office; they go on the leaders' dispatch list. */
export async function flagKey(input: {
  db: Db;
  actor: Actor;
  id: number;
  isKey: boolean;
  comment?: string | null | undefined;
}) {
  const { db, actor, id } = input;
  const dept = await loadActorDepartment(db, actor);
  await db.transaction(async (tx) => {
    const { row } = await begin(tx, actor, dept, id, 'flag_key');
    await finish(tx, actor, dept, row, {
      action: 'flag_key',
      to: row.status,
      set: { isKey: input.isKey },
      comment: input.comment ?? (input.isKey ? '列为重点难点问题' : '取消重点难点标记'),
      data: { isKey: input.isKey },
      notify: input.isKey ? ['leaders', 'owners', 'leadDepartment'] : ['owners'],
      title: input.isKey ? '列为重点难点问题' : '取消重点难点标记',
    });
  });
  return findProblem(input);
}

/** A leader's instruction (批示), recorded on the problem and sent to its owners. */
export async function instruct(input: { db: Db; actor: Actor; id: number; instruction: string }) {
  const { db, actor, id } = input;
  const dept = await loadActorDepartment(db, actor);
  await db.transaction(async (tx) => {
    const { row } = await begin(tx, actor, dept, id, 'instruct');
    await finish(tx, actor, dept, row, {
      action: 'instruct',
      to: row.status,
      comment: input.instruction,
      notify: ['owners', 'leadDepartment', 'office'],
      title: '领导批示',
    });
  });
  return findProblem(input);
}

export async function requestExtension(input: {
  db: Db;
  actor: Actor;
  id: number;
  deadline: string;
  reason: string;
}) {
  const { db, actor, id } = input;
  const dept = await loadActorDepartment(db, actor);
  await db.transaction(async (tx) => {
    const { row } = await begin(tx, actor, dept, id, 'request_extension');
    if (row.deadline && input.deadline <= row.deadline) {
      throw validationFailed(
        [{ path: 'deadline', message: `延期后的时限应晚于当前时限 ${row.deadline}` }],
        '延期后的时限应晚于当前时限',
      );
    }
    await tx.insert(problemExtensions).values({
      problemId: id,
      requestedDeadline: input.deadline,
      reason: input.reason,
      requestedBy: actor.id,
    });
    await finish(tx, actor, dept, row, {
      action: 'request_extension',
      to: row.status,
      comment: `申请延期至 ${input.deadline}：${input.reason}`,
      data: { deadline: input.deadline },
      notify: ['leadDepartment'],
      title: '延期申请待审批',
    });
  });
  return findProblem(input);
}

export async function decideExtension(input: {
  db: Db;
  actor: Actor;
  id: number;
  approve: boolean;
  comment?: string | null | undefined;
}) {
  const { db, actor, id, approve } = input;
  const dept = await loadActorDepartment(db, actor);
  await db.transaction(async (tx) => {
    const { row } = await begin(tx, actor, dept, id, 'decide_extension');
    const [ext] = await tx
      .select()
      .from(problemExtensions)
      .where(and(eq(problemExtensions.problemId, id), eq(problemExtensions.status, 'pending')))
      .for('update');
    await tx
      .update(problemExtensions)
      .set({
        status: approve ? 'approved' : 'rejected',
        decidedBy: actor.id,
        decidedAt: new Date(),
        comment: input.comment ?? null,
      })
      .where(eq(problemExtensions.id, ext!.id));
    await finish(tx, actor, dept, row, {
      action: 'decide_extension',
      to: row.status,
      set: approve ? { deadline: ext!.requestedDeadline } : {},
      comment: `${approve ? '同意' : '不同意'}延期至 ${ext!.requestedDeadline}${input.comment ? `：${input.comment}` : ''}`,
      data: { approve, deadline: ext!.requestedDeadline },
      notify: ['owners'],
      title: approve ? '延期已批准' : '延期未批准',
    });
  });
  return findProblem(input);
}
