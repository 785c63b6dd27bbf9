import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  CATEGORY_NAMES,
  FACILITY_TYPES,
  FACILITY_TYPE_NAMES,
  STAGE_NAMES,
  categoryOfFacilityType,
  type CategoryCode,
  type FacilityTypeCode,
  type Stage,
  type FeedbackDetail,
  type FeedbackItem,
  RATING_NAMES,
  type Rating,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { categoryInScope, regionInScope } from '../../platform/auth/scope.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { FieldCrypto } from '../../platform/crypto/field.ts';
import { maskPhone } from '../../platform/crypto/field.ts';
import {
  AppError,
  forbidden,
  invalidTransition,
  notFound,
  validationFailed,
} from '../../platform/http/errors.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { residentialAreas } from '../ledger/index.ts';
import { regionNames } from '../org/index.ts';
import {
  isLeadDepartment,
  loadActorDepartment,
  problems,
  canSeeProblem,
  raiseProblem,
  reopenProblem,
} from '../problems/index.ts';
import { feedback, feedbackEvents } from './feedback.tables.ts';
import { maskPersonalDataInText } from './feedback-masking.ts';
import {
  FEEDBACK_STATUS_NAMES,
  loadArea,
  residentText,
  type FeedbackRow,
} from './feedback-model.ts';

/*
 * P13, the staff side: the triage queue, a feedback's detail, the residents behind a problem,
 * revealing a contact (audited), triage into an answer, a duplicate or a problem, the 回访 review
 * of a dissatisfied rating, and late feedback for supervision. Scope = the area's region subtree
 * × the category (street, district, lead department). Phones are masked in every answer; only
 * revealContact shows them, audited. The residents' side is feedback.public.service.ts.
 */

export type FeedbackFilter = {
  status?: FeedbackRow['status'] | undefined;
  category?: string | undefined;
  region?: string | undefined;
  residentialAreaId?: number | undefined;
  problemId?: number | undefined;
  late?: boolean | undefined;
  review?: 'pending' | undefined;
  q?: string | undefined;
};

function feedbackWhere(actor: Actor, f: FeedbackFilter & { ids?: number[] }, today: string) {
  const conds: SQL[] = [
    regionInScope(feedback.regionCode, actor),
    categoryInScope(feedback.category, actor),
  ];
  if (f.ids) conds.push(f.ids.length ? inArray(feedback.id, f.ids) : sql`false`);
  if (f.status) conds.push(eq(feedback.status, f.status));
  if (f.category) conds.push(eq(feedback.category, f.category));
  if (f.region) conds.push(sql`${feedback.regionCode} like ${`${f.region}%`}`);
  if (f.residentialAreaId) conds.push(eq(feedback.residentialAreaId, f.residentialAreaId));
  if (f.problemId) conds.push(eq(feedback.problemId, f.problemId));
  if (f.late === true)
    conds.push(sql`${feedback.status} = 'received' and ${feedback.dueDate} < ${today}`);
  if (f.review) conds.push(eq(feedback.reviewStatus, f.review));
  if (f.q)
    conds.push(
      sql`(${feedback.description} ilike ${`%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} or ${feedback.trackingCode} = ${f.q.toUpperCase()})`,
    );
  return and(...conds);
}

function maskName(name: string | null): string | null {
  if (!name) return null;
  return `${name.slice(0, 1)}${'*'.repeat(Math.max(1, name.length - 1))}`;
}

async function present(
  db: Db,
  crypto: FieldCrypto,
  actor: Actor,
  rows: FeedbackRow[],
  today: string,
): Promise<FeedbackItem[]> {
  const areaIds = [...new Set(rows.map((r) => r.residentialAreaId))];
  const areas = areaIds.length
    ? await db
        .select({ id: residentialAreas.id, name: residentialAreas.name })
        .from(residentialAreas)
        .where(inArray(residentialAreas.id, areaIds))
    : [];
  const problemIds = [...new Set(rows.map((r) => r.problemId).filter((x): x is number => !!x))];
  const probs = problemIds.length
    ? await db
        .select({ id: problems.id, title: problems.title, status: problems.status })
        .from(problems)
        .where(inArray(problems.id, problemIds))
    : [];
  const names = await regionNames(
    db,
    rows.map((r) => r.regionCode),
  );
  const dept = await loadActorDepartment(db, actor);
  return rows.map((r) => {
    const problem = probs.find((p) => p.id === r.problemId) ?? null;
    const decrypt = (v: string | null) => (v ? crypto.decrypt(v) : null);
    return {
      id: r.id,
      trackingCode: r.trackingCode,
      residentialAreaId: r.residentialAreaId,
      areaName: areas.find((a) => a.id === r.residentialAreaId)?.name ?? '',
      regionCode: r.regionCode,
      regionName: names.get(r.regionCode) ?? '',
      category: r.category,
      categoryName: CATEGORY_NAMES[r.category as CategoryCode] ?? r.category,
      stage: r.stage,
      stageName: STAGE_NAMES[r.stage],
      kind: r.kind,
      description: maskPersonalDataInText(r.description),
      contactName: maskName(decrypt(r.contactNameEnc)),
      phone: maskPhone(decrypt(r.phoneEnc)),
      hasContact: !!(r.phoneEnc || r.contactNameEnc),
      contactErased: !!r.contactErasedAt,
      attachmentIds: r.attachmentIds,
      hasLocation: r.lon !== null && r.lat !== null,
      status: r.status,
      statusName: FEEDBACK_STATUS_NAMES[r.status],
      dueDate: r.dueDate,
      late: r.status === 'received' && r.dueDate < today,
      problemId: r.problemId,
      problem: problem ? { id: problem.id, title: problem.title, status: problem.status } : null,
      answer: r.answer,
      triagedAt: r.triagedAt?.toISOString() ?? null,
      rating: r.rating,
      ratingName: r.rating ? RATING_NAMES[r.rating] : null,
      ratingComment: maskPersonalDataInText(r.ratingComment),
      ratedAt: r.ratedAt?.toISOString() ?? null,
      reviewStatus: r.reviewStatus,
      reviewReason: r.reviewReason,
      createdAt: r.createdAt.toISOString(),
      version: r.version,
      abilities: {
        triage: actor.permissions.has('feedback.triage') && r.status === 'received',
        reveal:
          actor.permissions.has('feedback.reveal') &&
          !r.contactErasedAt &&
          !!(r.phoneEnc || r.contactNameEnc),
        review:
          r.reviewStatus === 'pending' &&
          isLeadDepartment(actor, dept, { regionCode: r.regionCode, category: r.category }),
      },
    };
  });
}

export async function findFeedbackList(input: {
  db: Db;
  crypto: FieldCrypto;
  actor: Actor;
  filter: FeedbackFilter;
  page: number;
  pageSize: number;
}) {
  const { db, actor } = input;
  const today = todayInShanghai();
  const where = feedbackWhere(actor, input.filter, today);
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(feedback)
      .where(where)
      .orderBy(desc(feedback.createdAt), desc(feedback.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(feedback)
      .where(where),
  ]);
  return {
    items: await present(db, input.crypto, actor, rows, today),
    total: count?.n ?? 0,
  };
}

async function loadInScope(db: Db, actor: Actor, id: number, lock = false) {
  const q = db
    .select()
    .from(feedback)
    .where(feedbackWhere(actor, { ids: [id] }, todayInShanghai()));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('居民反映');
  return row;
}

export async function findFeedback(input: {
  db: Db;
  crypto: FieldCrypto;
  actor: Actor;
  id: number;
}): Promise<FeedbackDetail> {
  const { db, actor } = input;
  const row = await loadInScope(db, actor, input.id);
  const [item] = await present(db, input.crypto, actor, [row], todayInShanghai());
  const events = await db
    .select()
    .from(feedbackEvents)
    .where(eq(feedbackEvents.feedbackId, row.id))
    .orderBy(asc(feedbackEvents.at), asc(feedbackEvents.id));
  return {
    ...item!,
    events: events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      publicText: residentText(e.actorId, e.publicText),
      comment: residentText(e.actorId, e.comment),
      actorName: e.actorName,
    })),
  };
}

/**
 * For the closure decision on a problem that came from residents: their reports and 回访 ratings,
 * with no contact details at all (not even masked), in the caller's feedback scope.
 */
export async function findProblemResidents(input: { db: Db; actor: Actor; problemId: number }) {
  const { db, actor } = input;
  if (!(await canSeeProblem(db, actor, input.problemId))) throw notFound('问题');
  const rows = await db
    .select()
    .from(feedback)
    .where(feedbackWhere(actor, { problemId: input.problemId }, todayInShanghai()))
    .orderBy(asc(feedback.createdAt), asc(feedback.id));
  const count = (r: Rating) => rows.filter((x) => x.rating === r).length;
  const rated = rows.filter((x) => x.rating).length;
  return {
    items: rows.map((r) => ({
      id: r.id,
      trackingCode: r.trackingCode,
      kind: r.kind,
      description: maskPersonalDataInText(r.description),
      createdAt: r.createdAt.toISOString(),
      status: r.status,
      statusName: FEEDBACK_STATUS_NAMES[r.status],
      rating: r.rating,
      ratingName: r.rating ? RATING_NAMES[r.rating] : null,
      ratingComment: maskPersonalDataInText(r.ratingComment),
      ratedAt: r.ratedAt?.toISOString() ?? null,
      reviewStatus: r.reviewStatus,
      reviewReason: r.reviewReason,
    })),
    ratings: {
      satisfied: count('satisfied'),
      basicallySatisfied: count('basically_satisfied'),
      dissatisfied: count('dissatisfied'),
      rated,
      satisfactionRate: rated ? (count('satisfied') + count('basically_satisfied')) / rated : null,
    },
  };
}

/** The one way to see a resident's full contact details: its own permission, audited. */
export async function revealContact(input: {
  db: Db;
  crypto: FieldCrypto;
  actor: Actor;
  id: number;
}) {
  const { db, actor, crypto } = input;
  if (!actor.permissions.has('feedback.reveal')) throw forbidden('您没有查看完整联系方式的权限');
  return db.transaction(async (tx) => {
    const row = await loadInScope(tx, actor, input.id);
    if (row.contactErasedAt) throw new AppError('RULE_VIOLATION', '联系方式已按规定删除');
    await recordAudit(tx, {
      actor,
      action: 'feedback.contact_reveal',
      entity: 'feedback',
      entityId: row.id,
      after: { sensitiveRead: true, fields: ['contactName', 'phone'] },
    });
    return {
      contactName: row.contactNameEnc ? crypto.decrypt(row.contactNameEnc) : null,
      phone: row.phoneEnc ? crypto.decrypt(row.phoneEnc) : null,
    };
  });
}

export type TriageInput = {
  action: 'problem' | 'answer' | 'duplicate';
  comment: string;
  problemId?: number | undefined;
  stage?: Stage | undefined;
  facilityType?: FacilityTypeCode | undefined;
};

/**
 * 签收 and triage within the time limit: make (or link) a problem with source `resident`,
 * answer the resident, or mark a duplicate (of an open problem, or just answered as such).
 */
export async function triageFeedback(input: {
  db: Db;
  crypto: FieldCrypto;
  actor: Actor;
  id: number;
  data: TriageInput;
}) {
  const { db, actor, data } = input;
  await db.transaction(async (tx) => {
    const row = await loadInScope(tx, actor, input.id, true);
    if (row.status !== 'received')
      throw invalidTransition(`该反映当前为“${FEEDBACK_STATUS_NAMES[row.status]}”，不能再次处理`);
    const now = new Date();
    let problemId: number | null = null;
    let publicText: string;
    let answer: string | null = null;
    if (data.action === 'problem' || (data.action === 'duplicate' && data.problemId)) {
      if (data.problemId) {
        const [p] = await tx
          .select()
          .from(problems)
          .where(
            and(
              eq(problems.id, data.problemId),
              regionInScope(problems.regionCode, actor),
              categoryInScope(problems.category, actor),
            ),
          );
        if (!p)
          throw validationFailed(
            [{ path: 'problemId', message: '问题不存在或不在您的数据范围内' }],
            '问题不存在或不在您的数据范围内',
          );
        if (p.status === 'closed')
          throw validationFailed(
            [{ path: 'problemId', message: '该问题已销号，请新建问题' }],
            '该问题已销号',
          );
        if (p.category !== row.category)
          throw validationFailed(
            [{ path: 'problemId', message: '问题的设施类别与反映不一致' }],
            '问题的设施类别与反映不一致',
          );
        problemId = p.id;
      } else {
        if (!actor.permissions.has('problems.create')) throw forbidden('您不能登记问题');
        const facilityType =
          data.facilityType ?? FACILITY_TYPES.find((t) => t.category === row.category)!.code;
        if (categoryOfFacilityType(facilityType) !== row.category)
          throw validationFailed(
            [{ path: 'facilityType', message: '设施类型与反映的类别不一致' }],
            '设施类型与反映的类别不一致',
          );
        const area = await loadArea(tx, row.residentialAreaId);
        const r = await raiseProblem(tx, actor, {
          regionCode: row.regionCode,
          residentialAreaId: row.residentialAreaId,
          facilityType,
          stage: data.stage ?? row.stage,
          description: `居民反映（${row.trackingCode}）：${maskPersonalDataInText(row.description)}${data.comment ? `\n处理意见：${data.comment}` : ''}`,
          source: 'resident',
          title: `${area?.name ?? ''}${FACILITY_TYPE_NAMES[facilityType]}${STAGE_NAMES[data.stage ?? row.stage]}问题（居民反映）`,
        });
        problemId = r.id;
      }
      const [p] = await tx
        .select({ title: problems.title })
        .from(problems)
        .where(eq(problems.id, problemId));
      publicText =
        data.action === 'duplicate'
          ? `与已在整改的问题相同，已合并跟踪：${p!.title}`
          : `已转为整改问题：${p!.title}`;
      if (data.action === 'duplicate') answer = data.comment;
    } else {
      answer = data.comment;
      publicText = data.action === 'answer' ? `答复：${data.comment}` : `重复反映：${data.comment}`;
    }
    const status =
      data.action === 'problem' ? 'problem' : data.action === 'answer' ? 'answered' : 'duplicate';
    const [after] = await tx
      .update(feedback)
      .set({
        status,
        problemId,
        answer,
        triagedBy: actor.id,
        triagedAt: now,
        endedAt: problemId ? null : now,
        updatedAt: now,
        version: row.version + 1,
      })
      .where(eq(feedback.id, row.id))
      .returning();
    await tx.insert(feedbackEvents).values({
      feedbackId: row.id,
      action: `triage_${data.action}`,
      publicText,
      comment: data.comment,
      actorId: actor.id,
      actorName: actor.displayName,
    });
    await recordAudit(tx, {
      actor,
      action: `feedback.triage_${data.action}`,
      entity: 'feedback',
      entityId: row.id,
      before: { status: row.status, problemId: row.problemId },
      after: { status: after!.status, problemId: after!.problemId, comment: data.comment },
    });
  });
  return findFeedback(input);
}

/**
 * 不满意 on a closed problem, before the lead department: reopen the problem, or uphold the
 * closure with a written reason that the resident reads. Both are audited.
 */
export async function reviewDissatisfaction(input: {
  db: Db;
  crypto: FieldCrypto;
  actor: Actor;
  id: number;
  decision: 'reopen' | 'uphold';
  reason: string;
}) {
  const { db, actor } = input;
  const dept = await loadActorDepartment(db, actor);
  await db.transaction(async (tx) => {
    const row = await loadInScope(tx, actor, input.id, true);
    if (row.reviewStatus !== 'pending') throw invalidTransition('该反映没有待复核的不满意评价');
    if (!isLeadDepartment(actor, dept, { regionCode: row.regionCode, category: row.category }))
      throw forbidden('只有该类设施的主管部门可以复核');
    if (input.decision === 'reopen')
      await reopenProblem({
        db: tx,
        actor,
        id: row.problemId!,
        reason: `居民回访不满意（${row.trackingCode}）：${input.reason}`,
      });
    const now = new Date();
    await tx
      .update(feedback)
      .set({
        reviewStatus: input.decision === 'reopen' ? 'reopened' : 'upheld',
        reviewReason: input.reason,
        reviewedBy: actor.id,
        reviewedAt: now,
        endedAt: input.decision === 'uphold' ? now : null,
        updatedAt: now,
        version: row.version + 1,
      })
      .where(eq(feedback.id, row.id));
    await tx.insert(feedbackEvents).values({
      feedbackId: row.id,
      action: `review_${input.decision}`,
      publicText:
        input.decision === 'reopen'
          ? `主管部门复核：重新打开问题，继续整改。${input.reason}`
          : `主管部门复核：维持销号。理由：${input.reason}`,
      comment: input.reason,
      actorId: actor.id,
      actorName: actor.displayName,
    });
    await recordAudit(tx, {
      actor,
      action: `feedback.review_${input.decision}`,
      entity: 'feedback',
      entityId: row.id,
      before: { reviewStatus: 'pending' },
      after: {
        reviewStatus: input.decision === 'reopen' ? 'reopened' : 'upheld',
        reason: input.reason,
      },
    });
  });
  return findFeedback(input);
}

/** For the supervision late list: feedback not triaged by its due date. */
export async function findLateFeedback(input: {
  db: Db;
  regionPrefix?: string | undefined;
  today?: string;
}) {
  const today = input.today ?? todayInShanghai();
  const rows = await input.db
    .select({
      id: feedback.id,
      trackingCode: feedback.trackingCode,
      regionCode: feedback.regionCode,
      category: feedback.category,
      residentialAreaId: feedback.residentialAreaId,
      dueDate: feedback.dueDate,
      createdAt: feedback.createdAt,
    })
    .from(feedback)
    .where(
      and(
        eq(feedback.status, 'received'),
        sql`${feedback.dueDate} < ${today}`,
        input.regionPrefix
          ? sql`${feedback.regionCode} like ${`${input.regionPrefix}%`}`
          : undefined,
      ),
    )
    .orderBy(asc(feedback.dueDate), asc(feedback.id));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
