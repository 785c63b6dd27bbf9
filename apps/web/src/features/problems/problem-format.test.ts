import { describe, expect, it } from 'vitest';
import {
  countDaysLeft,
  describeEvent,
  formatProblemPlace,
  gapNowNotice,
  isImageFile,
  parseProblemFilter,
} from './problem-format.ts';

describe('parseProblemFilter', () => {
  it('turns the address bar text into the list query', () => {
    expect(
      parseProblemFilter(
        {
          region: '370302001',
          category: 'education',
          facilityType: 'kindergarten',
          status: 'in_progress',
          stage: 'planning',
          source: 'gap_analysis',
          isKey: 'true',
          campaign: '2',
          overdue: 'false',
          awaiting: 'closure_decision',
          q: '  幼儿园 ',
          order: 'deadline',
        },
        '3703',
      ),
    ).toEqual({
      region: '370302001',
      category: 'education',
      facilityType: 'kindergarten',
      status: 'in_progress',
      stage: 'planning',
      source: 'gap_analysis',
      isKey: true,
      campaign: 2,
      overdue: false,
      awaiting: 'closure_decision',
      q: '幼儿园',
      order: 'deadline',
    });
  });

  it('drops values the API would refuse instead of sending them', () => {
    const query = parseProblemFilter(
      {
        region: '110101',
        category: 'schools',
        status: 'returned',
        isKey: 'yes',
        campaign: '-3',
        awaiting: 'everything',
        q: '   ',
        order: 'oldest',
      },
      '3703',
    );
    expect(Object.values(query).every((v) => v === undefined)).toBe(true);
  });
});

describe('describeEvent', () => {
  it('names a refused closure 不予销号 and colours it red', () => {
    expect(describeEvent({ action: 'returned', data: null })).toEqual({
      name: '不予销号（退回）',
      color: 'red',
    });
  });

  it('tells a partial approval of a 一事一案 plan from the final one', () => {
    expect(describeEvent({ action: 'approve_plan', data: { complete: false } }).name).toBe(
      '审核整治方案（待再审批）',
    );
    expect(describeEvent({ action: 'approve_plan', data: { complete: true } }).name).toBe(
      '审批整治方案',
    );
  });

  it('colours a refused extension red and a granted one green', () => {
    expect(describeEvent({ action: 'decide_extension', data: { approve: false } }).color).toBe(
      'red',
    );
    expect(describeEvent({ action: 'decide_extension', data: { approve: true } }).color).toBe(
      'green',
    );
  });

  it('shows an unknown action by its code', () => {
    expect(describeEvent({ action: 'merge', data: null })).toEqual({
      name: 'merge',
      color: 'blue',
    });
  });
});

describe('small formatters', () => {
  it('joins the place names that exist', () => {
    expect(
      formatProblemPlace({ districtName: '淄川区', streetName: null, regionName: '城中社区' }),
    ).toBe('淄川区 城中社区');
    expect(formatProblemPlace({ districtName: null, streetName: null, regionName: null })).toBe(
      '—',
    );
  });

  it('recognises photos by content type', () => {
    expect(isImageFile({ contentType: 'image/png' })).toBe(true);
    expect(isImageFile({ contentType: 'application/pdf' })).toBe(false);
  });

  it('counts calendar days to a deadline, negative once past', () => {
    expect(countDaysLeft('2021-01-01', '2020-12-31')).toBe(1);
    expect(countDaysLeft('2020-12-31', '2021-03-01')).toBe(-60);
  });
});

describe('gapNowNotice', () => {
  const kindergarten = { facilityType: 'kindergarten' as const, ruleId: 'EDU-001' };
  it('warns while the finding the problem came from is still open, by its worst status', () => {
    const notice = gapNowNotice(
      [
        { facilityType: 'kindergarten', ruleId: 'EDU-001', status: 'short' },
        { facilityType: 'kindergarten', ruleId: 'EDU-002', status: 'missing' },
        { facilityType: 'primary_school', ruleId: 'EDU-010', status: 'missing' },
      ],
      kindergarten,
    );
    // Only the problem's own rule counts while the area still has that finding.
    expect(notice?.tone).toBe('warning');
    expect(notice?.text).toContain('该小区的“幼儿园”仍为不足');
    expect(notice?.text).toContain('登记入设施台账');
  });

  it('falls back to every finding of the type when the rule no longer applies', () => {
    const notice = gapNowNotice(
      [
        { facilityType: 'kindergarten', ruleId: 'EDU-002', status: 'met' },
        { facilityType: 'kindergarten', ruleId: 'EDU-003', status: 'missing' },
      ],
      kindergarten,
    );
    expect(notice?.text).toContain('仍为缺失');
  });

  it('says so when the type is met, and nothing when the analysis has no finding of it', () => {
    expect(
      gapNowNotice(
        [{ facilityType: 'kindergarten', ruleId: 'EDU-001', status: 'met' }],
        kindergarten,
      ),
    ).toEqual({ tone: 'success', text: '缺口分析（按当前台账）：该小区的“幼儿园”已达标。' });
    expect(
      gapNowNotice(
        [{ facilityType: 'primary_school', ruleId: 'EDU-010', status: 'missing' }],
        kindergarten,
      ),
    ).toBeNull();
  });
});
