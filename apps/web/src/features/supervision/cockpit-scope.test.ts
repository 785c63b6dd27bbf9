import { describe, expect, it } from 'vitest';
import { cockpitScope } from './cockpit-scope.ts';

describe('cockpitScope (P11: each level sees its own units)', () => {
  it('ranks the districts of the city on the city map', () => {
    expect(cockpitScope('3703', '淄博市')).toEqual({
      whole: '全市',
      unit: '区县',
      mapDistrict: null,
      showMap: true,
    });
  });

  it('ranks the streets of a district, and maps the district alone', () => {
    expect(cockpitScope('370303', '张店区')).toEqual({
      whole: '张店区',
      unit: '镇街',
      mapDistrict: '370303',
      showMap: true,
    });
  });

  it('ranks the communities of a street, without a map', () => {
    expect(cockpitScope('370303001', '车站街道')).toEqual({
      whole: '车站街道',
      unit: '社区',
      mapDistrict: null,
      showMap: false,
    });
  });
});
