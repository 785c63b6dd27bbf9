import type { LeagueIndicator, Light, SupervisionSettings } from '@zibo/shared';

/**
 * League-table arithmetic (P11), pure: composite score, rank among peers, light, and the change
 * since a previous snapshot. The service feeds it figures computed in SQL.
 */

export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  weights: {
    closureRate: 40,
    overdueFree: 20,
    plansOnTime: 15,
    surveyTimeliness: 10,
    satisfaction: 10,
    ordersOnTime: 5,
  },
  lights: { green: 80, yellow: 60 },
  planWriteDays: 30,
  decisionDays: 10,
  orderRules: {
    enabled: true,
    blueDaysBefore: 7,
    yellowBehindPoints: 30,
    redDaysOverdue: 1,
    signDays: 2,
    replyDays: 7,
  },
};

/** Each indicator as a fraction 0..1 where 1 is best; null = nothing due (left out of the score). */
export type Indicators = Partial<Record<LeagueIndicator, number | null>>;

/** A rate num/den; `empty` when den = 0 (0 for closure rate per API.md, null for timeliness). */
export function rate(num: number, den: number, empty: number | null = null): number | null {
  return den > 0 ? num / den : empty;
}

/** Rounds to `digits` decimals (half away from zero), free of binary noise. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * f + 1e-9)) / f;
}

/**
 * Composite score 0..100 with one decimal: the weighted mean of the indicators a row has,
 * weights renormalised over those present (a row with nothing due for an indicator is neither
 * rewarded nor punished for it). No indicator at all → 0.
 */
export function compositeScore(
  indicators: Indicators,
  weights: SupervisionSettings['weights'],
): number {
  let sum = 0;
  let total = 0;
  for (const [key, w] of Object.entries(weights) as [LeagueIndicator, number][]) {
    const v = indicators[key];
    if (v === null || v === undefined || w <= 0) continue;
    sum += w * Math.min(1, Math.max(0, v));
    total += w;
  }
  return total > 0 ? round((100 * sum) / total, 1) : 0;
}

/** Whether a row has anything to be assessed on: at least one indicator that is due. */
export function isRated(indicators: Indicators): boolean {
  return Object.values(indicators).some((v) => v !== null && v !== undefined);
}

/**
 * Standard competition ranking ("1224"): rank 1 = highest score; equal scores share a rank and
 * the next rank skips. Returns ranks aligned with `scores`.
 */
export function rankScores(scores: number[]): number[] {
  return scores.map((s) => 1 + scores.filter((o) => o > s).length);
}

/** score ≥ green → green, ≥ yellow → yellow, below → red. */
export function lightOf(score: number, lights: SupervisionSettings['lights']): Light {
  if (score >= lights.green) return 'green';
  if (score >= lights.yellow) return 'yellow';
  return 'red';
}

export interface PreviousRow {
  key: string;
  closureRate: number;
  rank: number;
}

/** Change since a previous snapshot: closure rate in percentage points, places gained. */
export function changeSince(
  current: { closureRate: number; rank: number },
  previous: PreviousRow | undefined,
): { closureRatePoints: number; places: number } | null {
  if (!previous) return null;
  return {
    closureRatePoints: round((current.closureRate - previous.closureRate) * 100, 1),
    places: previous.rank - current.rank,
  };
}

/**
 * Scores, ranks, lights and changes for one peer group. `keyOf` names a row in the previous
 * snapshot (region code, or region + category, or department code).
 *
 * A row with nothing to assess (no problem, no plan, survey, order or rating due: a community
 * without problems) is not rated: it is not behind, so it gets no red light and no place among
 * the rated rows. It ranks after all of them, with score 0 and light green, and `rated: false`
 * so that screens and bulletins show 无考核事项 instead.
 */
export function rankLeague<T extends { closureRate: number }>(
  rows: (T & { indicators: Indicators })[],
  settings: SupervisionSettings,
  keyOf: (row: T) => string,
  previous: PreviousRow[] = [],
): (T & {
  score: number;
  rank: number;
  light: Light;
  rated: boolean;
  change: { closureRatePoints: number; places: number } | null;
})[] {
  const rated = rows.map((r) => isRated(r.indicators));
  const scores = rows.map((r) => compositeScore(r.indicators, settings.weights));
  // Rated rows rank among themselves; the others share the place after the last of them.
  const ratedRanks = rankScores(scores.filter((_, i) => rated[i]));
  let next = 0;
  const ranks = rated.map((r) => (r ? ratedRanks[next++]! : ratedRanks.length + 1));
  const prev = new Map(previous.map((p) => [p.key, p]));
  return rows.map((r, i) => {
    const { indicators: _indicators, ...rest } = r;
    const rank = ranks[i]!;
    return {
      ...(rest as unknown as T),
      score: scores[i]!,
      rank,
      light: rated[i] ? lightOf(scores[i]!, settings.lights) : 'green',
      rated: rated[i]!,
      change: changeSince({ closureRate: r.closureRate, rank }, prev.get(keyOf(r))),
    };
  });
}
