import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
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
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { categoryInScope, regionInScope } from '../../platform/auth/scope.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { attachments } from '../../platform/files/files.tables.ts';
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
import { readSettings, regionNames, regions } from '../org/index.ts';
import { notifyUsers } from '../inbox/index.ts';
import { addWorkingDays } from '../projects/index.ts';
import {
  isLeadDepartment,
  loadActorDepartment,
  problems,
  canSeeProblem,
  publicProblemProgress,
  raiseProblem,
  recipientsOf,
  reopenProblem,
  type PublicProblemProgress,
} from '../problems/index.ts';
import { feedback, feedbackEvents } from './feedback.tables.ts';
import { findMobileInText, maskPersonalDataInText } from './feedback-masking.ts';

type FeedbackRow = typeof feedback.$inferSelect;
export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export const FEEDBACK_STATUS_NAMES: Record<FeedbackRow['status'], string> = {
  received: '待处理',
  answered: '已答复',
  problem: '已转为整改问题',
  duplicate: '重复反映',
};
export const RATING_NAMES: Record<Rating, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};

/** Unambiguous letters and digits (no 0/O, 1/I/L) so a code read over the phone is typed right. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

// ---------------------------------------------------------------------------------------------
// Public side (no sign-in). Nothing personal, no staff names, no internal comments leave here.
// ---------------------------------------------------------------------------------------------

/** Communities and areas by name, or nearest to a point (P13 "find my community"). */
export async function searchPublicAreas(input: {
  db: Db;
  q?: string | undefined;
  lon?: number | undefined;
  lat?: number | undefined;
  limit?: number;
}) {
  const { db } = input;
  const limit = input.limit ?? 20;
  // Archived areas (issue 11) have left the ledger: residents no longer find them.
  const conds: SQL[] = [isNull(residentialAreas.archivedAt)];
  if (input.q) {
    const like = `%${input.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${ilike(residentialAreas.name, like)} or ${ilike(regions.name, like)})`);
  }
  const near = input.lon !== undefined && input.lat !== undefined;
  const distance = near
    ? sql<number>`((${residentialAreas.lon} - ${input.lon}) * cos(radians(${input.lat}))) ^ 2 + (${residentialAreas.lat} - ${input.lat}) ^ 2`
    : null;
  if (near)
    conds.push(sql`${residentialAreas.lon} is not null and ${residentialAreas.lat} is not null`);
  const rows = await db
    .select({
      id: residentialAreas.id,
      name: residentialAreas.name,
      regionCode: residentialAreas.regionCode,
      regionName: regions.name,
      lon: residentialAreas.lon,
      lat: residentialAreas.lat,
    })
    .from(residentialAreas)
    .innerJoin(regions, eq(regions.code, residentialAreas.regionCode))
    .where(and(...conds))
    .orderBy(distance ? asc(distance) : asc(residentialAreas.name), asc(residentialAreas.id))
    .limit(limit);
  const names = await regionNames(
    db,
    rows.flatMap((r) => [r.regionCode.slice(0, 6), r.regionCode.slice(0, 9)]),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      regionName: r.regionName,
      streetName: names.get(r.regionCode.slice(0, 9)) ?? null,
      districtName: names.get(r.regionCode.slice(0, 6)) ?? null,
      distanceMeters:
        near && r.lon !== null && r.lat !== null
          ? Math.round(metres(input.lon!, input.lat!, r.lon, r.lat))
          : null,
    })),
  };
}

function metres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/**
 * An area by id. `inLedger` leaves out archived areas (issue 11): the public area page and new
 * feedback answer 404 for them, while tracking an older feedback still names its area.
 */
async function loadArea(db: Db, id: number, opts: { inLedger?: boolean } = {}) {
  const [area] = await db
    .select({
      id: residentialAreas.id,
      name: residentialAreas.name,
      regionCode: residentialAreas.regionCode,
    })
    .from(residentialAreas)
    .where(
      opts.inLedger
        ? and(eq(residentialAreas.id, id), isNull(residentialAreas.archivedAt))
        : eq(residentialAreas.id, id),
    );
  return area ?? null;
}

type AreaFinding = {
  category: string;
  facilityType: string;
  status: 'met' | 'short' | 'missing';
};

/** The area page: per category what it has, what is missing, and the public progress of fixes. */
export async function findPublicArea(input: {
  db: Db;
  id: number;
  findings: (areaId: number) => Promise<AreaFinding[]>;
}) {
  const { db, id } = input;
  const area = await loadArea(db, id, { inLedger: true });
  if (!area) throw notFound('小区');
  const [findings, progress, names] = await Promise.all([
    input.findings(id),
    publicProblemProgress(db, { areaId: id }),
    regionNames(db, [area.regionCode, area.regionCode.slice(0, 6), area.regionCode.slice(0, 9)]),
  ]);
  const categories = (Object.keys(CATEGORY_NAMES) as CategoryCode[]).map((code) => {
    const own = findings.filter((f) => f.category === code);
    const typeName = (t: string) => FACILITY_TYPE_NAMES[t as FacilityTypeCode] ?? t;
    // Several rules may judge one facility type: residents see each type once, at its worst.
    const names = (status: AreaFinding['status']) => [
      ...new Set(own.filter((f) => f.status === status).map((f) => typeName(f.facilityType))),
    ];
    const missing = names('missing');
    const short = names('short').filter((n) => !missing.includes(n));
    const has = names('met').filter((n) => !missing.includes(n) && !short.includes(n));
    return {
      code,
      name: CATEGORY_NAMES[code],
      has,
      short,
      missing,
      problems: progress.filter((p) => p.category === code).map(presentPublicProblem),
    };
  });
  return {
    id: area.id,
    name: area.name,
    regionName: names.get(area.regionCode) ?? '',
    streetName: names.get(area.regionCode.slice(0, 9)) ?? null,
    districtName: names.get(area.regionCode.slice(0, 6)) ?? null,
    categories,
  };
}

function presentPublicProblem(p: PublicProblemProgress) {
  return {
    id: p.id,
    title: p.title,
    category: p.category,
    facilityTypeName: FACILITY_TYPE_NAMES[p.facilityType as FacilityTypeCode] ?? p.facilityType,
    status: p.status,
    statusName: p.statusName,
    deadline: p.deadline,
    progressPercent: p.progressPercent,
    measures: p.measures,
    closedAt: p.closedAt,
  };
}

/** Open problems of an area and category: shown before a report so residents follow, not repeat. */
export async function findOpenPublicProblems(input: {
  db: Db;
  areaId: number;
  category?: string | undefined;
}) {
  const all = await publicProblemProgress(input.db, { areaId: input.areaId });
  return {
    items: all
      .filter((p) => p.status !== 'closed' && (!input.category || p.category === input.category))
      .map(presentPublicProblem),
  };
}

export type SubmitInput = {
  residentialAreaId: number;
  category: CategoryCode;
  stage?: Stage | undefined;
  description?: string | undefined;
  contactName?: string | undefined;
  phone?: string | undefined;
  attachmentIds?: number[] | undefined;
  lon?: number | undefined;
  lat?: number | undefined;
  /** 关注: follow an open problem of the area instead of reporting it again. */
  followProblemId?: number | undefined;
  consent: true;
};

/** P13 随手拍: records a resident's report (or a follow of an open problem); returns its code. */
export async function submitFeedback(input: {
  db: Db;
  crypto: FieldCrypto;
  ip: string;
  data: SubmitInput;
}): Promise<{ trackingCode: string }> {
  const { db, crypto, data } = input;
  const area = await loadArea(db, data.residentialAreaId, { inLedger: true });
  if (!area)
    throw validationFailed([{ path: 'residentialAreaId', message: '小区不存在' }], '小区不存在');
  let followed: { id: number; title: string } | null = null;
  if (data.followProblemId !== undefined) {
    const [p] = await db
      .select({ id: problems.id, title: problems.title, status: problems.status })
      .from(problems)
      .where(
        and(
          eq(problems.id, data.followProblemId),
          eq(problems.residentialAreaId, area.id),
          eq(problems.category, data.category),
        ),
      );
    if (!p || p.status === 'closed')
      throw validationFailed(
        [{ path: 'followProblemId', message: '该问题不存在或已销号' }],
        '该问题不存在或已销号',
      );
    followed = p;
  } else if (!data.description || data.description.length < 5) {
    throw validationFailed(
      [{ path: 'description', message: '请描述问题（至少 5 个字）' }],
      '请描述问题（至少 5 个字）',
    );
  }
  const photoIds = [...new Set(data.attachmentIds ?? [])];
  if (photoIds.length) {
    const rows = await db
      .select({ id: attachments.id, uploadedBy: attachments.uploadedBy, name: attachments.name })
      .from(attachments)
      .where(inArray(attachments.id, photoIds));
    const linked = await db
      .select({ id: feedback.id })
      .from(feedback)
      .where(
        sql`${feedback.attachmentIds} && ${sql`array[${sql.join(
          photoIds.map((i) => sql`${i}`),
          sql`, `,
        )}]::int[]`}`,
      )
      .limit(1);
    const ok = rows.filter((r) => r.uploadedBy === null && r.name.startsWith('居民照片'));
    if (ok.length !== photoIds.length || linked.length)
      throw validationFailed(
        [{ path: 'attachmentIds', message: '照片无效，请重新上传' }],
        '照片无效',
      );
  }
  const settings = await readSettings(db);
  const today = todayInShanghai();
  // A number written only in the description still reaches staff, but through the audited reveal.
  const phone = data.phone?.trim() || findMobileInText(data.description) || null;
  const description = maskPersonalDataInText(data.description?.trim() ?? '');
  return db.transaction(async (tx) => {
    const trackingCode = newTrackingCode();
    const [row] = await tx
      .insert(feedback)
      .values({
        trackingCode,
        residentialAreaId: area.id,
        regionCode: area.regionCode,
        category: data.category,
        stage: data.stage ?? 'use',
        kind: followed ? 'follow' : 'report',
        description: description || `关注问题：${followed!.title}`,
        contactNameEnc: data.contactName?.trim() ? crypto.encrypt(data.contactName.trim()) : null,
        phoneEnc: phone ? crypto.encrypt(phone) : null,
        phoneHash: phone ? crypto.lookupHash(phone) : null,
        attachmentIds: photoIds,
        lon: data.lon ?? null,
        lat: data.lat ?? null,
        // A follow needs no triage: it is already attached to the problem in work.
        status: followed ? 'problem' : 'received',
        problemId: followed?.id ?? null,
        dueDate: addWorkingDays(today, settings.feedbackTriageWorkdays),
      })
      .returning();
    await tx.insert(feedbackEvents).values({
      feedbackId: row!.id,
      action: followed ? 'follow' : 'submit',
      publicText: followed ? `已关注整改问题：${followed.title}` : '已收到您的反映，等待处理',
    });
    await recordAudit(tx, {
      actor: null,
      ip: input.ip,
      action: followed ? 'feedback.follow' : 'feedback.submit',
      entity: 'feedback',
      entityId: row!.id,
      // Personal data stays out of the audit log; the record says only whether it was given.
      after: {
        trackingCode,
        residentialAreaId: area.id,
        category: data.category,
        problemId: followed?.id ?? null,
        hasPhone: !!phone,
        photos: photoIds.length,
      },
    });
    if (!followed) {
      const who = await recipientsOf(tx, { regionCode: area.regionCode, category: data.category });
      await notifyUsers(tx, who.owners, {
        kind: 'feedback.received',
        title: `居民反映：${area.name}${CATEGORY_NAMES[data.category]}`,
        body: `请于 ${row!.dueDate} 前处理`,
        entity: 'feedback',
        entityId: row!.id,
        eventKey: `feedback:${row!.id}:received`,
      });
    }
    return { trackingCode };
  });
}

/**
 * Timeline text written by the resident (no staff actor) is masked again on the way out, for
 * events stored before numbers were masked on write; staff text keeps its office numbers.
 */
function residentText(actorId: number | null, text: string | null): string | null {
  return actorId === null ? maskPersonalDataInText(text) : text;
}

async function loadByCode(db: Db, code: string) {
  const [row] = await db
    .select()
    .from(feedback)
    .where(eq(feedback.trackingCode, code.trim().toUpperCase()));
  if (!row) throw new AppError('NOT_FOUND', '查询码不存在，请核对后重试');
  return row;
}

function canRate(row: FeedbackRow, problem: PublicProblemProgress | null): boolean {
  if (row.rating) return false;
  if (row.problemId) return problem?.status === 'closed';
  return row.status === 'answered' || row.status === 'duplicate';
}

/** The parcel-tracker view: received, triaged, the problem with plan and deadline, progress, closed. */
export async function trackFeedback(input: { db: Db; code: string }) {
  const { db } = input;
  const row = await loadByCode(db, input.code);
  const [problem] = row.problemId ? await publicProblemProgress(db, { ids: [row.problemId] }) : [];
  const events = await db
    .select({
      at: feedbackEvents.at,
      text: feedbackEvents.publicText,
      actorId: feedbackEvents.actorId,
    })
    .from(feedbackEvents)
    .where(eq(feedbackEvents.feedbackId, row.id))
    .orderBy(asc(feedbackEvents.at), asc(feedbackEvents.id));
  const timeline = [
    ...events
      .filter((e) => e.text)
      .map((e) => ({ at: e.at.toISOString(), text: residentText(e.actorId, e.text)! })),
    ...(problem?.events ?? [])
      .filter((e) => Date.parse(e.at) >= row.createdAt.getTime() - 1000 || row.kind === 'follow')
      .map((e) => ({
        at: e.at,
        text: e.percent !== null && e.text === '报告整改进展' ? `整改进展 ${e.percent}%` : e.text,
      })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const area = await loadArea(db, row.residentialAreaId);
  return {
    trackingCode: row.trackingCode,
    status: row.status,
    statusName: problem?.status === 'closed' ? '已整改销号' : FEEDBACK_STATUS_NAMES[row.status],
    areaName: area?.name ?? '',
    category: row.category,
    categoryName: CATEGORY_NAMES[row.category as CategoryCode] ?? row.category,
    description: maskPersonalDataInText(row.description),
    createdAt: row.createdAt.toISOString(),
    answer: row.answer,
    problem: problem ? presentPublicProblem(problem) : null,
    timeline,
    rating: row.rating,
    ratingComment: maskPersonalDataInText(row.ratingComment),
    review: row.reviewStatus ? { status: row.reviewStatus, reason: row.reviewReason } : null,
    canRate: canRate(row, problem ?? null),
    canFollowUp: row.status !== 'duplicate' && problem?.status !== 'closed' && !row.endedAt,
  };
}

/** A resident adds to their report (a follow-up), shown on the staff timeline too. */
export async function addFollowUp(input: {
  db: Db;
  crypto: FieldCrypto;
  ip: string;
  code: string;
  text: string;
}) {
  const { db } = input;
  const row = await loadByCode(db, input.code);
  if (row.endedAt) throw invalidTransition('该反映已办结，不能再补充');
  const text = maskPersonalDataInText(input.text);
  const phone = row.phoneEnc || row.contactErasedAt ? null : findMobileInText(input.text);
  await db.transaction(async (tx) => {
    await tx.insert(feedbackEvents).values({
      feedbackId: row.id,
      action: 'follow_up',
      publicText: `您补充：${text}`,
      comment: text,
    });
    // A number given only in a follow-up becomes the contact phone, like one given in the form.
    if (phone)
      await tx
        .update(feedback)
        .set({ phoneEnc: input.crypto.encrypt(phone), phoneHash: input.crypto.lookupHash(phone) })
        .where(eq(feedback.id, row.id));
    await recordAudit(tx, {
      actor: null,
      ip: input.ip,
      action: 'feedback.follow_up',
      entity: 'feedback',
      entityId: row.id,
    });
  });
  return trackFeedback({ db, code: row.trackingCode });
}

/**
 * 回访: once answered or its problem closed, once only; 不满意 needs a reason. 不满意 on a closed
 * problem goes back before the lead department; on an answer it goes back to triage (重新办理).
 */
export async function rateFeedback(input: {
  db: Db;
  ip: string;
  code: string;
  rating: Rating;
  comment?: string | undefined;
}) {
  const { db } = input;
  const comment = maskPersonalDataInText(input.comment?.trim() || null);
  if (input.rating === 'dissatisfied' && (!comment || comment.length < 2))
    throw validationFailed(
      [{ path: 'comment', message: '选择“不满意”时请说明原因' }],
      '选择“不满意”时请说明原因',
    );
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(feedback)
      .where(eq(feedback.trackingCode, input.code.trim().toUpperCase()))
      .for('update');
    if (!row) throw new AppError('NOT_FOUND', '查询码不存在，请核对后重试');
    if (row.rating) throw new AppError('CONFLICT', '您已评价过，每条反映只能评价一次');
    const [problem] = row.problemId
      ? await publicProblemProgress(tx, { ids: [row.problemId] })
      : [];
    if (!canRate(row, problem ?? null))
      throw invalidTransition('反映尚未答复或问题尚未整改销号，暂不能评价');
    const now = new Date();
    const dissatisfied = input.rating === 'dissatisfied';
    const onProblem = !!row.problemId;
    const settings = await readSettings(tx);
    const [after] = await tx
      .update(feedback)
      .set({
        rating: input.rating,
        ratingComment: comment,
        ratedAt: now,
        ...(dissatisfied && onProblem
          ? { reviewStatus: 'pending' as const, endedAt: null }
          : dissatisfied
            ? {
                status: 'received' as const,
                endedAt: null,
                dueDate: addWorkingDays(todayInShanghai(), settings.feedbackTriageWorkdays),
              }
            : { endedAt: now }),
        updatedAt: now,
        version: row.version + 1,
      })
      .where(eq(feedback.id, row.id))
      .returning();
    await tx.insert(feedbackEvents).values({
      feedbackId: row.id,
      action: 'rate',
      publicText: `您的评价：${RATING_NAMES[input.rating]}${comment ? `（${comment}）` : ''}${
        dissatisfied ? (onProblem ? '，已转主管部门复核' : '，已退回重新办理') : ''
      }`,
      comment,
    });
    await recordAudit(tx, {
      actor: null,
      ip: input.ip,
      action: 'feedback.rate',
      entity: 'feedback',
      entityId: row.id,
      before: { rating: null },
      after: { rating: input.rating, comment, reviewStatus: after!.reviewStatus },
    });
    if (dissatisfied) {
      const who = await recipientsOf(tx, { regionCode: row.regionCode, category: row.category });
      await notifyUsers(tx, onProblem ? who.leadDepartment : who.owners, {
        kind: 'feedback.dissatisfied',
        title: onProblem
          ? `居民对问题 #${row.problemId} 的整改不满意，请复核`
          : '居民对答复不满意，请重新办理',
        body: comment ?? '',
        entity: 'feedback',
        entityId: row.id,
        eventKey: `feedback:${row.id}:dissatisfied`,
      });
    }
  });
  return trackFeedback({ db, code: input.code });
}

// ---------------------------------------------------------------------------------------------
// Staff side. Scope = the area's region subtree × the category (street, district, lead
// department). Phones are masked in every answer; only revealContact shows them, audited.
// ---------------------------------------------------------------------------------------------

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
