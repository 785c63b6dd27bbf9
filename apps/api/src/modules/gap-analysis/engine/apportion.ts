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
  const known: number[] = [];
  const households: number[] = [];
  let total = 0;
  for (const id of areaIds) {
    if (known.includes(id)) continue;
    const h = householdsOf(id);
    if (h === undefined) continue;
    known.push(id);
    households.push(h);
    total += h;
  }
  for (let i = 0; i < known.length; i++) {
    each(known[i] as number, total === 0 ? 1 / known.length : (households[i] as number) / total);
  }
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
