import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.ts';

describe('working days for opinion deadlines', () => {
  it('skips Saturdays and Sundays', () => {
    expect(isWorkingDay('2024-05-10')).toBe(true); // Friday
    expect(isWorkingDay('2024-05-11')).toBe(false);
    expect(isWorkingDay('2024-05-12')).toBe(false);
    // Monday + 5 working days is the next Monday; Friday + 1 is Monday.
    expect(addWorkingDays('2024-05-06', 5)).toBe('2024-05-13');
    expect(addWorkingDays('2024-05-10', 1)).toBe('2024-05-13');
    expect(addWorkingDays('2024-05-11', 1)).toBe('2024-05-13');
    expect(addWorkingDays('2024-05-10', 0)).toBe('2024-05-10');
  });

  it('counts working days between two dates, negative when overdue', () => {
    expect(workingDaysBetween('2024-05-10', '2024-05-13')).toBe(1);
    expect(workingDaysBetween('2024-05-06', '2024-05-13')).toBe(5);
    expect(workingDaysBetween('2024-05-13', '2024-05-10')).toBe(-1);
    expect(workingDaysBetween('2024-05-13', '2024-05-13')).toBe(0);
    expect(workingDaysBetween('2024-05-11', '2024-05-12')).toBe(0);
  });

  it('crosses month and year ends', () => {
    expect(addWorkingDays('2024-12-30', 5)).toBe('2025-01-06');
    expect(workingDaysBetween('2024-12-30', '2025-01-06')).toBe(5);
  });
});
