import { describe, expect, it } from 'vitest';
import { CATEGORY_CODES, PROBLEM_STATUSES, STAGES, STAGE_STATUSES } from '@zibo/shared';
import {
  buildFacilityTypeOptions,
  describeCategories,
  buildStageStatusGroups,
  toneOfStageStatus,
} from './facility-vocabulary.ts';

describe('toneOfStageStatus', () => {
  it('shows every problem status red (P3) and no other status red', () => {
    for (const stage of STAGES) {
      for (const status of STAGE_STATUSES[stage]) {
        expect(toneOfStageStatus(status) === 'error').toBe(PROBLEM_STATUSES.has(status));
      }
    }
  });

  it('shows work under way blue and a missing status grey', () => {
    expect(toneOfStageStatus('under_construction')).toBe('processing');
    expect(toneOfStageStatus('pending')).toBe('processing');
    expect(toneOfStageStatus(null)).toBe('default');
    expect(toneOfStageStatus('in_use')).toBe('success');
  });
});

describe('buildFacilityTypeOptions', () => {
  it("offers only the types of the chosen category within the user's categories", () => {
    expect(buildFacilityTypeOptions('education', ['education']).map((o) => o.value)).toEqual([
      'kindergarten',
      'primary_school',
      'middle_school',
    ]);
    expect(buildFacilityTypeOptions('education', ['health'])).toEqual([]);
    expect(buildFacilityTypeOptions(null, ['sports']).map((o) => o.value)).toEqual([
      'sports_venue',
      'fitness_site',
    ]);
  });
});

describe('buildStageStatusGroups', () => {
  it('gives one group per stage whose values the facilities filter splits into stage and status', () => {
    const groups = buildStageStatusGroups();
    expect(groups).toHaveLength(STAGES.length);
    for (const [i, stage] of STAGES.entries()) {
      expect(groups[i]!.options.map((o) => o.value.split(':'))).toEqual(
        STAGE_STATUSES[stage].map((s) => [stage, s]),
      );
    }
  });
});

describe('describeCategories', () => {
  it('names a grant of all six as 全部类别, none as —, and others in catalogue order', () => {
    expect(describeCategories([...CATEGORY_CODES].reverse())).toBe('全部类别');
    expect(describeCategories([])).toBe('—');
    expect(describeCategories(['elderly_care', 'community_service'])).toBe(
      '社区管理服务设施（社区用房）、社区养老服务设施（含日间照料中心）',
    );
  });
});
