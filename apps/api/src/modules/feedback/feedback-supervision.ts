import { and, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { CATEGORY_NAMES, type CategoryCode, type LateEntry } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { daysBetween } from '../../platform/time.ts';
import { regions } from '../org/index.ts';
import type { SatisfactionByRow } from '../supervision/index.ts';
import { feedback } from './feedback.tables.ts';
import { findLateFeedback } from './feedback.service.ts';

/**
 * P13 → P11: 满意率 of each league-table row, from residents' 回访 ratings up to `asOf`. A row key is
 * a region code (its communities' ratings) or `regionCode:category` (a lead department's row).
 * Zones are not region prefixes and get null, as does a row nobody has rated.
 */
export async function satisfactionForRows(
  db: Db,
  input: { regionCode: string; rowKeys: string[]; asOf: string },
): Promise<SatisfactionByRow> {
  const rows = await db
    .select({
      regionCode: feedback.regionCode,
      category: feedback.category,
      good: sql<number>`count(*) filter (where ${feedback.rating} in ('satisfied', 'basically_satisfied'))::int`,
      rated: sql<number>`count(*)::int`,
    })
    .from(feedback)
    .where(
      and(
        isNotNull(feedback.rating),
        sql`${feedback.regionCode} like ${`${input.regionCode}%`}`,
        lte(sql`(${feedback.ratedAt} at time zone 'Asia/Shanghai')::date`, input.asOf),
      ),
    )
    .groupBy(feedback.regionCode, feedback.category);
  const out = new Map<string, number | null>();
  for (const key of input.rowKeys) {
    const [region = '', category] = key.split(':');
    let good = 0;
    let rated = 0;
    for (const r of rows) {
      if (!r.regionCode.startsWith(region)) continue;
      if (category && r.category !== category) continue;
      good += r.good;
      rated += r.rated;
    }
    out.set(key, rated ? good / rated : null);
  }
  return out;
}

/** P13 → P11: feedback not triaged by its due date, as entries of the supervision late list. */
export async function lateFeedbackEntries(input: {
  db: Db;
  regionCode: string;
  categories: readonly string[];
  asOf: string;
}): Promise<LateEntry[]> {
  const late = (
    await findLateFeedback({ db: input.db, regionPrefix: input.regionCode, today: input.asOf })
  ).filter((f) => input.categories.includes(f.category));
  if (!late.length) return [];
  const streets = [...new Set(late.map((f) => f.regionCode.slice(0, 9)))];
  const names = new Map(
    (
      await input.db
        .select({ code: regions.code, name: regions.name })
        .from(regions)
        .where(inArray(regions.code, streets))
    ).map((r) => [r.code, r.name]),
  );
  return late.map((f) => {
    const street = f.regionCode.slice(0, 9);
    return {
      kind: 'resident_feedback' as const,
      unit: names.get(street) ?? street,
      unitCode: street,
      what: `居民反映 ${f.trackingCode}（${CATEGORY_NAMES[f.category as CategoryCode] ?? f.category}）未按期答复`,
      dueDate: f.dueDate,
      daysLate: daysBetween(f.dueDate, input.asOf),
      link: `/feedback/${f.id}`,
    };
  });
}
