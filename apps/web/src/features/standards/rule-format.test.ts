import { describe, expect, it } from 'vitest';
import type { StandardRule } from '@zibo/shared';
import { formatAppliesTo, formatRuleValue } from './rule-format.ts';

function buildRule(overrides: Partial<StandardRule> = {}): StandardRule {
  return {
    id: 'EDU-002',
    version: 1,
    code: 'EDU-002',
    catalogueCodes: ['EDU-002'],
    category: 'education',
    facilityType: 'kindergarten',
    countedTypes: ['kindergarten'],
    metric: 'min_floor_area_per_site',
    value: 2200,
    unit: 'm²',
    anyOf: null,
    appliesTo: {
      areaKinds: ['new', 'existing'],
      minHouseholds: null,
      maxHouseholds: null,
      minPopulation: null,
      maxPopulation: null,
      description: '',
    },
    jurisdiction: 'national',
    lifeCircle: null,
    informational: false,
    informationalKind: null,
    active: true,
    source: '完整居住社区建设标准（试行）',
    clause: '一、2',
    issuedOn: '2020-08',
    verified: true,
    note: null,
    derivedFrom: [],
    origin: null,
    ...overrides,
  };
}

describe('formatRuleValue', () => {
  it('writes the value with its unit', () => {
    expect(formatRuleValue(buildRule())).toBe('2200 m²');
  });

  it('lists the alternatives of an either/or rule with the types they count', () => {
    const rule = buildRule({
      metric: 'any_of',
      value: null,
      unit: '',
      anyOf: [
        {
          code: 'SPT-001',
          metric: 'floor_area_per_person',
          value: 0.1,
          countedTypes: ['sports_venue'],
        },
        {
          code: 'SPT-002',
          metric: 'site_area_per_person',
          value: 0.3,
          countedTypes: ['fitness_site'],
        },
      ],
    });
    expect(formatRuleValue(rule)).toBe(
      '人均建筑面积 0.1 m²/人（计入社区体育场馆） 或 人均用地面积 0.3 m²/人（计入健身场地）',
    );
  });

  it('shows a dash for a rule without a figure', () => {
    expect(formatRuleValue(buildRule({ value: null, unit: '' }))).toBe('—');
  });
});

describe('formatAppliesTo', () => {
  it('says 全部小区 when nothing narrows the rule', () => {
    expect(formatAppliesTo(buildRule())).toBe('全部小区');
  });

  it('joins the source wording with the kind and thresholds', () => {
    const rule = buildRule({
      appliesTo: {
        areaKinds: ['new'],
        minHouseholds: 1000,
        maxHouseholds: null,
        minPopulation: null,
        maxPopulation: 20000,
        description: '新建居住区',
      },
    });
    expect(formatAppliesTo(rule)).toBe('新建居住区（新建小区，≥1000 户，≤20000 人）');
  });
});
