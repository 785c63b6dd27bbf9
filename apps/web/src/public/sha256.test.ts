import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, sha256Words, solveChallenge } from './sha256.ts';

const hex = (w: Uint32Array) => [...w].map((x) => x.toString(16).padStart(8, '0')).join('');

describe('P13 public proof of work: the browser SHA-256', () => {
  it('matches Node for short and block-crossing inputs', () => {
    for (const s of ['', 'abc', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), '挑战:123']) {
      const expected = createHash('sha256').update(s).digest('hex');
      expect(hex(sha256Words(new TextEncoder().encode(s)))).toBe(expected);
    }
  });
  it('solves a challenge that the server-side check accepts', async () => {
    const nonce = await solveChallenge('abc.1.10.sig', 10);
    const digest = createHash('sha256').update(`abc.1.10.sig:${nonce}`).digest();
    expect(digest.readUInt32BE(0) >>> 22).toBe(0);
    expect(leadingZeroBits(new Uint32Array([0, 1]))).toBe(63);
  });
});
