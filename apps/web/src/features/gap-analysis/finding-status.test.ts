import { describe, expect, it } from 'vitest';
import { excludedNote, worstStatus } from './finding-status.ts';

describe('P2 what a finding says beside its figures', () => {
  it('names the facilities it did not count, and says nothing when it counted them all', () => {
    expect(excludedNote({ excludedCount: 1 })).toBe('另有 1 处未计入（未建成或未按用途使用）');
    expect(excludedNote({ excludedCount: 0 })).toBeNull();
  });

  it('takes the worst status of an area', () => {
    expect(worstStatus([{ status: 'met' }, { status: 'missing' }, { status: 'short' }])).toBe(
      'missing',
    );
    expect(worstStatus([])).toBe('met');
  });
});
