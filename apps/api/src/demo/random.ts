/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) so that demo and
 * benchmark data are identical on every run and machine. Math.random is never used: a demo
 * that changes between runs cannot be compared, reviewed or benchmarked.
 */
export type Random = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a value with probability proportional to its weight. */
  pickWeighted<T>(choices: readonly (readonly [T, number])[]): T;
  /** An approximately normal value (Box–Muller). */
  normal(mean: number, sd: number): number;
  /** A value whose logarithm is uniform in [log min, log max]: many small, few large. */
  logUniform(min: number, max: number): number;
};

/** Hashes a string key into a 32-bit seed (FNV-1a), to derive independent streams. */
export function hashSeed(seed: number, key = ''): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  h = Math.imul(h ^ (seed >>> 16), 0x01000193) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Creates a generator from a seed and an optional key. Streams with different keys are
 * independent, so adding draws to one part of the generator does not shift another part.
 */
export function createRandom(seed: number, key = ''): Random {
  let s = hashSeed(seed, key);
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = 1;
  const nextUint32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  // sfc32 needs a few rounds before its output is well mixed.
  for (let i = 0; i < 12; i++) nextUint32();

  const next = () => nextUint32() / 4294967296;
  let spareNormal: number | null = null;

  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    float: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    pickWeighted<T>(choices: readonly (readonly [T, number])[]): T {
      const last = choices[choices.length - 1];
      if (!last) throw new Error('pickWeighted from an empty list');
      let total = 0;
      for (let i = 0; i < choices.length; i++) total += (choices[i] as readonly [T, number])[1];
      let r = next() * total;
      for (let i = 0; i < choices.length; i++) {
        const choice = choices[i] as readonly [T, number];
        r -= choice[1];
        if (r < 0) return choice[0];
      }
      return last[0];
    },
    normal(mean, sd) {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return mean + sd * z;
      }
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return mean + sd * r * Math.cos(2 * Math.PI * v);
    },
    logUniform: (min, max) => Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min))),
  };
}
