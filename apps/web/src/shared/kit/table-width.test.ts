import { describe, expect, it } from 'vitest';
import { MIN_FREE_COLUMN, tableScrollWidth } from './table-width.ts';

describe('tableScrollWidth', () => {
  it('keeps the given width when the columns fit in it', () => {
    expect(tableScrollWidth([{ width: 100 }, { width: 200 }, {}], 1000)).toBe(1000);
  });

  it('gives a column without a width room when the others fill the scroll width', () => {
    // 角色授权 as it was: 1,180 px of widths, scroll.x 1,150, 数据范围 without a width.
    const columns = [140, 180, 150, undefined, 190, 200, 140, 180].map((width) => ({ width }));
    expect(tableScrollWidth(columns, 1150)).toBe(1180 + MIN_FREE_COLUMN);
  });

  it('counts the leaf columns of a group', () => {
    const columns = [{ width: 600 }, { children: [{ width: 300 }, {}] }];
    expect(tableScrollWidth(columns, 800)).toBe(900 + MIN_FREE_COLUMN);
  });

  it('leaves a table without a numeric scroll width alone', () => {
    expect(tableScrollWidth([{ width: 2000 }], undefined)).toBeUndefined();
    expect(tableScrollWidth([{ width: 2000 }], 'max-content')).toBe('max-content');
  });
});
