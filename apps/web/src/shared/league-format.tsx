import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { LIGHT_NAMES, UNRATED_NAME, type Light } from '@zibo/shared';

/*
 * League rows (P11) as 督导排名, the cockpit and the bulletin page show them. A row with nothing to
 * assess (`rated: false`) has no light, place, rate or score; a bulletin frozen before `rated`
 * existed has none and reads as rated.
 */

const LIGHT_COLORS: Record<Light, string> = { green: 'success', yellow: 'warning', red: 'error' };

/** A row's light, or 无考核事项 when it has nothing to assess (it is not behind). */
export function LightTag({ light, rated }: { light: Light; rated?: boolean | undefined }) {
  if (rated === false) return <Tag>{UNRATED_NAME}</Tag>;
  return <Tag color={LIGHT_COLORS[light]}>{LIGHT_NAMES[light]}</Tag>;
}

/** A column renderer: the figure of a rated row, — for a row with nothing to assess. */
export function ratedOnly<T>(show: (v: T) => ReactNode) {
  return (v: T, r: { rated?: boolean | undefined }) => (r.rated === false ? '—' : show(v));
}

/** A rate (0..1) as a percentage to one decimal, — when there is none: 35.2%. */
export function formatRate(v: number | null): string {
  return v === null ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
}

/** A composite score (0..100) to one decimal, as every league table shows it. */
export function formatScore(v: number): string {
  return v.toFixed(1);
}
