import { describe, expect, it } from 'vitest';
import {
  CATEGORY_CODES,
  FACILITY_TYPE_CODES,
  categoryOfFacilityType,
  FINDING_STATUSES,
  type Finding,
  type FindingStatus,
} from '@zibo/shared';
import { loadStandardsCatalogue } from '../standards/index.ts';
import { GapEngine, type EvalArea, type EvalFacility } from './engine/evaluate.ts';
import { destinationPoint } from './engine/geodesy.ts';
import { KeptFindings, type KeptArea, type KeptFilter } from './gap-analysis.kept.ts';

/*
 * P2 / issue 12: the kept counts and pages answer exactly what building every finding of the
 * scope and sorting it answered, after any sequence of area and finding changes.
 */

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CODES = ['370302001001', '370302001002', '370302002001', '370303001001', '370305003002'];
const TYPE_ORDER = new Map<string, number>(FACILITY_TYPE_CODES.map((t, i) => [t, i]));

function finding(r: () => number, areaId: number, n: number): Finding {
  const type = FACILITY_TYPE_CODES[Math.floor(r() * FACILITY_TYPE_CODES.length)]!;
  const status = FINDING_STATUSES[Math.floor(r() * 3)] as FindingStatus;
  return {
    residentialAreaId: areaId,
    facilityType: type,
    category: categoryOfFacilityType(type),
    ruleId: `r${n}`,
    ruleCode: `R${n}`,
    ruleVersion: 1,
    metric: 'service_radius',
    required: 500,
    actual: null,
    unit: 'm',
    status,
    reason: null,
    populationEstimated: false,
    source: 's',
    clause: null,
    verified: r() < 0.7,
    jurisdiction: null,
    facilityCount: 0,
    excludedCount: 0,
    alternatives: null,
  } as unknown as Finding;
}

/** What the service computed before: every finding of the scope, filtered, sorted. */
function naive(
  state: Map<number, { area: KeptArea; findings: Finding[] }>,
  region: string,
  f: KeptFilter,
) {
  const areas = [...state.values()].filter((s) => s.area.regionCode.startsWith(region));
  const items: { finding: Finding; area: KeptArea }[] = [];
  for (const { area, findings } of areas)
    for (const finding of findings)
      if (
        f.categories.has(finding.category) &&
        (!f.status || finding.status === f.status) &&
        (!f.verifiedOnly || finding.verified)
      )
        items.push({ finding, area });
  items.sort(
    (a, b) =>
      (a.area.regionCode < b.area.regionCode
        ? -1
        : a.area.regionCode > b.area.regionCode
          ? 1
          : 0) ||
      a.area.id - b.area.id ||
      (TYPE_ORDER.get(a.finding.facilityType) ?? 0) - (TYPE_ORDER.get(b.finding.facilityType) ?? 0),
  );
  const rows = new Map<
    string,
    {
      areas: Set<number>;
      gaps: Set<number>;
      met: number;
      short: number;
      missing: number;
      unverified: number;
    }
  >();
  const row = (code: string) => {
    let r = rows.get(code);
    if (!r)
      rows.set(
        code,
        (r = { areas: new Set(), gaps: new Set(), met: 0, short: 0, missing: 0, unverified: 0 }),
      );
    return r;
  };
  for (const { area } of areas) row(area.regionCode.slice(0, 9)).areas.add(area.id);
  for (const { finding, area } of items) {
    const r = row(area.regionCode.slice(0, 9));
    r[finding.status]++;
    if (!finding.verified) r.unverified++;
    if (finding.status !== 'met') r.gaps.add(area.id);
  }
  const byCategory = new Map<string, { areas: Set<number>; gaps: Set<number> }>();
  for (const { finding, area } of items) {
    let c = byCategory.get(finding.category);
    if (!c) byCategory.set(finding.category, (c = { areas: new Set(), gaps: new Set() }));
    c.areas.add(area.id);
    if (finding.status !== 'met') c.gaps.add(area.id);
  }
  return { items, rows, byCategory, areas: areas.length };
}

describe('kept findings', () => {
  it('count, page and summarise as a full sort would, through area and finding changes (P2)', () => {
    const r = random(7);
    const kept = new KeptFindings();
    const state = new Map<number, { area: KeptArea; findings: Finding[] }>();
    let n = 0;
    for (let step = 0; step < 600; step++) {
      const id = 1 + Math.floor(r() * 80);
      const roll = r();
      if (roll < 0.1) {
        kept.removeArea(id);
        state.delete(id);
      } else if (roll < 0.35 || !state.has(id)) {
        const area = {
          id,
          name: `a${id}`,
          regionCode: CODES[Math.floor(r() * CODES.length)]!,
          lon: null,
          lat: null,
        };
        kept.putArea(area);
        const prev = state.get(id);
        state.set(id, { area, findings: prev?.findings ?? [] });
      } else {
        const findings = Array.from({ length: Math.floor(r() * 6) }, () => finding(r, id, n++));
        kept.setFindings(id, [...findings]);
        const sorted = [...findings].sort(
          (a, b) => (TYPE_ORDER.get(a.facilityType) ?? 0) - (TYPE_ORDER.get(b.facilityType) ?? 0),
        );
        state.get(id)!.findings = sorted;
      }
      if (step % 20 !== 0) continue;
      for (const region of ['3703', '370302', '370302001']) {
        const filters: KeptFilter[] = [
          { categories: new Set(CATEGORY_CODES) },
          { categories: new Set([CATEGORY_CODES[0], CATEGORY_CODES[2]]), status: 'short' },
          { categories: new Set(CATEGORY_CODES), verifiedOnly: true },
        ];
        for (const f of filters) {
          const want = naive(state, region, f);
          expect(kept.page(region, f, 0, 1000)).toEqual(want.items);
          expect(kept.page(region, f, 7, 5)).toEqual(want.items.slice(7, 12));
          const totals = kept.totals(region, f);
          expect(totals.areas).toBe(want.areas);
          let total = 0;
          for (const c of totals.byCategory.values()) total += c.met + c.short + c.missing;
          expect(total).toBe(want.items.length);
          const rows = kept.summary(region, f, 9);
          expect(
            rows.map((x) => [
              x.code,
              x.areas,
              x.areasWithGaps,
              x.met,
              x.short,
              x.missing,
              x.unverified,
            ]),
          ).toEqual(
            [...want.rows.entries()]
              .sort((a, b) => a[0].localeCompare(b[0]))
              .map(([code, x]) => [
                code,
                x.areas.size,
                x.gaps.size,
                x.met,
                x.short,
                x.missing,
                x.unverified,
              ]),
          );
          const byCategory = kept.summary(region, f, null);
          expect(byCategory.map((x) => [x.code, x.areas, x.areasWithGaps])).toEqual(
            [...want.byCategory.entries()]
              .sort((a, b) => a[0].localeCompare(b[0]))
              .map(([code, x]) => [code, x.areas.size, x.gaps.size]),
          );
        }
      }
    }
  });
});

/** Areas of every kind and size, and facilities of every type and state, linked or not. */
function randomCity(r: () => number, areaCount: number, facilityCount: number) {
  const point = () => destinationPoint(118.05, 36.8, r() * 360, r() * 6000);
  const areas: EvalArea[] = [];
  for (let id = 1; id <= areaCount; id++) {
    const located = r() < 0.95;
    const [lon, lat] = point();
    areas.push({
      id,
      lon: located ? lon : null,
      lat: located ? lat : null,
      households: Math.floor(r() * 4000),
      population: r() < 0.5 ? null : Math.floor(r() * 12000),
      kind: r() < 0.4 ? 'new' : 'existing',
      regionCode: CODES[Math.floor(r() * CODES.length)]!,
    });
  }
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const facilities: EvalFacility[] = [];
  for (let id = 1; id <= facilityCount; id++) {
    const located = r() < 0.95;
    const [lon, lat] = point();
    facilities.push({
      id,
      type: pick(FACILITY_TYPE_CODES),
      lon: located ? lon : null,
      lat: located ? lat : null,
      floorArea: r() < 0.1 ? null : Math.round(r() * 3000),
      siteArea: r() < 0.3 ? null : Math.round(r() * 8000),
      residentialAreaIds: Array.from(
        { length: Math.floor(r() * 3) },
        () => 1 + Math.floor(r() * areaCount),
      ),
      constructionStatus: pick([null, 'built', 'not_started', 'under_construction'] as const),
      useStatus: pick([null, 'in_use', 'idle', 'repurposed'] as const),
    });
  }
  return { areas, facilities };
}

describe('kept summaries', () => {
  it('count what a full sort counts after more changes than their log holds (P2)', () => {
    const r = random(9);
    const kept = new KeptFindings();
    const state = new Map<number, { area: KeptArea; findings: Finding[] }>();
    const everything: KeptFilter = { categories: new Set<string>(CATEGORY_CODES) };
    const bySecondLevel = () =>
      kept.summary('', everything, 9).map((x) => [x.code, x.areas, x.met, x.short, x.missing]);
    const naiveRows = () =>
      [...naive(state, '', everything).rows.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([code, x]) => [code, x.areas.size, x.met, x.short, x.missing]);
    let n = 0;
    for (let id = 1; id <= 200; id++) {
      const area = {
        id,
        name: `a${id}`,
        regionCode: CODES[id % CODES.length]!,
        lon: null,
        lat: null,
      };
      kept.putArea(area);
      const findings = Array.from({ length: 3 }, () => finding(r, id, n++));
      kept.setFindings(id, findings);
      state.set(id, { area, findings });
    }
    expect(bySecondLevel()).toEqual(naiveRows());
    const change = (id: number) => {
      const findings = Array.from({ length: 1 + Math.floor(r() * 4) }, () => finding(r, id, n++));
      kept.setFindings(id, findings);
      state.get(id)!.findings = findings;
    };
    const inCell = (code: string) => [...state.values()].filter((x) => x.area.regionCode === code);
    // A few changes are read from the log.
    for (let c = 0; c < 5; c++) change(1 + Math.floor(r() * 200));
    expect(bySecondLevel()).toEqual(naiveRows());
    // One change in a community, then thousands in another: the log overflows, and the summary
    // is made anew (reading only what is left of the log would miss the first).
    change(inCell(CODES[3]!)[0]!.area.id);
    const busy = inCell(CODES[0]!);
    for (let c = 0; c < 5_000; c++) change(busy[c % busy.length]!.area.id);
    expect(bySecondLevel()).toEqual(naiveRows());
  });
});

describe('kept areas counted once (issue 12: a rebuild puts every area, then its findings)', () => {
  it('count an area put without findings at the next read, and once when they come', () => {
    const kept = new KeptFindings();
    const everything: KeptFilter = { categories: new Set<string>(CATEGORY_CODES) };
    const rows = () =>
      kept.summary('', everything, 12).map((x) => [x.code, x.areas, x.met, x.short, x.missing]);
    const r = random(11);
    kept.putArea({ id: 1, name: 'a', regionCode: CODES[0]!, lon: null, lat: null });
    kept.putArea({ id: 2, name: 'b', regionCode: CODES[0]!, lon: null, lat: null });
    // Read before any findings: both areas count, with no findings.
    expect(rows()).toEqual([[CODES[0], 2, 0, 0, 0]]);
    expect(kept.totals('', everything).areas).toBe(2);
    // Put, moved and given findings before the next read: counted once, where it now is.
    kept.putArea({ id: 3, name: 'c', regionCode: CODES[1]!, lon: null, lat: null });
    kept.putArea({ id: 3, name: 'c', regionCode: CODES[2]!, lon: null, lat: null });
    const three = [finding(r, 3, 1), finding(r, 3, 2)];
    kept.setFindings(3, three);
    // Put and removed before any read: never counted.
    kept.putArea({ id: 4, name: 'd', regionCode: CODES[3]!, lon: null, lat: null });
    kept.removeArea(4);
    const count = (s: FindingStatus) => three.filter((f) => f.status === s).length;
    expect(rows()).toEqual([
      [CODES[0], 2, 0, 0, 0],
      [CODES[2], 1, count('met'), count('short'), count('missing')],
    ]);
    expect(kept.page('', everything, 0, 10).map((x) => x.area.id)).toEqual([3, 3]);
  });
});

describe('kept findings packed as the evaluation writes them', () => {
  it('hold exactly the findings of the evaluation, in facility-type order (P2, issue 12)', () => {
    const city = randomCity(random(2020), 400, 2000);
    const engine = new GapEngine({
      rules: loadStandardsCatalogue(),
      settings: { personsPerHousehold: 3.2 },
    });
    engine.load(city.areas, city.facilities);
    const fromSink = new KeptFindings();
    const fromObjects = new KeptFindings();
    for (const a of city.areas) {
      const area = {
        id: a.id,
        name: `小区${a.id}`,
        regionCode: a.regionCode,
        lon: a.lon,
        lat: a.lat,
      };
      fromSink.putArea(area);
      fromObjects.putArea(area);
    }
    engine.evaluateInto(fromSink.sink());
    const all = engine.evaluateAll();
    const byArea = new Map<number, Finding[]>();
    for (const f of all)
      byArea.set(f.residentialAreaId, [...(byArea.get(f.residentialAreaId) ?? []), f]);
    for (const [id, findings] of byArea) fromObjects.setFindings(id, findings);

    let compared = 0;
    for (const a of city.areas) {
      const packed = fromSink.findingsOf(a.id);
      expect(packed).toEqual(fromObjects.findingsOf(a.id));
      // Facility-type order, the engine's order kept within a type.
      const ranks = packed.map((f) => TYPE_ORDER.get(f.facilityType) ?? -1);
      expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
      compared += packed.length;
    }
    expect(compared).toBe(all.length);
    // Every kind of finding was packed: each metric, alternatives, reasons, estimates.
    expect(new Set(all.map((f) => f.metric)).size).toBeGreaterThanOrEqual(5);
    expect(all.some((f) => f.alternatives !== null)).toBe(true);
    expect(new Set(all.map((f) => f.reason)).size).toBeGreaterThanOrEqual(3);
    expect(all.some((f) => f.populationEstimated)).toBe(true);
    const everything = { categories: new Set<string>(CATEGORY_CODES) };
    expect(fromSink.summary('', everything, 9)).toEqual(fromObjects.summary('', everything, 9));
  });

  it('sorts an area written out of type order, keeping the order within a type', () => {
    const kept = new KeptFindings();
    kept.putArea({ id: 1, name: 'a', regionCode: CODES[0]!, lon: null, lat: null });
    const r = random(5);
    const findings = Array.from({ length: 40 }, (_, n) => finding(r, 1, n));
    kept.setFindings(1, findings);
    const stable = [...findings].sort(
      (a, b) => (TYPE_ORDER.get(a.facilityType) ?? 0) - (TYPE_ORDER.get(b.facilityType) ?? 0),
    );
    expect(kept.findingsOf(1).map((f) => f.ruleId)).toEqual(stable.map((f) => f.ruleId));
  });
});
