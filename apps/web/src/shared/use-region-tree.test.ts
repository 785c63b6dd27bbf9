import { describe, expect, it } from 'vitest';
import { toggleExpanded } from './use-region-tree.ts';

describe('toggleExpanded (issue 13: a click on a loading tree node is kept)', () => {
  it('opens a closed node', () => {
    expect(toggleExpanded(['3703'], '370303', { loading: false })).toEqual(['3703', '370303']);
  });
  it('does not close a node whose level is still loading: the first click asked for it open', () => {
    expect(toggleExpanded(['3703', '370303'], '370303', { loading: true })).toEqual([
      '3703',
      '370303',
    ]);
  });
  it('closes an open, loaded node', () => {
    expect(toggleExpanded(['3703', '370303'], '370303', { loading: false })).toEqual(['3703']);
  });
});
