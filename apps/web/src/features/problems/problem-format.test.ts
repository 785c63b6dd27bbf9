import { describe, expect, it } from 'vitest';
import {
  countDaysLeft,
  describeEvent,
  formatProblemPlace,
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
