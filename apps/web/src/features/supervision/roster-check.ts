import type { Member } from './supervision.api.ts';

/** The API's limits on a roster row (characters) and on the roster (rows). */
export const ROSTER_LIMITS = { position: 20, title: 100, unit: 100, name: 50 } as const;
export const ROSTER_MAX_ROWS = 60;

/** The first problem of an edited roster, in the words a clerk would use, or null. */
export function findRosterError(rows: readonly Member[]): string | null {
  if (rows.length > ROSTER_MAX_ROWS) return `名单不能超过 ${ROSTER_MAX_ROWS} 人`;
  for (const [i, r] of rows.entries()) {
    const n = i + 1;
    if (!r.position.trim()) return `第 ${n} 行：请填写职务（组长、副组长、成员等）`;
    if (!r.title.trim()) return `第 ${n} 行：请填写职务名称`;
    if (!r.unit.trim()) return `第 ${n} 行：请填写所在单位`;
    for (const k of ['position', 'title', 'unit', 'name'] as const) {
      if ((r[k] ?? '').length > ROSTER_LIMITS[k])
        return `第 ${n} 行：内容过长（不超过 ${ROSTER_LIMITS[k]} 个字）`;
    }
  }
  return null;
}
