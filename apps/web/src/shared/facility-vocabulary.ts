import {
  CATEGORIES,
  CATEGORY_CODES,
  CATEGORY_NAMES,
  FACILITY_TYPES,
  FACILITY_TYPE_NAMES,
  PROBLEM_STATUSES,
  STAGES,
  STAGE_NAMES,
  STAGE_STATUSES,
  STAGE_STATUS_NAMES,
  type CategoryCode,
  type FacilityTypeCode,
  type Stage,
} from '@zibo/shared';
import type { StatusTone } from './status-tag.tsx';

/** Short category names for tabs and chart legends, where the full names do not fit. */
export const CATEGORY_SHORT_NAMES: Record<CategoryCode, string> = {
  education: '教育设施',
  community_service: '社区服务设施',
  elderly_care: '养老服务设施',
  commerce: '便民商业设施',
  sports: '体育健身设施',
  health: '医疗卫生设施',
};

/** A grant's categories in words: 全部类别 for all six, — for none, else their names. */
export function describeCategories(categories: readonly CategoryCode[]): string {
  if (categories.length === 0) return '—';
  if (CATEGORY_CODES.every((c) => categories.includes(c))) return '全部类别';
  return CATEGORY_CODES.filter((c) => categories.includes(c))
    .map((c) => CATEGORY_NAMES[c])
    .join('、');
}

/** Select options of the six categories (P1), optionally limited to the user's. */
export function buildCategoryOptions(only?: readonly CategoryCode[]) {
  return CATEGORIES.filter((c) => !only || only.includes(c.code)).map((c) => ({
    value: c.code,
    label: c.name,
  }));
}

/** Select options of the facility types, of one category when given, of the user's categories. */
export function buildFacilityTypeOptions(
  category?: CategoryCode | null,
  only?: readonly CategoryCode[],
) {
  return FACILITY_TYPES.filter(
    (t) => (!category || t.category === category) && (!only || only.includes(t.category)),
  ).map((t) => ({
    value: t.code,
    label: t.name,
  }));
}

export function nameFacilityType(type: string | null | undefined): string {
  if (!type) return '—';
  return FACILITY_TYPE_NAMES[type as FacilityTypeCode] ?? type;
}

/** Options of one stage's statuses, in the contract's order. */
export function buildStageStatusOptions(stage: Stage) {
  return STAGE_STATUSES[stage].map((s) => ({ value: s, label: STAGE_STATUS_NAMES[s] ?? s }));
}

/** Stage → status options grouped for one select ("阶段/状态" filter). */
export function buildStageStatusGroups() {
  return STAGES.map((stage) => ({
    label: `${STAGE_NAMES[stage]}阶段`,
    title: STAGE_NAMES[stage],
    options: STAGE_STATUSES[stage].map((s) => ({
      value: `${stage}:${s}`,
      label: `${STAGE_NAMES[stage]}：${STAGE_STATUS_NAMES[s] ?? s}`,
    })),
  }));
}

/** Statuses of work still under way (neither a problem nor settled). */
const IN_PROGRESS_STATUSES: ReadonlySet<string> = new Set([
  'under_construction',
  'pending',
  'not_due',
]);

/** A stage status's colour: problems red (P3), work under way blue, settled green. */
export function toneOfStageStatus(status: string | null | undefined): StatusTone {
  if (!status) return 'default';
  if (PROBLEM_STATUSES.has(status)) return 'error';
  if (IN_PROGRESS_STATUSES.has(status)) return 'processing';
  return 'success';
}

/** Map colours matching the tones (ledger map, gap map, legends). */
export const MAP_COLORS = {
  ok: '#52c41a',
  problem: '#f5222d',
  in_progress: '#1677ff',
  area: '#722ed1',
  met: '#52c41a',
  short: '#fa8c16',
  missing: '#f5222d',
} as const;
