import { z } from 'zod';
import { requiredText } from './common.ts';

export const SURVEY_SUBMISSION_STATUSES = ['pending', 'submitted', 'filed', 'returned'] as const;
export const SURVEY_SUBMISSION_STATUS_NAMES: Record<
  (typeof SURVEY_SUBMISSION_STATUSES)[number],
  string
> = {
  pending: '未报送',
  submitted: '已报送',
  filed: '已备案',
  returned: '已退回',
};

export const surveyInput = z.strictObject({
  name: requiredText(100),
  deadline: z.iso.date({ message: '日期格式应为 YYYY-MM-DD' }),
});

export const surveyReturnBody = z.strictObject({ comment: requiredText(500) });

export const surveySubmission = z.object({
  id: z.number().int(),
  districtCode: z.string(),
  districtName: z.string(),
  status: z.enum(SURVEY_SUBMISSION_STATUSES),
  filings: z.array(
    z.object({
      departmentKind: z.string(),
      departmentName: z.string(),
      filed: z.boolean(),
      at: z.string().nullable(),
      by: z.string().nullable(),
    }),
  ),
  snapshot: z.object({ areas: z.number().int(), facilities: z.number().int() }).nullable(),
  submittedAt: z.string().nullable(),
  returnComment: z.string().nullable(),
  overdue: z.boolean(),
  locked: z.boolean(),
  events: z.array(
    z.object({
      action: z.string(),
      actorName: z.string().nullable(),
      departmentCode: z.string().nullable(),
      comment: z.string().nullable(),
      at: z.string(),
    }),
  ),
  abilities: z.record(z.string(), z.boolean()),
});

export const survey = z.object({
  id: z.number().int(),
  name: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
  counts: z.record(z.string(), z.number().int()),
  overdueCount: z.number().int(),
  abilities: z.record(z.string(), z.boolean()),
});

export const surveyDetail = survey.extend({ submissions: z.array(surveySubmission) });
