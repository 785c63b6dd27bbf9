import { describe, expect, it } from 'vitest';
import { formatCount } from './format.ts';

describe('formatCount', () => {
  it('groups a count by thousands, as the statistic cards do, and leaves small ones alone', () => {
    expect(formatCount(51541)).toBe('51,541');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(0)).toBe('0');
  });
});
