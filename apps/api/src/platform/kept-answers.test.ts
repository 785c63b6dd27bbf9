import { describe, expect, it } from 'vitest';
import { KeptAnswers, serializedOnce } from './kept-answers.ts';

describe('KeptAnswers (issue 12: answers kept until their revision moves)', () => {
  it('answers from the kept one at the same revision and reads again when the revision moves', async () => {
    const kept = new KeptAnswers<{ n: number }>(10, { shared: false });
    let reads = 0;
    const read = async () => ({ n: ++reads });
    expect(await kept.get('k', 1, read)).toEqual({ n: 1 });
    expect(await kept.get('k', 1, read)).toEqual({ n: 1 });
    expect(await kept.get('k', 2, read)).toEqual({ n: 2 });
    // A request that read an older revision is content with the newer answer, which holds more.
    expect(await kept.get('k', 1, read)).toEqual({ n: 2 });
    expect(reads).toBe(2);
  });

  it('concurrent requests share one read; a failed read is not kept', async () => {
    const kept = new KeptAnswers<number>(10, { shared: false });
    let reads = 0;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => kept.get('k', 1, async () => ++reads)),
    );
    expect(new Set(answers)).toEqual(new Set([1]));
    const failing = kept.get('x', 1, async () => {
      throw new Error('timeout');
    });
    await expect(failing).rejects.toThrow('timeout');
    expect(await kept.get('x', 1, async () => 7)).toBe(7);
  });

  it('keeps at most `limit` answers, dropping the least recently used', async () => {
    const kept = new KeptAnswers<string>(2, { shared: false });
    await kept.get('a', 1, async () => 'a1');
    await kept.get('b', 1, async () => 'b1');
    await kept.get('a', 1, async () => 'a2'); // a is used again: b is now the oldest
    await kept.get('c', 1, async () => 'c1');
    expect(kept.size).toBe(2);
    expect(await kept.get('a', 1, async () => 'a3')).toBe('a1');
    expect(await kept.get('b', 1, async () => 'b2')).toBe('b2');
  });

  it('shared answers are frozen and serialized once, other payloads every time', async () => {
    const kept = new KeptAnswers<{ items: { name: string }[] }>(10, { shared: true });
    const answer = await kept.get('k', 1, async () => ({ items: [{ name: '华光小区' }] }));
    expect(Object.isFrozen(answer.items[0])).toBe(true);
    expect(() => {
      (answer.items[0] as { name: string }).name = '改名';
    }).toThrow(TypeError);
    let serialized = 0;
    const serialize = serializedOnce((data) => {
      serialized++;
      return JSON.stringify(data);
    });
    expect(serialize(answer)).toBe('{"items":[{"name":"华光小区"}]}');
    expect(serialize(answer)).toBe('{"items":[{"name":"华光小区"}]}');
    expect(serialized).toBe(1);
    const fresh = { items: [{ name: '东方小区' }] };
    serialize(fresh);
    fresh.items[0]!.name = '和平小区';
    expect(serialize(fresh)).toBe('{"items":[{"name":"和平小区"}]}');
    expect(serialized).toBe(3);
  });
});
