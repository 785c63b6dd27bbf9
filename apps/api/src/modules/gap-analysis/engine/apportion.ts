/**
 * The one household-apportioning routine (P2): a facility linked to several areas is shared
 * among them by households, the only demand every area has. Areas of the link whose households
 * are unknown (not loaded) are left out; a repeated link counts once; when the known areas have
 * no households at all, they share equally. Calls `each(areaId, share)` once per known area, in
 * link order.
 */
export function apportion(
  areaIds: readonly number[],
  householdsOf: (areaId: number) => number | undefined,
  each: (areaId: number, share: number) => void,
): void {
  // No arrays: the load links every facility (10⁵ areas link over a million times), and
  // repeated ids are rare enough that finding them by scanning the ids before is cheapest.
  if (areaIds.length === 1) {
    const id = areaIds[0] as number;
    if (householdsOf(id) !== undefined) each(id, 1);
    return;
  }
  let total = 0;
  let count = 0;
  for (let i = 0; i < areaIds.length; i++) {
    const id = areaIds[i] as number;
    if (repeated(areaIds, i)) continue;
    const h = householdsOf(id);
    if (h === undefined) continue;
    total += h;
    count++;
  }
  if (count === 0) return;
  for (let i = 0; i < areaIds.length; i++) {
    const id = areaIds[i] as number;
    if (repeated(areaIds, i)) continue;
    const h = householdsOf(id);
    if (h === undefined) continue;
    each(id, total === 0 ? 1 / count : h / total);
  }
}

/** Whether the id at `i` appeared earlier in the list. */
function repeated(ids: readonly number[], i: number): boolean {
  const id = ids[i];
  for (let j = 0; j < i; j++) if (ids[j] === id) return true;
  return false;
}

/** The share of a facility linked to `areaIds` that falls to `areaId` (0 when not linked). */
export function shareOf(
  areaId: number,
  areaIds: readonly number[],
  householdsOf: (areaId: number) => number | undefined,
): number {
  let share = 0;
  apportion(areaIds, householdsOf, (id, s) => {
    if (id === areaId) share = s;
  });
  return share;
}
