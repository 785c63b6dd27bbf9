import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  CATEGORY_NAMES,
  type CategoryCode,
  type Questionnaire,
  type QuestionnaireResults,
} from '@zibo/shared';
import type { Db } from '../../../platform/db/client.ts';
import { SYSTEM_ACTOR, type Actor } from '../../../platform/auth/actor.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import type { FieldCrypto } from '../../../platform/crypto/field.ts';
import {
  AppError,
  conflict,
  forbidden,
  invalidTransition,
  notFound,
  validationFailed,
} from '../../../platform/http/errors.ts';
import { sqlTextArray } from '../../../platform/auth/scope.ts';
import { todayInShanghai } from '../../../platform/time.ts';
import { residentialAreas } from '../../ledger/index.ts';
import { regions } from '../../org/index.ts';
import {
  CHOICE_NAMES,
  QUESTIONNAIRE_STATUS_NAMES,
  nextStatus,
  tallyQuestions,
  type QuestionTally,
  type QuestionnaireAction,
} from './questionnaire.workflow.ts';
import {
  questionnaireAnswers,
  questionnaires,
  type QuestionnaireQuestion,
  type QuestionnaireReply,
} from './questionnaires.tables.ts';
import { maskPersonalDataInText } from '../feedback-masking.ts';

type Row = typeof questionnaires.$inferSelect;

export type QuestionnaireInput = {
  title: string;
  intro?: string | undefined;
  communityCodes: string[];
  periodStart: string;
  periodEnd: string;
  /** The categories asked, in order; the question text defaults to the category's. */
  questions: { category: CategoryCode; text?: string | undefined }[];
};

/** "您对本社区的养老服务设施（含日间照料中心）是否满意？": the category's name already says 社区 and 设施. */
const defaultQuestion = (category: CategoryCode) =>
  `您对本社区的${CATEGORY_NAMES[category].replace(/^社区/, '')}是否满意？`;

/** Visible to an actor when one of its communities lies in the actor's region. */
function visibleWhere(actor: Actor): SQL {
  if (!actor.regionCode) return sql`false`;
  return sql`exists (select 1 from unnest(${questionnaires.communityCodes}) c where c like ${`${actor.regionCode}%`})`;
}

function canManage(actor: Actor, row: Pick<Row, 'ownerRegionCode'>): boolean {
  return (
    actor.permissions.has('questionnaires.manage') &&
    !!actor.regionCode &&
    row.ownerRegionCode.startsWith(actor.regionCode)
  );
}

async function communityNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (!unique.length) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, unique));
  return new Map(rows.map((r) => [r.code, r.name]));
}

async function present(db: Db, actor: Actor, rows: Row[]): Promise<Questionnaire[]> {
  const counts = rows.length
    ? await db
        .select({
          id: questionnaireAnswers.questionnaireId,
          n: sql<number>`count(*)::int`,
        })
        .from(questionnaireAnswers)
        .where(
          and(
            inArray(
              questionnaireAnswers.questionnaireId,
              rows.map((r) => r.id),
            ),
            sql`${questionnaireAnswers.communityCode} like ${`${actor.regionCode}%`}`,
          ),
        )
        .groupBy(questionnaireAnswers.questionnaireId)
    : [];
  const names = await communityNames(
    db,
    rows.flatMap((r) => r.communityCodes),
  );
  return rows.map((r) => {
    const own = r.communityCodes.filter((c) => c.startsWith(actor.regionCode ?? '\u0000'));
    const manage = canManage(actor, r);
    return {
      id: r.id,
      title: r.title,
      intro: r.intro,
      ownerRegionCode: r.ownerRegionCode,
      communities: own.map((code) => ({ code, name: names.get(code) ?? code })),
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      questions: r.questions,
      status: r.status,
      statusName: QUESTIONNAIRE_STATUS_NAMES[r.status],
      answers: counts.find((c) => c.id === r.id)?.n ?? 0,
      openedAt: r.openedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      version: r.version,
      abilities: {
        edit: manage && nextStatus(r.status, 'edit') !== null,
        open: manage && nextStatus(r.status, 'open') !== null,
        close: manage && nextStatus(r.status, 'close') !== null,
      },
    };
  });
}

/** Questionnaires with a community in the caller's region. */
export async function findQuestionnaires(input: {
  db: Db;
  actor: Actor;
  status?: Row['status'] | undefined;
  page: number;
  pageSize: number;
}) {
  const { db, actor } = input;
  const where = and(
    visibleWhere(actor),
    input.status ? eq(questionnaires.status, input.status) : undefined,
  );
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(questionnaires)
      .where(where)
      .orderBy(desc(questionnaires.createdAt), desc(questionnaires.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(questionnaires)
      .where(where),
  ]);
  return { items: await present(db, actor, rows), total: count?.n ?? 0 };
}

async function loadVisible(db: Db, actor: Actor, id: number, lock = false): Promise<Row> {
  const q = db
    .select()
    .from(questionnaires)
    .where(and(eq(questionnaires.id, id), visibleWhere(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('满意度调查');
  return row;
}

export async function findQuestionnaire(input: { db: Db; actor: Actor; id: number }) {
  const row = await loadVisible(input.db, input.actor, input.id);
  return (await present(input.db, input.actor, [row]))[0]!;
}

/** Checks the communities (real, community level, inside the owner's region) and the period. */
async function checkInput(db: Db, actor: Actor, data: QuestionnaireInput): Promise<string[]> {
  const codes = [...new Set(data.communityCodes)];
  const rows = codes.length
    ? await db
        .select({ code: regions.code, level: regions.level })
        .from(regions)
        .where(inArray(regions.code, codes))
    : [];
  const bad = codes.filter(
    (c) =>
      !rows.some((r) => r.code === c && r.level === 'community') ||
      !c.startsWith(actor.regionCode ?? '\u0000'),
  );
  if (!codes.length || bad.length)
    throw validationFailed(
      [{ path: 'communityCodes', message: '请选择本辖区内的社区' }],
      bad.length ? `以下社区不存在或不在您的辖区内：${bad.join('、')}` : '请选择参加调查的社区',
    );
  if (data.periodEnd < data.periodStart)
    throw validationFailed(
      [{ path: 'periodEnd', message: '结束日期不能早于开始日期' }],
      '结束日期不能早于开始日期',
    );
  const cats = data.questions.map((q) => q.category);
  if (!cats.length || new Set(cats).size !== cats.length)
    throw validationFailed(
      [{ path: 'questions', message: '每类设施一个问题，至少一个' }],
      '每类设施一个问题，至少一个',
    );
  return codes;
}

function questionsOf(data: QuestionnaireInput): QuestionnaireQuestion[] {
  return data.questions.map((q) => ({
    category: q.category,
    text: q.text?.trim() || defaultQuestion(q.category),
  }));
}

/** A draft questionnaire of the office (its city) or a district (its own communities only). */
export async function createQuestionnaire(input: {
  db: Db;
  actor: Actor;
  data: QuestionnaireInput;
}) {
  const { db, actor, data } = input;
  if (!actor.permissions.has('questionnaires.manage') || !actor.regionCode)
    throw forbidden('您不能发起满意度调查');
  const codes = await checkInput(db, actor, data);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(questionnaires)
      .values({
        title: data.title,
        intro: data.intro?.trim() || null,
        ownerRegionCode: actor.regionCode!,
        communityCodes: codes,
        periodStart: data.periodStart,
        periodEnd: data.periodEnd,
        questions: questionsOf(data),
        createdBy: actor.id,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'questionnaire.create',
      entity: 'questionnaire',
      entityId: row!.id,
      after: {
        title: row!.title,
        communities: codes.length,
        period: [data.periodStart, data.periodEnd],
      },
    });
    return row!.id;
  });
  return findQuestionnaire({ db, actor, id });
}

function ensureManage(actor: Actor, row: Row) {
  if (!canManage(actor, row)) throw forbidden('只有发起单位可以修改、开始或结束该调查');
}

/** Edits a draft (a questionnaire that residents may answer no longer changes: 409). */
export async function updateQuestionnaire(input: {
  db: Db;
  actor: Actor;
  id: number;
  version: number;
  data: QuestionnaireInput;
}) {
  const { db, actor, data } = input;
  await db.transaction(async (tx) => {
    const row = await loadVisible(tx, actor, input.id, true);
    ensureManage(actor, row);
    if (!nextStatus(row.status, 'edit'))
      throw invalidTransition(`调查“${QUESTIONNAIRE_STATUS_NAMES[row.status]}”，不能再修改`);
    if (row.version !== input.version) throw conflict();
    const codes = await checkInput(tx, actor, data);
    await tx
      .update(questionnaires)
      .set({
        title: data.title,
        intro: data.intro?.trim() || null,
        communityCodes: codes,
        periodStart: data.periodStart,
        periodEnd: data.periodEnd,
        questions: questionsOf(data),
        updatedAt: new Date(),
        version: row.version + 1,
      })
      .where(eq(questionnaires.id, row.id));
    await recordAudit(tx, {
      actor,
      action: 'questionnaire.update',
      entity: 'questionnaire',
      entityId: row.id,
      before: { title: row.title, communities: row.communityCodes.length },
      after: { title: data.title, communities: codes.length },
    });
  });
  return findQuestionnaire(input);
}

/** draft → open (residents may answer within the period) and open → closed (results published). */
export async function moveQuestionnaire(input: {
  db: Db;
  actor: Actor;
  id: number;
  action: Exclude<QuestionnaireAction, 'edit'>;
}) {
  const { db, actor, action } = input;
  await db.transaction(async (tx) => {
    const row = await loadVisible(tx, actor, input.id, true);
    ensureManage(actor, row);
    const to = nextStatus(row.status, action);
    if (!to)
      throw invalidTransition(
        `调查当前为“${QUESTIONNAIRE_STATUS_NAMES[row.status]}”，不能${action === 'open' ? '开始' : '结束'}`,
      );
    if (action === 'open' && row.periodEnd < todayInShanghai())
      throw new AppError('RULE_VIOLATION', '调查的结束日期已过，请先修改调查时间');
    const now = new Date();
    await tx
      .update(questionnaires)
      .set({
        status: to,
        ...(action === 'open' ? { openedAt: now } : { closedAt: now }),
        updatedAt: now,
        version: row.version + 1,
      })
      .where(eq(questionnaires.id, row.id));
    await recordAudit(tx, {
      actor,
      action: `questionnaire.${action}`,
      entity: 'questionnaire',
      entityId: row.id,
      before: { status: row.status },
      after: { status: to },
    });
  });
  return findQuestionnaire(input);
}

export type CommunityResults = {
  code: string;
  name: string;
  answers: number;
  questions: QuestionTally[];
};

/** Counts and shares per question, overall and per community, for the given communities. */
async function tally(db: Db, row: Row, communityCodes: string[]) {
  if (!communityCodes.length)
    return { answers: 0, questions: tallyQuestions(row.questions, []), communities: [] };
  const inCommunities = and(
    eq(questionnaireAnswers.questionnaireId, row.id),
    inArray(questionnaireAnswers.communityCode, communityCodes),
  );
  const [grouped, answers, names] = await Promise.all([
    db
      .execute(
        sql`select a.community_code as community, r->>'category' as category, r->>'choice' as choice, count(*)::int as n
            from ${questionnaireAnswers} a cross join lateral jsonb_array_elements(a.replies) r
            where a.questionnaire_id = ${row.id} and a.community_code = any(${sqlTextArray(communityCodes)})
            group by 1, 2, 3`,
      )
      .then(
        (res: unknown) =>
          (res as { rows: { community: string; category: string; choice: string; n: number }[] })
            .rows,
      ),
    db
      .select({ community: questionnaireAnswers.communityCode, n: sql<number>`count(*)::int` })
      .from(questionnaireAnswers)
      .where(inCommunities)
      .groupBy(questionnaireAnswers.communityCode),
    communityNames(db, communityCodes),
  ]);
  const communities: CommunityResults[] = communityCodes.map((code) => ({
    code,
    name: names.get(code) ?? code,
    answers: answers.find((a) => a.community === code)?.n ?? 0,
    questions: tallyQuestions(
      row.questions,
      grouped.filter((g) => g.community === code),
    ),
  }));
  return {
    answers: communities.reduce((s, c) => s + c.answers, 0),
    questions: tallyQuestions(row.questions, grouped),
    communities,
  };
}

/** Staff results: the communities of the caller's region, with counts, shares and 满意率. */
export async function findQuestionnaireResults(input: {
  db: Db;
  actor: Actor;
  id: number;
}): Promise<QuestionnaireResults> {
  const { db, actor } = input;
  const row = await loadVisible(db, actor, input.id);
  const own = row.communityCodes.filter((c) => c.startsWith(actor.regionCode!));
  const results = await tally(db, row, own);
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    statusName: QUESTIONNAIRE_STATUS_NAMES[row.status],
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    choiceNames: CHOICE_NAMES,
    ...results,
  };
}

// ---------------------------------------------------------------------------------------------
// Public side: no sign-in, nothing personal leaves here.
// ---------------------------------------------------------------------------------------------

async function areaCommunity(db: Db, areaId: number) {
  const [area] = await db
    .select({ id: residentialAreas.id, regionCode: residentialAreas.regionCode })
    .from(residentialAreas)
    .where(eq(residentialAreas.id, areaId));
  return area ?? null;
}

/**
 * For the public area page (one combined answer): the questionnaires open now for the area's
 * community, with their questions, and the results of its latest closed ones for that community.
 */
export async function findAreaQuestionnaires(db: Db, areaId: number, today = todayInShanghai()) {
  const area = await areaCommunity(db, areaId);
  if (!area) return { open: [], results: [] };
  const mine = sql`${area.regionCode} = any(${questionnaires.communityCodes})`;
  const [open, closed] = await Promise.all([
    db
      .select()
      .from(questionnaires)
      .where(
        and(
          mine,
          eq(questionnaires.status, 'open'),
          sql`${questionnaires.periodStart} <= ${today}`,
          sql`${questionnaires.periodEnd} >= ${today}`,
        ),
      )
      .orderBy(desc(questionnaires.id)),
    db
      .select()
      .from(questionnaires)
      .where(and(mine, eq(questionnaires.status, 'closed')))
      .orderBy(desc(questionnaires.closedAt), desc(questionnaires.id))
      .limit(3),
  ]);
  const results = await Promise.all(
    closed.map(async (row) => {
      const t = await tally(db, row, [area.regionCode]);
      const c = t.communities[0]!;
      return {
        id: row.id,
        title: row.title,
        periodStart: row.periodStart,
        periodEnd: row.periodEnd,
        communityName: c.name,
        answers: c.answers,
        questions: c.questions,
      };
    }),
  );
  return {
    open: open.map((row) => ({
      id: row.id,
      title: row.title,
      intro: row.intro,
      periodEnd: row.periodEnd,
      questions: row.questions,
    })),
    results,
  };
}

/** Public results of a closed questionnaire for one community (`404` while not closed). */
export async function findPublicQuestionnaireResults(input: {
  db: Db;
  id: number;
  communityCode: string;
}) {
  const [row] = await input.db
    .select()
    .from(questionnaires)
    .where(and(eq(questionnaires.id, input.id), eq(questionnaires.status, 'closed')));
  if (!row || !row.communityCodes.includes(input.communityCode)) throw notFound('调查结果');
  const t = await tally(input.db, row, [input.communityCode]);
  const c = t.communities[0]!;
  return {
    id: row.id,
    title: row.title,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    communityName: c.name,
    answers: c.answers,
    questions: c.questions,
  };
}

export type AnswerInput = {
  residentialAreaId: number;
  deviceToken: string;
  phone?: string | undefined;
  replies: QuestionnaireReply[];
  consent: true;
};

/**
 * A resident's answer, without an account: one per device and one per phone number. The device
 * token and the phone are kept only as keyed hashes (the phone also encrypted, erased later).
 */
export async function answerQuestionnaire(input: {
  db: Db;
  crypto: FieldCrypto;
  ip: string;
  id: number;
  data: AnswerInput;
  today?: string;
}) {
  const { db, crypto, data } = input;
  const today = input.today ?? todayInShanghai();
  const [row] = await db.select().from(questionnaires).where(eq(questionnaires.id, input.id));
  // A draft is not public: it does not exist for residents.
  if (!row || row.status === 'draft') throw notFound('满意度调查');
  if (row.status === 'closed' || row.periodEnd < today)
    throw invalidTransition('本次调查已结束，感谢您的关注');
  if (row.periodStart > today) throw invalidTransition(`本次调查 ${row.periodStart} 开始`);
  const area = await areaCommunity(db, data.residentialAreaId);
  if (!area || !row.communityCodes.includes(area.regionCode))
    throw validationFailed(
      [{ path: 'residentialAreaId', message: '您的小区不在本次调查范围内' }],
      '您的小区不在本次调查范围内',
    );
  const asked = row.questions.map((q) => q.category);
  const given = data.replies.map((r) => r.category);
  if (given.length !== asked.length || asked.some((c) => !given.includes(c)))
    throw validationFailed([{ path: 'replies', message: '请回答每一个问题' }], '请回答每一个问题');
  const deviceHash = crypto.lookupHash(`questionnaire-device:${data.deviceToken}`);
  const phone = data.phone?.trim() || null;
  const phoneHash = phone ? crypto.lookupHash(phone) : null;
  const taken = await db
    .select({ id: questionnaireAnswers.id })
    .from(questionnaireAnswers)
    .where(
      and(
        eq(questionnaireAnswers.questionnaireId, row.id),
        phoneHash
          ? sql`(${questionnaireAnswers.deviceHash} = ${deviceHash} or ${questionnaireAnswers.phoneHash} = ${phoneHash})`
          : eq(questionnaireAnswers.deviceHash, deviceHash),
      ),
    )
    .limit(1);
  const once = () => conflict('您已参加过本次调查，每部手机、每个手机号只能参加一次');
  if (taken.length) throw once();
  const replies = asked.map((category) => {
    const r = data.replies.find((x) => x.category === category)!;
    return {
      category,
      choice: r.choice,
      // Free text is text: a phone number typed into it is masked like in feedback (P13).
      ...(r.comment?.trim() ? { comment: maskPersonalDataInText(r.comment.trim()) } : {}),
    };
  });
  try {
    await db.transaction(async (tx) => {
      const [saved] = await tx
        .insert(questionnaireAnswers)
        .values({
          questionnaireId: row.id,
          communityCode: area.regionCode,
          residentialAreaId: area.id,
          deviceHash,
          phoneHash,
          phoneEnc: phone ? crypto.encrypt(phone) : null,
          replies,
        })
        .returning({ id: questionnaireAnswers.id });
      // Personal data stays out of the audit log.
      await recordAudit(tx, {
        actor: null,
        ip: input.ip,
        action: 'questionnaire.answer',
        entity: 'questionnaire',
        entityId: row.id,
        after: { answerId: saved!.id, communityCode: area.regionCode, hasPhone: !!phone },
      });
    });
  } catch (e) {
    // Two answers from one phone at the same moment: the unique index decides.
    if (
      (e as { code?: string }).code === '23505' ||
      (e as { cause?: { code?: string } }).cause?.code === '23505'
    )
      throw once();
    throw e;
  }
  return { ok: true as const };
}

/** Erases the phone of answers to questionnaires closed more than N days ago. */
export async function eraseQuestionnaireContacts(db: Db, days: number, now = new Date()) {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(questionnaireAnswers)
      .set({ phoneEnc: null, phoneHash: null, contactErasedAt: now })
      .where(
        and(
          sql`${questionnaireAnswers.phoneEnc} is not null`,
          sql`${questionnaireAnswers.questionnaireId} in (select ${questionnaires.id} from ${questionnaires} where ${questionnaires.status} = 'closed' and ${questionnaires.closedAt} < ${cutoff})`,
        ),
      )
      .returning({ id: questionnaireAnswers.id });
    if (rows.length)
      await recordAudit(tx, {
        actor: SYSTEM_ACTOR,
        action: 'questionnaire.contact_erase',
        entity: 'questionnaire',
        after: { answers: rows.length, retentionDays: days },
      });
    return rows.length;
  });
}

/** Closes open questionnaires whose period has ended (the daily job). */
export async function closeEndedQuestionnaires(db: Db, today = todayInShanghai()) {
  const rows = await db
    .update(questionnaires)
    .set({
      status: 'closed',
      closedAt: new Date(),
      updatedAt: new Date(),
      version: sql`${questionnaires.version} + 1`,
    })
    .where(and(eq(questionnaires.status, 'open'), sql`${questionnaires.periodEnd} < ${today}`))
    .returning({ id: questionnaires.id });
  return rows.length;
}
