import { and, gte, isNotNull, lt, sql } from 'drizzle-orm';
import { CATEGORIES, type CategoryCode } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { currentCity } from '../../platform/city.ts';
import { departments, regions } from '../org/index.ts';
import { feedback } from './feedback.tables.ts';
import { inArray } from 'drizzle-orm';

export type SatisfactionCell = {
  code: string;
  name: string;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** 满意率 = (满意 + 基本满意) / rated; null when nothing was rated. */
  rate: number | null;
};

function cell(code: string, name: string): SatisfactionCell {
  return { code, name, rated: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, rate: null };
}

function add(c: SatisfactionCell, rating: string, n: number): void {
  c.rated += n;
  if (rating === 'satisfied') c.satisfied += n;
  else if (rating === 'basically_satisfied') c.basicallySatisfied += n;
  else c.dissatisfied += n;
}

function finish(cells: Map<string, SatisfactionCell>): SatisfactionCell[] {
  return [...cells.values()]
    .map((c) => ({
      ...c,
      rate: c.rated
        ? Math.round(((c.satisfied + c.basicallySatisfied) / c.rated) * 10_000) / 10_000
        : null,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * P13 满意率 by community, street, district and (city) lead department, from residents' 回访
 * ratings, for the supervision overview and the bulletins. `from`/`to` bound the rating time.
 */
export async function computeSatisfaction(input: {
  db: Db;
  regionPrefix?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cityCode?: string;
}) {
  const { db } = input;
  const city = input.cityCode ?? currentCity().code;
  const rows = await db
    .select({
      regionCode: feedback.regionCode,
      category: feedback.category,
      rating: feedback.rating,
      n: sql<number>`count(*)::int`,
    })
    .from(feedback)
    .where(
      and(
        isNotNull(feedback.rating),
        input.regionPrefix
          ? sql`${feedback.regionCode} like ${`${input.regionPrefix}%`}`
          : undefined,
        input.from ? gte(feedback.ratedAt, input.from) : undefined,
        input.to ? lt(feedback.ratedAt, input.to) : undefined,
      ),
    )
    .groupBy(feedback.regionCode, feedback.category, feedback.rating);
  const codes = new Set<string>();
  for (const r of rows) {
    codes.add(r.regionCode);
    codes.add(r.regionCode.slice(0, 9));
    codes.add(r.regionCode.slice(0, 6));
  }
  const names = codes.size
    ? new Map(
        (
          await db
            .select({ code: regions.code, name: regions.name })
            .from(regions)
            .where(inArray(regions.code, [...codes]))
        ).map((r) => [r.code, r.name]),
      )
    : new Map<string, string>();
  const deptCodes = CATEGORIES.map((c) => `${city}-${c.leadDepartmentKind}`);
  const deptNames = new Map(
    (
      await db
        .select({ code: departments.code, name: departments.name })
        .from(departments)
        .where(inArray(departments.code, deptCodes))
    ).map((d) => [d.code, d.name]),
  );
  const overall = cell(input.regionPrefix ?? city, '合计');
  const by = {
    community: new Map<string, SatisfactionCell>(),
    street: new Map<string, SatisfactionCell>(),
    district: new Map<string, SatisfactionCell>(),
    department: new Map<string, SatisfactionCell>(),
  };
  const into = (m: Map<string, SatisfactionCell>, code: string, name: string) => {
    let c = m.get(code);
    if (!c) m.set(code, (c = cell(code, name)));
    return c;
  };
  for (const r of rows) {
    const rating = r.rating!;
    add(overall, rating, r.n);
    add(into(by.community, r.regionCode, names.get(r.regionCode) ?? r.regionCode), rating, r.n);
    const street = r.regionCode.slice(0, 9);
    add(into(by.street, street, names.get(street) ?? street), rating, r.n);
    const district = r.regionCode.slice(0, 6);
    add(into(by.district, district, names.get(district) ?? district), rating, r.n);
    const kind = CATEGORIES.find(
      (c) => c.code === (r.category as CategoryCode),
    )?.leadDepartmentKind;
    if (kind) {
      const code = `${city}-${kind}`;
      add(into(by.department, code, deptNames.get(code) ?? code), rating, r.n);
    }
  }
  return {
    overall: finish(new Map([['all', overall]]))[0]!,
    byCommunity: finish(by.community),
    byStreet: finish(by.street),
    byDistrict: finish(by.district),
    byDepartment: finish(by.department),
  };
}
