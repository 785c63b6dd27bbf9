import { describe, expect, it } from 'vitest';
import { findRosterError } from './roster-check.ts';

const member = { position: '成员', title: '局长', unit: '淄博市教育局', name: null };

describe('findRosterError', () => {
  it('accepts a complete roster, names left blank', () => {
    expect(findRosterError([{ ...member, position: '组长', title: '市长' }, member])).toBeNull();
  });

  it('names the first row with a missing field', () => {
    expect(findRosterError([member, { ...member, unit: '  ' }])).toBe('第 2 行：请填写所在单位');
    expect(findRosterError([{ ...member, position: '' }])).toBe(
      '第 1 行：请填写职务（组长、副组长、成员等）',
    );
  });

  it('refuses text longer than the API stores', () => {
    expect(findRosterError([{ ...member, name: '张'.repeat(51) }])).toBe(
      '第 1 行：内容过长（不超过 50 个字）',
    );
  });

  it('refuses more than 60 members', () => {
    expect(findRosterError(Array.from({ length: 61 }, () => member))).toBe('名单不能超过 60 人');
  });
});
