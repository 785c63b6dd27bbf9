import { describe, expect, it } from 'vitest';
import {
  PROBLEM_STATUSES,
  isOverdue,
  nextStatus,
  type ProblemAction,
  type ProblemStatus,
} from './problem.workflow.ts';

describe('P5 problem workflow', () => {
  it('runs the main line open → planned → in_progress → closure_requested → closed', () => {
    const steps: [ProblemStatus, ProblemAction, ProblemStatus][] = [
      ['open', 'submit_plan', 'planned'],
      ['planned', 'approve_plan', 'in_progress'],
      ['in_progress', 'report_progress', 'in_progress'],
      ['in_progress', 'request_closure', 'closure_requested'],
      ['closure_requested', 'approve_closure', 'closed'],
    ];
    for (const [from, action, to] of steps)
      expect(nextStatus(from, action)).toEqual({ ok: true, to });
  });

  it('a refused closure returns the problem to work; a closed one can be reopened', () => {
    expect(nextStatus('closure_requested', 'refuse_closure')).toEqual({
      ok: true,
      to: 'in_progress',
    });
    expect(nextStatus('closed', 'reopen')).toEqual({ ok: true, to: 'in_progress' });
  });

  it('P4 一事一案 key problems wait for the last approval before work starts', () => {
    expect(nextStatus('planned', 'approve_plan', { approvalsComplete: false })).toEqual({
      ok: true,
      to: 'planned',
    });
  });

  it('a rejected plan falls back to open, or to the plan in force when revising', () => {
    expect(nextStatus('planned', 'reject_plan')).toEqual({ ok: true, to: 'open' });
    expect(nextStatus('planned', 'reject_plan', { hadApprovedPlan: true })).toEqual({
      ok: true,
      to: 'in_progress',
    });
    expect(nextStatus('in_progress', 'submit_plan')).toEqual({ ok: true, to: 'planned' });
  });

  it('refuses every transition the machine does not have', () => {
    const allowed: Record<ProblemAction, ProblemStatus[]> = {
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
    for (const [action, from] of Object.entries(allowed) as [ProblemAction, ProblemStatus[]][]) {
      for (const status of PROBLEM_STATUSES) {
        expect(nextStatus(status, action).ok, `${status} → ${action}`).toBe(from.includes(status));
      }
    }
    expect(nextStatus('closed', 'request_closure')).toEqual({
      ok: false,
      message: '问题当前为“已销号”，不能申请销号',
    });
  });

  it('overdue is derived from the deadline and today', () => {
    expect(isOverdue({ status: 'in_progress', deadline: '2021-12-31' }, '2022-01-01')).toBe(true);
    expect(isOverdue({ status: 'in_progress', deadline: '2021-12-31' }, '2021-12-31')).toBe(false);
    expect(isOverdue({ status: 'closed', deadline: '2021-12-31' }, '2022-01-01')).toBe(false);
    expect(isOverdue({ status: 'open', deadline: null }, '2022-01-01')).toBe(false);
  });
});
