import {
  DEPARTMENT_KINDS,
  SURVEY_SUBMISSION_STATUSES,
  SURVEY_SUBMISSION_STATUS_NAMES,
  categoriesLedBy,
  type DepartmentKind,
  type Permission,
} from '@zibo/shared';

/**
 * P3 排查摸底: each district submits its ledger; every lead department files (备案) the part of
 * its categories, or returns the whole submission with a comment. A pure state machine.
 */
export const SUBMISSION_STATUSES = SURVEY_SUBMISSION_STATUSES;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export type SubmissionAction = 'submit' | 'file' | 'return';

export const SUBMISSION_STATUS_NAMES: Record<SubmissionStatus, string> =
  SURVEY_SUBMISSION_STATUS_NAMES;

export const TRANSITIONS: Record<
  SubmissionAction,
  { from: readonly SubmissionStatus[]; permission: Permission; name: string }
> = {
  submit: { from: ['pending', 'returned'], permission: 'survey.submit', name: '报送' },
  file: { from: ['submitted'], permission: 'survey.file', name: '备案' },
  return: { from: ['submitted', 'filed'], permission: 'survey.file', name: '退回' },
};

/** The departments whose filing completes a submission: those that lead a category (P1). */
export const FILING_KINDS: readonly DepartmentKind[] = DEPARTMENT_KINDS.filter(
  (k) => categoriesLedBy(k).length > 0,
);

export type Filings = Partial<
  Record<DepartmentKind, { at: string; by: string; departmentCode: string }>
>;

export type TransitionResult =
  { ok: true; status: SubmissionStatus; filings: Filings } | { ok: false; message: string };

/** Applies an action; refuses what the state machine does not allow, with a Chinese reason. */
export function transition(input: {
  status: SubmissionStatus;
  action: SubmissionAction;
  surveyOpen: boolean;
  filings: Filings;
  departmentKind?: DepartmentKind | null;
  departmentCode?: string | null;
  by?: string;
  at?: string;
}): TransitionResult {
  const { status, action, filings } = input;
  if (!input.surveyOpen) return { ok: false, message: '本次排查已结束，不能再报送、备案或退回' };
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) {
    return { ok: false, message: `当前状态为“${SUBMISSION_STATUS_NAMES[status]}”，不能${t.name}` };
  }
  switch (action) {
    case 'submit':
      return { ok: true, status: 'submitted', filings: {} };
    case 'return':
      return { ok: true, status: 'returned', filings: {} };
    case 'file': {
      const kind = input.departmentKind;
      if (!kind || !FILING_KINDS.includes(kind)) {
        return { ok: false, message: '只有设施主管部门（教育、民政、商务、体育、卫健）可以备案' };
      }
      if (filings[kind]) return { ok: false, message: '本部门已备案，无需重复备案' };
      const next: Filings = {
        ...filings,
        [kind]: {
          at: input.at ?? new Date().toISOString(),
          by: input.by ?? '',
          departmentCode: input.departmentCode ?? '',
        },
      };
      const complete = FILING_KINDS.every((k) => next[k]);
      return { ok: true, status: complete ? 'filed' : 'submitted', filings: next };
    }
  }
}
