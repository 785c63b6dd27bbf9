import type { LateEntry, SupervisionSettings } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { lateRows } from './read-model.ts';

/** Extra late entries from modules supervision does not depend on (e.g. resident feedback). */
type LateSource = (input: {
  db: Db;
  actor: Actor;
  regionCode: string;
  categories: readonly string[];
  asOf: string;
}) => Promise<LateEntry[]>;
const lateSources: LateSource[] = [];
export function registerLateSource(source: LateSource): void {
  lateSources.push(source);
}

/**
 * 谁落后了 (P11): every unit behind a deadline the platform knows, within the viewer's region and
 * categories, most late first. One UNION ALL query; `limit` bounds the list, `total` counts all.
 */
export async function findLate(input: {
  db: Db;
  actor: Actor;
  regionCode: string;
  categories: readonly string[];
  asOf: string;
  settings: SupervisionSettings;
  limit: number;
}): Promise<{ items: LateEntry[]; total: number }> {
  const { rows, total: counted } = await lateRows(input.db, {
    regionCode: input.regionCode,
    categories: input.categories,
    asOf: input.asOf,
    decisionDays: input.settings.decisionDays,
    planWriteDays: input.settings.planWriteDays,
    limit: input.limit,
  });
  let total = counted;
  const items: LateEntry[] = rows;
  for (const source of lateSources) {
    const extra = await source({ ...input });
    items.push(...extra.filter((e) => e.daysLate > 0));
    total += extra.length;
  }
  items.sort((a, b) => b.daysLate - a.daysLate || a.link.localeCompare(b.link));
  return { items: items.slice(0, input.limit), total };
}
