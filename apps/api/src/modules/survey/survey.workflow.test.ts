import { describe, expect, it } from 'vitest';
import {
  FILING_KINDS,
  transition,
  type Filings,
  type SubmissionAction,
  type SubmissionStatus,
} from './survey.workflow.ts';

describe('P3 survey submission workflow', () => {
  it('the lead departments of the six categories are the five that file', () => {
    expect(FILING_KINDS).toEqual(['education', 'civil_affairs', 'commerce', 'sports', 'health']);
  });

  it('a district submits a pending or returned ledger', () => {
    for (const status of ['pending', 'returned'] as const) {
      expect(transition({ status, action: 'submit', surveyOpen: true, filings: {} })).toEqual({
        ok: true,
        status: 'submitted',
        filings: {},
      });
    }
  });

  it('is filed only when every lead department has filed', () => {
    let filings: Filings = {};
    let status: SubmissionStatus = 'submitted';
    for (const [i, kind] of FILING_KINDS.entries()) {
      const r = transition({
        status,
        action: 'file',
        surveyOpen: true,
        filings,
        departmentKind: kind,
        departmentCode: `3703-${kind}`,
        by: kind,
        at: 't',
      });
      if (!r.ok) throw new Error(r.message);
      ({ status, filings } = r);
      expect(status).toBe(i === FILING_KINDS.length - 1 ? 'filed' : 'submitted');
    }
  });

  it('refuses a second filing by the same department and filing by a non-lead department', () => {
    const once = transition({
      status: 'submitted',
      action: 'file',
      surveyOpen: true,
      filings: {},
      departmentKind: 'education',
    });
    if (!once.ok) throw new Error(once.message);
    expect(
      transition({
        status: 'submitted',
        action: 'file',
        surveyOpen: true,
        filings: once.filings,
        departmentKind: 'education',
      }),
    ).toEqual({ ok: false, message: '本部门已备案，无需重复备案' });
    expect(
      transition({
        status: 'submitted',
        action: 'file',
        surveyOpen: true,
        filings: {},
        departmentKind: 'finance',
      }).ok,
    ).toBe(false);
  });

  it('a return clears the filings', () => {
    expect(
      transition({
        status: 'filed',
        action: 'return',
        surveyOpen: true,
        filings: { education: { at: 't', by: 'e', departmentCode: 'x' } },
      }),
    ).toEqual({ ok: true, status: 'returned', filings: {} });
  });

  it.each<[SubmissionStatus, SubmissionAction]>([
    ['pending', 'file'],
    ['pending', 'return'],
    ['returned', 'file'],
    ['returned', 'return'],
    ['submitted', 'submit'],
    ['filed', 'submit'],
    ['filed', 'file'],
  ])('refuses %s → %s', (status, action) => {
    const r = transition({
      status,
      action,
      surveyOpen: true,
      filings: {},
      departmentKind: 'education',
    });
    expect(r.ok).toBe(false);
  });

  it('refuses everything once the survey is closed', () => {
    expect(
      transition({ status: 'pending', action: 'submit', surveyOpen: false, filings: {} }).ok,
    ).toBe(false);
  });
});
