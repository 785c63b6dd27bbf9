import { describe, expect, it } from 'vitest';
import { findNoticeTarget, nameNoticeKind, toneOfNoticeKind } from './notice-format.ts';

describe('findNoticeTarget', () => {
  it('opens the problem a notice is about', () => {
    expect(findNoticeTarget({ entity: 'problem', entityId: '42' })).toBe('/problems/42');
  });

  it('gives no page for a notice without a record or with a malformed id', () => {
    expect(findNoticeTarget({ entity: null, entityId: null })).toBeNull();
    expect(findNoticeTarget({ entity: 'problem', entityId: '../audit' })).toBeNull();
    expect(findNoticeTarget({ entity: 'no_such_entity', entityId: '3' })).toBeNull();
    // P11: a bulletin notice opens the bulletin, where the unit signs for it.
    expect(findNoticeTarget({ entity: 'bulletin', entityId: '3' })).toBe('/bulletins/3');
  });
});

describe('nameNoticeKind', () => {
  it('names problem notices by the step that caused them', () => {
    expect(nameNoticeKind('problem.instruct')).toBe('领导批示');
    expect(nameNoticeKind('problem.overdue_escalation')).toBe('逾期督办');
    expect(nameNoticeKind('problem.returned')).toBe('不予销号（退回）');
  });

  it('falls back to a generic name', () => {
    expect(nameNoticeKind('problem.something_new')).toBe('问题办理');
    expect(nameNoticeKind('system')).toBe('通知');
  });
});

describe('toneOfNoticeKind', () => {
  it('marks escalations red and reminders orange', () => {
    expect(toneOfNoticeKind('problem.overdue_escalation')).toBe('red');
    expect(toneOfNoticeKind('problem.deadline_reminder')).toBe('orange');
    expect(toneOfNoticeKind('problem.submit_plan')).toBe('blue');
  });
});
