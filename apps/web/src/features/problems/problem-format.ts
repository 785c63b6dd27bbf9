import {
  CATEGORY_CODES,
  FACILITY_TYPE_CODES,
  FACILITY_TYPE_NAMES,
  FINDING_STATUS_NAMES,
  PROBLEM_EVENT_NAMES,
  PROBLEM_MONTH_MEASURES,
  PROBLEM_SOURCES,
  PROBLEM_STATUS_CODES,
  STAGES,
  type CategoryCode,
  type FacilityTypeCode,
  type FindingStatus,
  type ProblemMonthMeasure,
  type Stage,
} from '@zibo/shared';
import type { StatusTone } from '../../shared/status-tag.tsx';
import { worstStatus } from '../gap-analysis/finding-status.ts';
import type {
  AttachmentFile,
  Awaiting,
  Problem,
  ProblemEvent,
  ProblemPlan,
  ProblemQuery,
  ProblemSource,
  ProblemStatus,
} from './problems.api.ts';

export const PROBLEM_STATUS_TONES: Record<ProblemStatus, StatusTone> = {
  open: 'default',
  planned: 'warning',
  in_progress: 'processing',
  closure_requested: 'warning',
  closed: 'success',
};

export const AWAITING_NAMES: Record<Awaiting, string> = {
  plan_approval: '方案待审批',
  closure_decision: '销号待核验',
  extension_decision: '延期待审批',
};

export const PLAN_STATUS_NAMES: Record<ProblemPlan['status'], string> = {
  submitted: '待审批',
  approved: '已批准',
  rejected: '已退回',
  superseded: '已被替代',
};

export const PLAN_STATUS_TONES: Record<ProblemPlan['status'], StatusTone> = {
  submitted: 'warning',
  approved: 'success',
  rejected: 'error',
  superseded: 'default',
};

export const EXTENSION_STATUS_NAMES: Record<'pending' | 'approved' | 'rejected', string> = {
  pending: '待审批',
  approved: '已同意',
  rejected: '未同意',
};

/** The filter keys the problem list keeps in the address bar. */
export const PROBLEM_FILTER_KEYS = [
  'region',
  'category',
  'facilityType',
  'status',
  'stage',
  'source',
  'isKey',
  'campaign',
  'overdue',
  'open',
  'month',
  'monthOf',
  'awaiting',
  'q',
  'order',
] as const;
export type ProblemFilterKey = (typeof PROBLEM_FILTER_KEYS)[number];

const AWAITINGS: readonly Awaiting[] = ['plan_approval', 'closure_decision', 'extension_decision'];

function pick<T extends string>(allowed: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

function parseBoolean(value: string | undefined): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/**
 * The list query from the address bar's text: unknown values are dropped rather than sent, so a
 * mistyped or outdated link shows the unfiltered list instead of a validation error.
 */
export function parseProblemFilter(
  filter: Partial<Record<ProblemFilterKey, string>>,
  /** The city served (`user.cityCode`): a region outside it is dropped. */
  cityCode: string,
): Omit<ProblemQuery, 'page' | 'pageSize'> {
  const campaign = Number(filter.campaign);
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(filter.month ?? '') ? filter.month : null;
  const region =
    filter.region && /^\d{4,12}$/.test(filter.region) && filter.region.startsWith(cityCode)
      ? filter.region
      : undefined;
  return {
    region,
    category: pick<CategoryCode>(CATEGORY_CODES, filter.category),
    facilityType: pick<FacilityTypeCode>(FACILITY_TYPE_CODES, filter.facilityType),
    status: pick<ProblemStatus>(PROBLEM_STATUS_CODES, filter.status),
    stage: pick<Stage>(STAGES, filter.stage),
    source: pick<ProblemSource>(PROBLEM_SOURCES, filter.source),
    isKey: parseBoolean(filter.isKey),
    campaign: Number.isInteger(campaign) && campaign > 0 ? campaign : undefined,
    overdue: parseBoolean(filter.overdue),
    open: parseBoolean(filter.open),
    month: month ?? undefined,
    monthOf: month ? pick<ProblemMonthMeasure>(PROBLEM_MONTH_MEASURES, filter.monthOf) : undefined,
    awaiting: pick<Awaiting>(AWAITINGS, filter.awaiting),
    q: filter.q?.trim().slice(0, 50) || undefined,
    order: filter.order === 'deadline' ? 'deadline' : undefined,
  };
}

/** District, street and community of a problem, as one line. */
export function formatProblemPlace(
  p: Pick<Problem, 'districtName' | 'streetName' | 'regionName'>,
): string {
  return [p.districtName, p.streetName, p.regionName].filter(Boolean).join(' ') || '—';
}

/** Photos show as thumbnails; every other file is a link. */
export function isImageFile(file: Pick<AttachmentFile, 'contentType'>): boolean {
  return file.contentType.startsWith('image/');
}

/** Where the API serves an attachment (inline for images and PDF). */
export function buildAttachmentUrl(id: number): string {
  return `/api/attachments/${id}`;
}

export type EventTone = 'blue' | 'green' | 'red' | 'gray' | 'orange';

/** The name of a timeline event and the colour of its dot. */
export function describeEvent(event: Pick<ProblemEvent, 'action' | 'data'>): {
  name: string;
  color: EventTone;
} {
  const name = PROBLEM_EVENT_NAMES[event.action] ?? event.action;
  switch (event.action) {
    case 'approve_closure':
      return { name, color: 'green' };
    case 'approve_plan': {
      const complete = (event.data as { complete?: boolean } | null)?.complete !== false;
      return { name: complete ? name : '审核整治方案（待再审批）', color: 'green' };
    }
    case 'returned':
    case 'reject_plan':
    case 'overdue_escalation':
      return { name, color: 'red' };
    case 'instruct':
    case 'flag_key':
    case 'deadline_reminder':
      return { name, color: 'orange' };
    case 'decide_extension': {
      const approve = (event.data as { approve?: boolean } | null)?.approve;
      return { name, color: approve === false ? 'red' : 'green' };
    }
    default:
      return { name, color: 'blue' };
  }
}

/** Days from `today` to a deadline (negative when past), both `YYYY-MM-DD`. */
export function countDaysLeft(deadline: string, today: string): number {
  const ms = Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/**
 * What the gap analysis, on the ledger as it stands, says of a problem's area and facility type:
 * the closure request and decision show it (P5 销号 against 缺什么补什么). A facility built or
 * converted to close a gap appears in the analysis only once it is in the facility ledger, so
 * closing a gap the analysis still finds is made a visible choice (e.g. served by facilities
 * nearby), not an oversight. The finding the problem came from (its rule) when the area still has it, else every
 * finding of the type; null when the analysis has none for the area.
 */
export function gapNowNotice(
  findings: readonly { facilityType: string; ruleId: string; status: FindingStatus }[],
  problem: { facilityType: FacilityTypeCode; ruleId: string | null },
): { tone: 'warning' | 'success'; text: string } | null {
  const ofType = findings.filter((f) => f.facilityType === problem.facilityType);
  const own = ofType.filter((f) => f.ruleId === problem.ruleId);
  const relevant = own.length > 0 ? own : ofType;
  if (relevant.length === 0) return null;
  const type = FACILITY_TYPE_NAMES[problem.facilityType];
  const worst = worstStatus(relevant);
  if (worst === 'met') {
    return { tone: 'success', text: `缺口分析（按当前台账）：该小区的“${type}”已达标。` };
  }
  return {
    tone: 'warning',
    text:
      `缺口分析（按当前台账）：该小区的“${type}”仍为${FINDING_STATUS_NAMES[worst]}。` +
      '新建、改建的设施登记入设施台账后，缺口分析随之更新；未登记即销号的，请在说明或意见中写明原因（如由周边设施统筹保障）。',
  };
}
