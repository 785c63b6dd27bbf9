import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';

function draw(seed: number, key: string, n: number): number[] {
  const rng = createRandom(seed, key);
  return Array.from({ length: n }, () => rng.next());
}

describe('createRandom', () => {
  it('repeats its sequence for the same seed and key', () => {
    expect(draw(42, 'a', 100)).toEqual(draw(42, 'a', 100));
  });

  it('gives independent sequences for other seeds and keys', () => {
    expect(draw(42, 'a', 10)).not.toEqual(draw(43, 'a', 10));
    expect(draw(42, 'a', 10)).not.toEqual(draw(42, 'b', 10));
  });

  it('draws floats in [0, 1) with a uniform mean', () => {
    const xs = draw(1, '', 20_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });

  it('draws integers within both bounds, hitting each', () => {
    const rng = createRandom(2);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('picks by weight', () => {
    const rng = createRandom(3);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) {
      if (
        rng.pickWeighted([
          ['light', 1],
          ['heavy', 3],
        ]) === 'heavy'
      )
        heavy++;
    }
    expect(heavy / 10_000).toBeGreaterThan(0.72);
    expect(heavy / 10_000).toBeLessThan(0.78);
  });

  it('draws normal values with the requested mean and spread', () => {
    const rng = createRandom(4);
    const xs = Array.from({ length: 20_000 }, () => rng.normal(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeGreaterThan(9.95);
    expect(mean).toBeLessThan(10.05);
    expect(sd).toBeGreaterThan(1.95);
    expect(sd).toBeLessThan(2.05);
  });

  it('keeps log-uniform values within range, more of them small', () => {
    const rng = createRandom(5);
    const xs = Array.from({ length: 5000 }, () => rng.logUniform(300, 3000));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(300);
    expect(Math.max(...xs)).toBeLessThan(3000);
    expect(xs.filter((x) => x < 1650).length).toBeGreaterThan(xs.length / 2);
  });
});
