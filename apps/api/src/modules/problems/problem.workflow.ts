/**
 * P4/P5 — a problem's life as an explicit state machine:
 * open → planned → in_progress → closure_requested → closed, with plan revision
 * (in_progress → planned), refused closure ("returned": closure_requested → in_progress) and
 * reopening (closed → in_progress). Pure: who may act is the policy's business.
 */
import { PROBLEM_STATUS_CODES, PROBLEM_STATUS_LABELS } from '@zibo/shared';

// The state names are the shared contract's (packages/shared), defined once.
export const PROBLEM_STATUSES = PROBLEM_STATUS_CODES;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
export const PROBLEM_STATUS_NAMES: Record<ProblemStatus, string> = PROBLEM_STATUS_LABELS;

export type ProblemAction =
  | 'submit_plan'
  | 'approve_plan'
  | 'reject_plan'
  | 'report_progress'
  | 'request_closure'
  | 'approve_closure'
  | 'refuse_closure'
  | 'reopen'
  | 'request_extension'
  | 'decide_extension'
  | 'flag_key'
  | 'instruct';

export const ACTION_NAMES: Record<ProblemAction, string> = {
  submit_plan: '报送整治方案',
  approve_plan: '审批通过整治方案',
  reject_plan: '退回整治方案',
  report_progress: '报告整改进展',
  request_closure: '申请销号',
  approve_closure: '核验销号',
  refuse_closure: '不予销号',
  reopen: '重新打开',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  flag_key: '标记重点难点',
  instruct: '领导批示',
};

const FROM: Record<ProblemAction, readonly ProblemStatus[]> = {
  submit_plan: ['open', 'planned', 'in_progress'],
  approve_plan: ['planned'],
  reject_plan: ['planned'],
  report_progress: ['in_progress'],
  request_closure: ['in_progress'],
  approve_closure: ['closure_requested'],
  refuse_closure: ['closure_requested'],
  reopen: ['closed'],
  request_extension: ['planned', 'in_progress'],
  decide_extension: ['planned', 'in_progress', 'closure_requested'],
  flag_key: ['open', 'planned', 'in_progress', 'closure_requested'],
  instruct: ['open', 'planned', 'in_progress', 'closure_requested'],
};

export type Transition = { ok: true; to: ProblemStatus } | { ok: false; message: string };

/**
 * The status after `action`, or why it is refused. `context.plansApproved` says whether a plan
 * was ever approved (a rejected revision falls back to it); `context.approvalsComplete` whether
 * the approval just given was the last one needed.
 */
export function nextStatus(
  status: ProblemStatus,
  action: ProblemAction,
  context: { hadApprovedPlan?: boolean; approvalsComplete?: boolean } = {},
): Transition {
  if (!FROM[action].includes(status)) {
    return {
      ok: false,
      message: `问题当前为“${PROBLEM_STATUS_NAMES[status]}”，不能${ACTION_NAMES[action]}`,
    };
  }
  switch (action) {
    case 'submit_plan':
      return { ok: true, to: 'planned' };
    case 'approve_plan':
      return { ok: true, to: context.approvalsComplete === false ? 'planned' : 'in_progress' };
    case 'reject_plan':
      return { ok: true, to: context.hadApprovedPlan ? 'in_progress' : 'open' };
    case 'report_progress':
      return { ok: true, to: 'in_progress' };
    case 'request_closure':
      return { ok: true, to: 'closure_requested' };
    case 'approve_closure':
      return { ok: true, to: 'closed' };
    case 'refuse_closure':
      return { ok: true, to: 'in_progress' };
    case 'reopen':
      return { ok: true, to: 'in_progress' };
    case 'request_extension':
    case 'decide_extension':
    case 'flag_key':
    case 'instruct':
      return { ok: true, to: status };
  }
}

/** Overdue is derived from the deadline and today, never stored (so never stale). */
export function isOverdue(
  p: { status: ProblemStatus; deadline: string | null },
  today: string,
): boolean {
  return p.status !== 'closed' && p.deadline !== null && p.deadline < today;
}
