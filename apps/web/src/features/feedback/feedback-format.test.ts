import { describe, expect, it } from 'vitest';
import { staffLine } from './feedback-format.ts';

const event = (action: string, publicText: string | null, comment: string | null = null) => ({
  at: '2026-12-07T08:00:00.000Z',
  action,
  publicText,
  comment,
  actorName: null,
});

describe('P13 a resident’s feedback timeline as staff read it', () => {
  it('names the resident where the stored words address the resident', () => {
    expect(staffLine(event('submit', '已收到您的反映，等待处理')).text).toBe('居民提交反映');
    expect(staffLine(event('follow', '已关注整改问题：城里小区幼儿园缺失')).text).toBe(
      '居民关注整改问题：城里小区幼儿园缺失',
    );
    expect(staffLine(event('follow_up', '您补充：晚上也没有路灯', '晚上也没有路灯')).text).toBe(
      '居民补充：晚上也没有路灯',
    );
    const rated = staffLine(
      event('rate', '您的评价：不满意（只开半天），已转主管部门复核', '只开半天'),
    );
    expect(rated).toEqual({ text: '居民评价：不满意（只开半天），已转主管部门复核', note: null });
  });

  it('shows staff steps as the resident was told them, with the internal opinion beside', () => {
    expect(
      staffLine(event('problem', '已转为整改问题：城里小区幼儿园缺失', '属实，列入整改')),
    ).toEqual({ text: '已转为整改问题：城里小区幼儿园缺失', note: '属实，列入整改' });
    expect(staffLine(event('answer', '答复：已纳入计划', '答复：已纳入计划'))).toEqual({
      text: '答复：已纳入计划',
      note: null,
    });
  });
});
