import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SUPERVISION_SETTINGS as S,
  changeSince,
  compositeScore,
  lightOf,
  rankLeague,
  rankScores,
  rate,
  round,
} from './league.ts';

describe('P11 league-table arithmetic', () => {
  it('rates: closure rate is 0 with no problems, timeliness null with nothing due', () => {
    expect(rate(3, 4, 0)).toBe(0.75);
    expect(rate(0, 0, 0)).toBe(0);
    expect(rate(0, 0)).toBeNull();
  });

  it('rounds half away from zero without binary noise', () => {
    expect(round(0.15 * 100, 1)).toBe(15);
    expect(round(12.25, 1)).toBe(12.3);
    expect(round(-12.25, 1)).toBe(-12.3);
    expect(round(66.66666, 1)).toBe(66.7);
  });

  it('score: weighted mean of the indicators present, renormalised', () => {
    const w = { ...S.weights };
    // All six: 40·0.5 + 20·1 + 15·0.8 + 10·1 + 10·0.6 + 5·0 = 20+20+12+10+6+0 = 68 of 100.
    expect(
      compositeScore(
        {
          closureRate: 0.5,
          overdueFree: 1,
          plansOnTime: 0.8,
          surveyTimeliness: 1,
          satisfaction: 0.6,
          ordersOnTime: 0,
        },
        w,
      ),
    ).toBe(68);
    // Satisfaction and orders absent: (40·0.5 + 20·0.75 + 15·1 + 10·0) / 85 = 50/85 = 58.82…
    expect(
      compositeScore(
        { closureRate: 0.5, overdueFree: 0.75, plansOnTime: 1, surveyTimeliness: 0 },
        w,
      ),
    ).toBe(58.8);
    // Only closure rate: the score is the closure rate in percent.
    expect(compositeScore({ closureRate: 0.25 }, w)).toBe(25);
    expect(compositeScore({}, w)).toBe(0);
    // A zero weight drops the indicator.
    expect(compositeScore({ closureRate: 1, overdueFree: 0 }, { ...w, overdueFree: 0 })).toBe(100);
  });

  it('rank 1 = best; ties share a rank and the next skips (1224)', () => {
    expect(rankScores([50, 90, 70, 90])).toEqual([4, 1, 3, 1]);
    expect(rankScores([10, 10, 10])).toEqual([1, 1, 1]);
    expect(rankScores([])).toEqual([]);
  });

  it('lights by score thresholds (inclusive)', () => {
    expect(lightOf(80, S.lights)).toBe('green');
    expect(lightOf(79.9, S.lights)).toBe('yellow');
    expect(lightOf(60, S.lights)).toBe('yellow');
    expect(lightOf(59.9, S.lights)).toBe('red');
    expect(lightOf(50, { green: 50, yellow: 40 })).toBe('green');
  });

  it('change: closure-rate points and places gained since the previous snapshot', () => {
    expect(
      changeSince({ closureRate: 0.55, rank: 2 }, { key: 'a', closureRate: 0.4, rank: 5 }),
    ).toEqual({
      closureRatePoints: 15,
      places: 3,
    });
    expect(
      changeSince({ closureRate: 0.1, rank: 4 }, { key: 'a', closureRate: 0.125, rank: 1 }),
    ).toEqual({
      closureRatePoints: -2.5,
      places: -3,
    });
    expect(changeSince({ closureRate: 0.1, rank: 4 }, undefined)).toBeNull();
  });

  it('ranks a peer group: score, rank, light and change per row', () => {
    const rows = [
      { code: 'A', closureRate: 0.9, indicators: { closureRate: 0.9, overdueFree: 1 } },
      { code: 'B', closureRate: 0.3, indicators: { closureRate: 0.3, overdueFree: 0.5 } },
      { code: 'C', closureRate: 0.6, indicators: { closureRate: 0.6, overdueFree: 0.9 } },
    ];
    const out = rankLeague(rows, S, (r) => r.code, [
      { key: 'A', closureRate: 0.8, rank: 2 },
      { key: 'B', closureRate: 0.3, rank: 1 },
    ]);
    // A: (40·0.9 + 20·1)/60 = 56/60 = 93.3; B: (12 + 10)/60 = 36.7; C: (24 + 18)/60 = 70.
    expect(out.map((r) => [r.code, r.score, r.rank, r.light])).toEqual([
      ['A', 93.3, 1, 'green'],
      ['B', 36.7, 3, 'red'],
      ['C', 70, 2, 'yellow'],
    ]);
    expect(out[0]!.change).toEqual({ closureRatePoints: 10, places: 1 });
    expect(out[1]!.change).toEqual({ closureRatePoints: 0, places: -2 });
    expect(out[2]!.change).toBeNull();
    expect('indicators' in out[0]!).toBe(false);
    expect(out.every((r) => r.rated)).toBe(true);
  });

  it('puts a row with nothing to assess after the rated rows, with no red light', () => {
    const rows = [
      { code: 'idle', closureRate: 0, indicators: { closureRate: null, plansOnTime: null } },
      { code: 'slow', closureRate: 0, indicators: { closureRate: 0, overdueFree: 0 } },
      { code: 'done', closureRate: 1, indicators: { closureRate: 1, overdueFree: 1 } },
      { code: 'quiet', closureRate: 0, indicators: {} },
    ];
    const out = rankLeague(rows, S, (r) => r.code);
    expect(out.map((r) => [r.code, r.score, r.rank, r.light, r.rated])).toEqual([
      ['idle', 0, 3, 'green', false],
      // Rated with score 0 is behind: red, and ranked among the rated.
      ['slow', 0, 2, 'red', true],
      ['done', 100, 1, 'green', true],
      ['quiet', 0, 3, 'green', false],
    ]);
  });
});
