import { z } from 'zod';
import { CATEGORY_CODES, FACILITY_TYPE_CODES } from '../categories.ts';
import { cityRegionCode } from '../city.ts';
import { STAGES } from './ledger.ts';
import { pageQuery, requiredText, text } from './common.ts';

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
  rating: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).nullable(),
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
