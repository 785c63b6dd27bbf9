import { describe, expect, it } from 'vitest';
import { describeFinding } from '@zibo/shared';

const base = {
  facilityType: 'kindergarten',
  required: 300,
  unit: 'm',
  status: 'missing',
  reason: null,
  ruleCode: 'EDU-020',
  source: '山东省人民政府办公厅《关于城镇居住区配套教育设施规划建设的意见》（2018年）',
  clause: '服务半径',
  verified: true,
} as const;

describe('describeFinding (P4: the problem a gap becomes)', () => {
  it('says no facility is within a radius instead of "现有 0m"', () => {
    const text = describeFinding({ ...base, metric: 'service_radius', actual: null });
    expect(text).toBe(
      '幼儿园缺失：服务半径要求 ≤ 300m，半径内没有计入的设施。' +
        '依据：EDU-020 山东省人民政府办公厅《关于城镇居住区配套教育设施规划建设的意见》（2018年） 服务半径',
    );
    expect(text).not.toContain('现有 0');
  });

  it('names the nearest counted facility of a radius when there is one', () => {
    expect(
      describeFinding({ ...base, metric: 'service_radius', actual: 412.345, status: 'met' }),
    ).toContain('幼儿园达标：服务半径要求 ≤ 300m，最近的计入设施 412.35m（直线距离）');
  });

  it('says why a radius could not be checked', () => {
    expect(
      describeFinding({
        ...base,
        metric: 'service_radius',
        actual: null,
        reason: 'area_location_unknown',
      }),
    ).toContain('服务半径要求 ≤ 300m，小区缺少坐标，无法核验服务半径。');
  });

  it('gives an amount with what there is, and marks an unverified rule', () => {
    const text = describeFinding({
      ...base,
      facilityType: 'community_service_room',
      metric: 'min_floor_area_per_site',
      required: 300,
      actual: 120,
      unit: 'm²',
      status: 'short',
      ruleCode: 'CIV-001',
      source: '测试来源',
      clause: '',
      verified: false,
    });
    expect(text).toBe(
      '社区综合服务用房不足：单处最小建筑面积要求 300m²，现有 120m²。依据：CIV-001 测试来源（待核实）',
    );
  });
});
