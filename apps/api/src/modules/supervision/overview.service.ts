import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import {
  CATEGORY_NAMES,
  type CategoryCode,
  type SupervisionDepartmentRow,
  type SupervisionOverview,
  type SupervisionRegionRow,
  type SupervisionSettings,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound } from '../../platform/http/errors.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { departments, findRegion, regions, zoneStreets, zones } from '../org/index.ts';
import { rankLeague, rate, type Indicators, type PreviousRow } from './league.ts';
import {
  decisionFigures,
  opinionFigures,
  problemFigures,
  surveyFigures,
  type UnitCategoryFigures,
} from './read-model.ts';
import { orderFigures } from './orders.repo.ts';
import { findLate } from './late.service.ts';
import { readSupervisionSettings } from './supervision-settings.ts';

/** The rows of a previous snapshot (e.g. the last bulletin's), for the change columns. */
export type PreviousOverview = {
  regions: { regionCode: string; category?: string | null; closureRate: number; rank: number }[];
  departments: { departmentCode: string; closureRate: number; rank: number }[];
};

/**
 * Satisfaction seam (P13, built by the residents work): a rate 0..1 per row key — the region
 * code, or `regionCode:category` for a lead department's rows — or null when nothing was rated.
 */
export type SatisfactionByRow = ReadonlyMap<string, number | null>;

type PreviousSource = (db: Db, regionCode: string) => Promise<PreviousOverview | null>;
let previousSource: PreviousSource | null = null;
/**
 * Lets the bulletins module name "the last bulletin" as the default previous snapshot of the
 * overview route, without supervision depending on bulletins.
 */
export function registerPreviousOverviewSource(source: PreviousSource): void {
  previousSource = source;
}
export async function defaultPreviousOverview(db: Db, regionCode: string) {
  return previousSource ? previousSource(db, regionCode) : null;
}

type SatisfactionSource = (
  db: Db,
  input: { regionCode: string; rowKeys: string[]; asOf: string },
) => Promise<SatisfactionByRow>;
let satisfactionSource: SatisfactionSource | null = null;
/** Lets the residents module feed satisfaction rates in; until then every rate is null. */
export function registerSatisfactionSource(source: SatisfactionSource): void {
  satisfactionSource = source;
}

type RowDef = {
  key: string;
  regionCode: string;
  name: string;
  kind: SupervisionRegionRow['kind'];
  category: CategoryCode | null;
  /** Street-or-finer unit codes (prefixes) the row sums over. */
  units: (u: string) => boolean;
  /** The district whose survey submissions count for this row (null: none). */
  surveyDistrict: string | null;
  /** Units (region codes or department codes) whose supervision orders count for this row. */
  orderUnits: (u: string) => boolean;
};

const rowKey = (regionCode: string, category: string | null | undefined) =>
  category ? `${regionCode}:${category}` : regionCode;

/**
 * The league tables relative to the viewer (P11): rows are the children of `regionCode`
 * (default the viewer's own region) — the city's districts and zones, a district's streets, a
 * street's communities — or, for a lead department, its categories in each child region.
 * A region outside the viewer's scope → 404.
 */
export async function computeSupervisionOverview(input: {
  db: Db;
  actor: Actor;
  regionCode?: string | undefined;
  asOf?: string | undefined;
  previous?: PreviousOverview | null | undefined;
  satisfaction?: SatisfactionByRow | undefined;
  settings?: SupervisionSettings | undefined;
  /** Most-late entries to list (the total is always counted). */
  lateLimit?: number | undefined;
}): Promise<SupervisionOverview> {
  const { db, actor } = input;
  const asOf = input.asOf ?? todayInShanghai();
  const settings = input.settings ?? (await readSupervisionSettings(db));
  const own = actor.regionCode;
  const regionCode = input.regionCode ?? own ?? '';
  if (!own || !regionCode.startsWith(own)) throw notFound('区域');
  const region = await findRegion(db, regionCode);
  if (!region || region.level === 'community') throw notFound('区域');

  const dept = actor.departmentCode
    ? ((await db.select().from(departments).where(eq(departments.code, actor.departmentCode)))[0] ??
      null)
    : null;
  const leadCategories =
    dept && dept.categories.length > 0
      ? (dept.categories as CategoryCode[]).filter((c) => actor.categories.includes(c))
      : null;
  const categories = leadCategories ?? actor.categories;

  const children = await db
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(eq(regions.parentCode, regionCode))
    .orderBy(asc(regions.code));
  // Problems sit on 12-digit communities; the street (9 digits) is the finest unit we need
  // unless the viewer is a street.
  const unitLength = region.level === 'street' ? 12 : 9;
  const childLength = region.level === 'city' ? 6 : region.level === 'district' ? 9 : 12;

  const defs: RowDef[] = [];
  const childKind = (level: string): SupervisionRegionRow['kind'] =>
    level === 'district' ? 'district' : 'street';
  for (const c of children) {
    const base = {
      regionCode: c.code,
      units: (u: string) => u.startsWith(c.code),
      surveyDistrict: c.code.length === 6 ? c.code : null,
      orderUnits: (u: string) => u === c.code || u.startsWith(`${c.code}-`),
    };
    if (leadCategories) {
      for (const cat of leadCategories)
        defs.push({
          ...base,
          key: rowKey(c.code, cat),
          name: `${c.name}·${CATEGORY_NAMES[cat]}`,
          kind: 'category',
          category: cat,
        });
    } else {
      defs.push({ ...base, key: c.code, name: c.name, kind: childKind(c.level), category: null });
    }
  }
  if (region.level === 'city' && !leadCategories) {
    const zoneRows = await db
      .select({ code: zones.code, name: zones.name, street: zoneStreets.streetCode })
      .from(zones)
      .innerJoin(zoneStreets, eq(zoneStreets.zoneCode, zones.code))
      .orderBy(asc(zones.sortOrder), asc(zoneStreets.streetCode));
    const byZone = new Map<string, { name: string; streets: Set<string> }>();
    for (const z of zoneRows) {
      const entry = byZone.get(z.code) ?? { name: z.name, streets: new Set<string>() };
      entry.streets.add(z.street);
      byZone.set(z.code, entry);
    }
    for (const [code, z] of byZone)
      defs.push({
        key: code,
        regionCode: code,
        name: z.name,
        kind: 'zone',
        category: null,
        units: (u) => z.streets.has(u.slice(0, 9)),
        surveyDistrict: null,
        orderUnits: (u) => u === code,
      });
  }

  const [figures, surveys, orders] = await Promise.all([
    problemFigures(db, {
      prefix: regionCode,
      unitLength,
      categories,
      asOf,
      planWriteDays: settings.planWriteDays,
    }),
    surveyFigures(db, { prefix: regionCode, asOf }),
    orderFigures(db, { asOf }),
  ]);
  const surveyByDistrict = new Map(surveys.map((s) => [s.district, s]));

  const satisfaction =
    input.satisfaction ??
    (satisfactionSource
      ? await satisfactionSource(db, { regionCode, rowKeys: defs.map((d) => d.key), asOf })
      : new Map<string, number | null>());

  const sum = (rows: UnitCategoryFigures[]) => {
    const t = { problems: 0, closed: 0, overdue: 0, plansDue: 0, plansOnTime: 0 };
    for (const r of rows) {
      t.problems += r.problems;
      t.closed += r.closed;
      t.overdue += r.overdue;
      t.plansDue += r.plansDue;
      t.plansOnTime += r.plansOnTime;
    }
    return t;
  };

  const regionRows = defs.map((d) => {
    const t = sum(
      figures.filter((f) => d.units(f.unit) && (!d.category || f.category === d.category)),
    );
    const s = d.surveyDistrict ? surveyByDistrict.get(d.surveyDistrict) : undefined;
    const o = orders.filter((x) => d.orderUnits(x.unit));
    const ordersDue = o.reduce((a, x) => a + x.due, 0);
    const ordersOnTime = o.reduce((a, x) => a + x.onTime, 0);
    const closureRate = rate(t.closed, t.problems, 0)!;
    const satisfactionRate = satisfaction.get(d.key) ?? null;
    const plansOnTimeRate = rate(t.plansOnTime, t.plansDue);
    const surveyTimeliness = s ? rate(s.onTime, s.due) : null;
    const indicators: Indicators = {
      closureRate: t.problems > 0 ? closureRate : null,
      overdueFree: t.problems > 0 ? 1 - t.overdue / t.problems : null,
      plansOnTime: plansOnTimeRate,
      surveyTimeliness,
      satisfaction: satisfactionRate,
      ordersOnTime: rate(ordersOnTime, ordersDue),
    };
    return {
      regionCode: d.regionCode,
      name: d.name,
      kind: d.kind,
      category: d.category,
      ...t,
      closureRate,
      satisfactionRate,
      plansOnTimeRate,
      surveysDue: s?.due ?? 0,
      surveysOnTime: s?.onTime ?? 0,
      surveyTimeliness,
      ordersDue,
      ordersOnTime,
      indicators,
    };
  });
  const previous = input.previous === undefined ? null : input.previous;
  const rankedRegions = sortByRank(
    rankLeague(
      regionRows,
      settings,
      (r) => rowKey(r.regionCode, r.category),
      (previous?.regions ?? []).map((p): PreviousRow => ({
        key: rowKey(p.regionCode, p.category),
        closureRate: p.closureRate,
        rank: p.rank,
      })),
    ),
  );

  const departmentRows = await departmentLeague({
    db,
    regionCode,
    regionLevel: region.level,
    categories,
    figures,
    orders,
    settings,
    asOf,
    previous: previous?.departments ?? [],
  });

  const late = await findLate({
    db,
    actor,
    regionCode,
    categories,
    asOf,
    settings,
    limit: input.lateLimit ?? 500,
  });

  return {
    asOf,
    regionCode,
    regionName: region.name,
    rowKind: leadCategories ? 'categories' : childLength === 6 ? 'districts' : 'streets',
    regions: rankedRegions,
    departments: departmentRows,
    late: late.items,
    lateTotal: late.total,
  };
}

function sortByRank<T extends { rank: number; regionCode?: string; departmentCode?: string }>(
  rows: T[],
): T[] {
  return [...rows].sort(
    (a, b) =>
      a.rank - b.rank ||
      (a.regionCode ?? a.departmentCode ?? '').localeCompare(
        b.regionCode ?? b.departmentCode ?? '',
      ),
  );
}

/**
 * The lead departments of the viewer's level (the city's for the city, the district's own for a
 * district): problems in their categories, plans and closures decided on time, opinions on time.
 */
async function departmentLeague(input: {
  db: Db;
  regionCode: string;
  regionLevel: string;
  categories: readonly string[];
  figures: UnitCategoryFigures[];
  orders: { unit: string; due: number; onTime: number }[];
  settings: SupervisionSettings;
  asOf: string;
  previous: PreviousOverview['departments'];
}): Promise<SupervisionDepartmentRow[]> {
  const { db, regionCode, settings, asOf } = input;
  const deptRegion = input.regionLevel === 'city' ? regionCode : regionCode.slice(0, 6);
  const leads = (
    await db
      .select()
      .from(departments)
      .where(
        and(
          eq(departments.regionCode, deptRegion),
          isNotNull(departments.categories),
          sql`cardinality(${departments.categories}) > 0`,
        ),
      )
      .orderBy(asc(departments.code))
  ).filter((d) => d.categories.some((c) => input.categories.includes(c)));
  if (leads.length === 0) return [];
  // The city's departments answer for their whole system (the districts' departments of the
  // same kind); a district's for themselves.
  const departmentPrefix = input.regionLevel === 'city' ? '' : `${deptRegion}-`;
  const [decisions, opinions] = await Promise.all([
    decisionFigures(db, {
      prefix: regionCode,
      departmentPrefix,
      asOf,
      decisionDays: settings.decisionDays,
    }),
    opinionFigures(db, { prefix: regionCode, departmentPrefix, asOf }),
  ]);
  const dec = new Map(decisions.map((d) => [d.kind, d]));
  const op = new Map(opinions.map((o) => [o.kind, o]));
  const rows = leads.map((d) => {
    let problems = 0;
    let closed = 0;
    let overdue = 0;
    for (const f of input.figures)
      if (d.categories.includes(f.category)) {
        problems += f.problems;
        closed += f.closed;
        overdue += f.overdue;
      }
    const x = dec.get(d.kind);
    const o = op.get(d.kind);
    const ord = input.orders.filter(
      (r) => r.unit.startsWith(departmentPrefix) && r.unit.endsWith(`-${d.kind}`),
    );
    const ordersDue = ord.reduce((a, r) => a + r.due, 0);
    const ordersOnTime = ord.reduce((a, r) => a + r.onTime, 0);
    const decided = (x?.plansDecided ?? 0) + (x?.closuresVerified ?? 0) + (o?.due ?? 0);
    const decidedOnTime = (x?.plansOnTime ?? 0) + (x?.closuresOnTime ?? 0) + (o?.onTime ?? 0);
    const closureRate = rate(closed, problems, 0)!;
    const indicators: Indicators = {
      closureRate: problems > 0 ? closureRate : null,
      overdueFree: problems > 0 ? 1 - overdue / problems : null,
      // For a department, "on time" is its decisions: plans, closures and review opinions.
      plansOnTime: rate(decidedOnTime, decided),
      ordersOnTime: rate(ordersOnTime, ordersDue),
    };
    return {
      departmentCode: d.code,
      name: d.name,
      problems,
      closed,
      overdue,
      closureRate,
      plansDecided: x?.plansDecided ?? 0,
      plansApproved: x?.plansApproved ?? 0,
      plansOnTime: x?.plansOnTime ?? 0,
      closuresVerified: x?.closuresVerified ?? 0,
      closuresOnTime: x?.closuresOnTime ?? 0,
      opinionsDue: o?.due ?? 0,
      opinionsOnTime: o?.onTime ?? 0,
      indicators,
    };
  });
  return sortByRank(
    rankLeague(
      rows,
      settings,
      (r) => r.departmentCode,
      input.previous.map((p) => ({
        key: p.departmentCode,
        closureRate: p.closureRate,
        rank: p.rank,
      })),
    ),
  );
}
