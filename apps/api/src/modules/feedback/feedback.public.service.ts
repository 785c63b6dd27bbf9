import { randomInt } from 'node:crypto';
import { and, asc, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
  CATEGORY_NAMES,
  FACILITY_TYPE_NAMES,
  type CategoryCode,
  type FacilityTypeCode,
  type Stage,
  RATING_NAMES,
  type Rating,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { attachments } from '../../platform/files/files.tables.ts';
import type { FieldCrypto } from '../../platform/crypto/field.ts';
import {
  AppError,
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
  problems,
  publicProblemProgress,
  recipientsOf,
  type PublicProblemProgress,
} from '../problems/index.ts';
import { feedback, feedbackEvents } from './feedback.tables.ts';
import { findMobileInText, maskPersonalDataInText } from './feedback-masking.ts';
import {
  FEEDBACK_STATUS_NAMES,
  loadArea,
  residentText,
  type FeedbackRow,
} from './feedback-model.ts';

/*
 * P13, the residents' side (no sign-in): find my community, its page, 随手拍, tracking by code,
 * follow-ups and the rating. Nothing personal, no staff names, no internal comments leave here.
 * The staff side is feedback.service.ts.
 */

/** Unambiguous letters and digits (no 0/O, 1/I/L) so a code read over the phone is typed right. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

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
