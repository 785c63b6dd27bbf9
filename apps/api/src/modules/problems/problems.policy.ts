import type { CategoryCode } from '@zibo/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeCategory, canSeeRegion } from '../../platform/auth/scope.ts';
import { nextStatus, type ProblemAction, type ProblemStatus } from './problem.workflow.ts';

/** The actor's department, as far as problems care: what it leads and where. */
export type ActorDepartment = {
  code: string;
  categories: CategoryCode[];
  regionCode: string;
} | null;

export type ProblemFacts = {
  status: ProblemStatus;
  regionCode: string;
  category: string;
  isKey: boolean;
  pendingPlan: {
    needsOfficeApproval: boolean;
    approvals: { department?: unknown; office?: unknown };
  } | null;
  pendingExtension: boolean;
};

/** P5: the district (or street) of the problem's area owns it. */
export function isOwner(actor: Actor, p: Pick<ProblemFacts, 'regionCode' | 'category'>): boolean {
  return (
    actor.permissions.has('problems.work') &&
    canSeeRegion(actor, p.regionCode) &&
    canSeeCategory(actor, p.category as CategoryCode) &&
    (actor.regionCode?.length ?? 0) >= 6
  );
}

/** P4/P5: only the category's lead department (city, or the district's own) approves and closes. */
export function isLeadDepartment(
  actor: Actor,
  dept: ActorDepartment,
  p: Pick<ProblemFacts, 'regionCode' | 'category'>,
): boolean {
  return (
    actor.permissions.has('problems.review') &&
    dept !== null &&
    dept.categories.includes(p.category as CategoryCode) &&
    p.regionCode.startsWith(dept.regionCode)
  );
}

export function isOffice(actor: Actor): boolean {
  return actor.permissions.has('problems.supervise');
}

/** Who may take `action` now; the workflow's own check comes first. */
export function mayAct(
  actor: Actor,
  dept: ActorDepartment,
  p: ProblemFacts,
  action: ProblemAction,
): boolean {
  if (!nextStatus(p.status, action).ok) return false;
  switch (action) {
    case 'submit_plan':
    case 'report_progress':
    case 'request_closure':
      return isOwner(actor, p);
    case 'request_extension':
      return isOwner(actor, p) && !p.pendingExtension;
    case 'approve_plan':
    case 'reject_plan': {
      const plan = p.pendingPlan;
      if (!plan) return false;
      if (isLeadDepartment(actor, dept, p) && !plan.approvals.department) return true;
      // P4 一事一案 for a key problem: the office approves too.
      return action === 'approve_plan'
        ? isOffice(actor) && plan.needsOfficeApproval && !plan.approvals.office
        : isOffice(actor) && plan.needsOfficeApproval;
    }
    case 'approve_closure':
    case 'refuse_closure':
      return isLeadDepartment(actor, dept, p);
    case 'decide_extension':
      return isLeadDepartment(actor, dept, p) && p.pendingExtension;
    case 'reopen':
      return isLeadDepartment(actor, dept, p) || isOffice(actor);
    case 'flag_key':
      return isOffice(actor);
    case 'instruct':
      return actor.permissions.has('problems.instruct') && p.isKey;
  }
}

export function problemAbilities(actor: Actor, dept: ActorDepartment, p: ProblemFacts) {
  const can = (a: ProblemAction) => mayAct(actor, dept, p, a);
  return {
    submitPlan: can('submit_plan'),
    approvePlan: can('approve_plan'),
    rejectPlan: can('reject_plan'),
    reportProgress: can('report_progress'),
    requestClosure: can('request_closure'),
    decideClosure: can('approve_closure'),
    reopen: can('reopen'),
    requestExtension: can('request_extension'),
    decideExtension: can('decide_extension'),
    flagKey: can('flag_key'),
    instruct: can('instruct'),
  };
}
