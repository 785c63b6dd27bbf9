import { z } from 'zod';
import { CATEGORY_CODES, FACILITY_TYPE_CODES } from '../categories.ts';
import { cityRegionCode } from '../city.ts';
import { STAGES } from './ledger.ts';
import { RATINGS } from '../satisfaction.ts';
import { dateString, pageQuery, requiredText, text } from './common.ts';

export const FEEDBACK_STATUSES = ['received', 'answered', 'problem', 'duplicate'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** The staff list's filter (`GET /feedback`). */
export const feedbackQuery = pageQuery.extend({
  status: z.enum(FEEDBACK_STATUSES).optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  region: cityRegionCode('\\d{0,8}', '行政区划代码无效').optional(),
  residentialAreaId: z.coerce.number().int().positive().optional(),
  problemId: z.coerce.number().int().positive().optional(),
  late: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  review: z.literal('pending').optional(),
  q: text(50).optional(),
});

/** A resident's feedback as staff see it: the phone is always masked (138****5678). */
export const feedbackItem = z.object({
  id: z.number().int(),
  trackingCode: z.string(),
  residentialAreaId: z.number().int(),
  areaName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  category: z.string(),
  categoryName: z.string(),
  stage: z.enum(STAGES),
  stageName: z.string(),
  kind: z.enum(['report', 'follow']),
  description: z.string(),
  contactName: z.string().nullable(),
  phone: z.string().nullable(),
  hasContact: z.boolean(),
  contactErased: z.boolean(),
  attachmentIds: z.array(z.number().int()),
  hasLocation: z.boolean(),
  status: z.enum(FEEDBACK_STATUSES),
  statusName: z.string(),
  dueDate: z.string(),
  late: z.boolean(),
  problemId: z.number().int().nullable(),
  problem: z.object({ id: z.number().int(), title: z.string(), status: z.string() }).nullable(),
  answer: z.string().nullable(),
  triagedAt: z.string().nullable(),
  rating: z.enum(RATINGS).nullable(),
  ratingName: z.string().nullable(),
  ratingComment: z.string().nullable(),
  ratedAt: z.string().nullable(),
  reviewStatus: z.enum(['pending', 'reopened', 'upheld']).nullable(),
  reviewReason: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  abilities: z.object({ triage: z.boolean(), reveal: z.boolean(), review: z.boolean() }),
});
export type FeedbackItem = z.infer<typeof feedbackItem>;

export const feedbackDetail = feedbackItem.extend({
  events: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      publicText: z.string().nullable(),
      comment: z.string().nullable(),
      actorName: z.string().nullable(),
    }),
  ),
});
export type FeedbackDetail = z.infer<typeof feedbackDetail>;

export const feedbackTriageBody = z.strictObject({
  action: z.enum(['problem', 'answer', 'duplicate'], { message: '请选择处理方式' }),
  comment: requiredText(1000),
  problemId: z.number().int().positive().optional(),
  stage: z.enum(STAGES).optional(),
  facilityType: z.enum(FACILITY_TYPE_CODES).optional(),
});

export const feedbackReviewBody = z.strictObject({
  decision: z.enum(['reopen', 'uphold'], { message: '请选择重新打开或维持销号' }),
  reason: requiredText(1000),
});

export const revealedContact = z.object({
  contactName: z.string().nullable(),
  phone: z.string().nullable(),
});

// --- 满意度调查 (questionnaires), staff side ---------------------------------------------------

export const QUESTIONNAIRE_STATUSES = ['draft', 'open', 'closed'] as const;

export const questionnaireQuery = pageQuery.extend({
  status: z.enum(QUESTIONNAIRE_STATUSES).optional(),
});

export const questionnaireBody = z.strictObject({
  title: requiredText(100),
  intro: text(500).optional(),
  communityCodes: z
    .array(cityRegionCode('\\d{8}', '社区代码应为 12 位'))
    .min(1, { message: '请选择参加调查的社区' })
    .max(2000, { message: '一次最多 2000 个社区' }),
  periodStart: dateString,
  periodEnd: dateString,
  questions: z
    .array(
      z.strictObject({
        category: z.enum(CATEGORY_CODES, { message: '请选择设施类别' }),
        text: text(200).optional(),
      }),
    )
    .min(1, { message: '至少一个问题' })
    .max(6, { message: '每类设施一个问题，最多 6 个' }),
});

/** 满意度调查 as staff see it: the communities listed are those of the caller's region. */
export const questionnaire = z.object({
  id: z.number().int(),
  title: z.string(),
  intro: z.string().nullable(),
  ownerRegionCode: z.string(),
  communities: z.array(z.object({ code: z.string(), name: z.string() })),
  periodStart: z.string(),
  periodEnd: z.string(),
  questions: z.array(z.object({ category: z.string(), text: z.string() })),
  status: z.enum(QUESTIONNAIRE_STATUSES),
  statusName: z.string(),
  answers: z.number().int(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  abilities: z.object({ edit: z.boolean(), open: z.boolean(), close: z.boolean() }),
});
export type Questionnaire = z.infer<typeof questionnaire>;

const perChoice = z.object({
  satisfied: z.number(),
  basically_satisfied: z.number(),
  dissatisfied: z.number(),
  unknown: z.number(),
});

export const questionTally = z.object({
  category: z.string(),
  text: z.string(),
  answered: z.number().int(),
  counts: perChoice,
  shares: perChoice,
  satisfactionRate: z.number().nullable(),
});
export type QuestionTally = z.infer<typeof questionTally>;

export const questionnaireResults = z.object({
  id: z.number().int(),
  title: z.string(),
  status: z.enum(QUESTIONNAIRE_STATUSES),
  statusName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  choiceNames: z.object({
    satisfied: z.string(),
    basically_satisfied: z.string(),
    dissatisfied: z.string(),
    unknown: z.string(),
  }),
  answers: z.number().int(),
  questions: z.array(questionTally),
  communities: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      answers: z.number().int(),
      questions: z.array(questionTally),
    }),
  ),
});
export type QuestionnaireResults = z.infer<typeof questionnaireResults>;
