import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FACILITY_TYPE_CODES, STAGE_STATUSES } from '@zibo/shared';
import { pointInGeometry } from '../platform/geo.ts';
import { readRegions } from '../modules/org/index.ts';
import {
  DEMO_MARK,
  generateScaledDataset,
  generateZiboDemo,
  type DemoArea,
  type DemoDataset,
  type ScaledDataset,
} from './generator.ts';
import { writePointsCsv } from './points-csv.ts';
import { expandScaledDataset, readScaledArea, readScaledFacility } from './scaled-dataset.ts';

const regions = readRegions();
const outlines = new Map(
  regions
    .filter((r) => r.level === 'district')
    .map((r) => [r.code, r.outline as { type: string; coordinates: unknown }]),
);
const communities = regions.filter((r) => r.level === 'community');
const demo = generateZiboDemo({ regions });
const areaById = new Map(demo.areas.map((a) => [a.id, a]));

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function hashDemo(d: DemoDataset): string {
  return createHash('sha256').update(JSON.stringify(d)).digest('hex');
}

function hashScaled(d: ScaledDataset): string {
  const h = createHash('sha256');
  for (const part of [d.areas, d.facilities]) {
    for (const v of Object.values(part)) {
      h.update(
        ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : String(v),
      );
    }
  }
  return h.digest('hex');
}

function distanceMetres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const cos = Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return Math.hypot((a.lon - b.lon) * 111_320 * cos, (a.lat - b.lat) * 110_574);
}

function districtOf(area: DemoArea) {
  const outline = outlines.get(area.regionCode.slice(0, 6));
  if (!outline) throw new Error(`no outline for ${area.regionCode}`);
  return outline;
}

function servedAreas(ids: number[]): DemoArea[] {
  return ids.map((id) => {
    const a = areaById.get(id);
    if (!a) throw new Error(`facility serves unknown area ${id}`);
    return a;
  });
}

describe('generateZiboDemo', () => {
  it('gives byte-identical output for the same seed and different output for another', () => {
    const again = generateZiboDemo({ regions });
    expect(hashDemo(again)).toBe(hashDemo(demo));
    expect(hashDemo(generateZiboDemo({ regions, seed: 7 }))).not.toBe(hashDemo(demo));
  });

  it('numbers areas and facilities 1..n in order', () => {
    expect(demo.areas.map((a) => a.id)).toEqual(demo.areas.map((_, i) => i + 1));
    expect(demo.facilities.map((f) => f.id)).toEqual(demo.facilities.map((_, i) => i + 1));
  });

  it('fills every one of the 2,931 real communities with about 3,000 areas', () => {
    expect(communities).toHaveLength(2931);
    const codes = new Set(communities.map((c) => c.code));
    const filled = new Set(demo.areas.map((a) => a.regionCode));
    expect([...filled].every((code) => codes.has(code))).toBe(true);
    expect(filled.size).toBe(2931);
    expect(demo.areas.length).toBeGreaterThanOrEqual(2931);
    expect(demo.areas.length).toBeLessThanOrEqual(3600);
  });

  it('makes about 10,000 facilities of all 12 types', () => {
    expect(demo.facilities.length).toBeGreaterThanOrEqual(9000);
    expect(demo.facilities.length).toBeLessThanOrEqual(11500);
    const types = new Set(demo.facilities.map((f) => f.type));
    expect([...types].sort()).toEqual([...FACILITY_TYPE_CODES].sort());
  });

  it('weights urban communities above villages, 张店区 above the rest', () => {
    const kindOf = new Map(communities.map((c) => [c.code, c.kind]));
    const isUrban = (a: DemoArea) => /居委会/.test(kindOf.get(a.regionCode) ?? '');
    const urban = demo.areas.filter(isUrban);
    const rural = demo.areas.filter((a) => !isUrban(a));
    for (const a of urban) expect(a.households).toBeGreaterThanOrEqual(300);
    for (const a of urban) expect(a.households).toBeLessThanOrEqual(3000);
    for (const a of rural) expect(a.households).toBeGreaterThanOrEqual(80);
    for (const a of rural) expect(a.households).toBeLessThanOrEqual(600);
    const perCommunity = (districtCode: string) => {
      const inDistrict = urban.filter((a) => a.regionCode.startsWith(districtCode));
      return inDistrict.length / new Set(inDistrict.map((a) => a.regionCode)).size;
    };
    expect(perCommunity('370303')).toBeGreaterThan(perCommunity('370322'));
    expect(perCommunity('370303')).toBeGreaterThan(perCommunity('370302'));
    const ruralPerCommunity = rural.length / new Set(rural.map((a) => a.regionCode)).size;
    expect(ruralPerCommunity).toBeLessThan(1.1);
  });

  it('places every area and facility inside its district’s real outline', () => {
    const outside: string[] = [];
    for (const a of demo.areas) {
      if (!pointInGeometry(a.lon, a.lat, districtOf(a))) outside.push(`area ${a.id}`);
    }
    for (const f of demo.facilities) {
      const served = servedAreas(f.residentialAreaIds);
      const districts = new Set(served.map((a) => a.regionCode.slice(0, 6)));
      expect(districts.size).toBe(1);
      if (!pointInGeometry(f.lon, f.lat, districtOf(served[0] as DemoArea))) {
        outside.push(`facility ${f.id}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('clusters the areas of a community and puts facilities near the areas they serve', () => {
    const firstOfCommunity = new Map<string, DemoArea>();
    for (const a of demo.areas) {
      const first = firstOfCommunity.get(a.regionCode) ?? a;
      firstOfCommunity.set(a.regionCode, first);
      expect(distanceMetres(a, first)).toBeLessThan(3000);
    }
    for (const f of demo.facilities) {
      const nearest = Math.min(
        ...servedAreas(f.residentialAreaIds).map((a) => distanceMetres(a, f)),
      );
      expect(nearest).toBeLessThan(f.residentialAreaIds.length > 1 ? 6000 : 1500);
    }
  });

  it('marks every name as demo data and keeps names unique', () => {
    for (const x of [...demo.areas, ...demo.facilities])
      expect(x.name.endsWith(DEMO_MARK)).toBe(true);
    expect(new Set(demo.areas.map((a) => a.name)).size).toBe(demo.areas.length);
    expect(new Set(demo.facilities.map((f) => f.name)).size).toBe(demo.facilities.length);
    expect(demo.facilities.some((f) => f.name === `张店区实验幼儿园${DEMO_MARK}`)).toBe(true);
  });

  it('links every facility to 1–50 existing areas; schools and health centres to several', () => {
    for (const f of demo.facilities) {
      expect(f.residentialAreaIds.length).toBeGreaterThanOrEqual(1);
      expect(f.residentialAreaIds.length).toBeLessThanOrEqual(50);
      expect(new Set(f.residentialAreaIds).size).toBe(f.residentialAreaIds.length);
      servedAreas(f.residentialAreaIds);
    }
    for (const type of ['primary_school', 'middle_school', 'health_centre'] as const) {
      const ofType = demo.facilities.filter((f) => f.type === type);
      const shared = ofType.filter((f) => f.residentialAreaIds.length > 1);
      expect(shared.length / ofType.length).toBeGreaterThan(0.9);
    }
  });

  it('uses only the contract’s statuses and repeats them for the gap analysis', () => {
    const wrong = demo.facilities.filter((f) => {
      const { planning, construction, handover, use } = f.stages;
      const built = f.constructionStatus === 'built' || f.constructionStatus === 'built_short';
      return (
        f.constructionStatus !== construction.status ||
        f.useStatus !== use.status ||
        !(STAGE_STATUSES.planning as readonly unknown[]).includes(planning.status) ||
        !(STAGE_STATUSES.construction as readonly unknown[]).includes(construction.status) ||
        (handover.status !== null &&
          !(STAGE_STATUSES.handover as readonly unknown[]).includes(handover.status)) ||
        (use.status !== null && !(STAGE_STATUSES.use as readonly unknown[]).includes(use.status)) ||
        (f.useStatus === null) === built
      );
    });
    expect(wrong).toEqual([]);
  });

  it('contains the gaps a survey finds', () => {
    const withKindergarten = new Set(
      demo.facilities.filter((f) => f.type === 'kindergarten').flatMap((f) => f.residentialAreaIds),
    );
    const withoutKindergarten = demo.areas.filter((a) => !withKindergarten.has(a.id));
    expect(withoutKindergarten.length).toBeGreaterThan(100);
    expect(withoutKindergarten.some((a) => a.households >= 1000)).toBe(true);
    const count = (pred: (f: DemoDataset['facilities'][number]) => boolean) =>
      demo.facilities.filter(pred).length;
    for (const status of ['idle', 'repurposed', 'occupied'] as const) {
      expect(count((f) => f.useStatus === status)).toBeGreaterThan(50);
    }
    for (const status of ['built_short', 'not_started', 'under_construction'] as const) {
      expect(count((f) => f.constructionStatus === status)).toBeGreaterThan(50);
    }
    for (const status of ['pending', 'refused'] as const) {
      expect(count((f) => f.stages.handover.status === status)).toBeGreaterThan(50);
    }
    expect(
      count((f) => f.constructionStatus === 'built_short' && !!f.stages.construction.note),
    ).toBe(count((f) => f.constructionStatus === 'built_short'));
    // Small without a flag: community rooms under Shandong's 300 m² (CMS-007) that count as built.
    expect(
      count(
        (f) =>
          f.type === 'community_service_room' &&
          f.constructionStatus === 'built' &&
          (f.floorArea ?? 0) < 300,
      ),
    ).toBeGreaterThan(50);
  });

  it('gives plausible sizes: kindergartens mostly 1,500–3,500 m², stores 50–300 m²', () => {
    const kindergartens = demo.facilities.filter(
      (f) => f.type === 'kindergarten' && f.constructionStatus === 'built',
    );
    const typical = kindergartens.filter(
      (f) => (f.floorArea ?? 0) >= 1500 && (f.floorArea ?? 0) <= 3500,
    );
    expect(typical.length / kindergartens.length).toBeGreaterThan(0.6);
    for (const f of demo.facilities.filter((x) => x.type === 'convenience_store')) {
      expect(f.floorArea).toBeGreaterThan(0);
      expect(f.floorArea).toBeLessThanOrEqual(300);
    }
  });
});

describe('generateScaledDataset', () => {
  it('produces exactly the requested sizes', () => {
    for (const [areas, facilities] of [
      [1, 1],
      [1234, 5678],
      [7001, 0],
    ] as const) {
      const d = generateScaledDataset({ seed: 1, areas, facilities });
      expect(d.areas.count).toBe(areas);
      expect(d.areas.lon).toHaveLength(areas);
      expect(d.facilities.count).toBe(facilities);
      expect(d.facilities.type).toHaveLength(facilities);
      expect(expandScaledDataset(d).facilities).toHaveLength(facilities);
    }
  });

  it('produces 100,000 areas and 500,000 facilities', () => {
    const d = generateScaledDataset({ seed: 3, areas: 100_000, facilities: 500_000 });
    expect(d.areas.count).toBe(100_000);
    expect(d.facilities.count).toBe(500_000);
    expect(d.facilities.areaStart[500_000]).toBe(d.facilities.areaIds.length);
  });

  it('is deterministic for a seed', () => {
    const a = generateScaledDataset({ seed: 5, areas: 5000, facilities: 20_000 });
    const b = generateScaledDataset({ seed: 5, areas: 5000, facilities: 20_000 });
    const c = generateScaledDataset({ seed: 6, areas: 5000, facilities: 20_000 });
    expect(hashScaled(a)).toBe(hashScaled(b));
    expect(hashScaled(a)).not.toBe(hashScaled(c));
  });

  it('links facilities to existing areas and marks regions as synthetic', () => {
    const d = generateScaledDataset({ seed: 9, areas: 8000, facilities: 30_000 });
    const wrongFacilities: number[] = [];
    for (let i = 0; i < d.facilities.count; i++) {
      const f = readScaledFacility(d, i);
      const ids = f.residentialAreaIds;
      const built = f.constructionStatus === 'built' || f.constructionStatus === 'built_short';
      if (
        f.id !== i + 1 ||
        ids.length < 1 ||
        ids.length > 50 ||
        ids.some((id) => id < 1 || id > d.areas.count) ||
        !FACILITY_TYPE_CODES.includes(f.type) ||
        (f.useStatus === null) === built
      ) {
        wrongFacilities.push(f.id);
      }
    }
    expect(wrongFacilities).toEqual([]);
    const cities = new Set<string>();
    const wrongAreas: number[] = [];
    for (let i = 0; i < d.areas.count; i++) {
      const a = readScaledArea(d, i);
      cities.add(a.regionCode.slice(2, 6));
      if (
        !/^99\d{10}$/.test(a.regionCode) ||
        a.lon < 73 ||
        a.lon > 136 ||
        a.lat < 3 ||
        a.lat > 54
      ) {
        wrongAreas.push(a.id);
      }
    }
    expect(wrongAreas).toEqual([]);
    expect(cities.size).toBe(3);
  });
});

describe('writePointsCsv', () => {
  function readCsv(file: string): string[][] {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
  }

  it('writes the Zibo demo points as WGS-84 CSV with 6 decimals', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-csv-'));
    tmpDirs.push(dir);
    const { areasFile, facilitiesFile } = await writePointsCsv(dir, demo);
    const areaRows = readCsv(areasFile);
    expect(areaRows[0]).toEqual(['id', 'lon', 'lat']);
    expect(areaRows).toHaveLength(demo.areas.length + 1);
    const lastArea = demo.areas[demo.areas.length - 1] as DemoArea;
    expect(areaRows[areaRows.length - 1]).toEqual([
      String(lastArea.id),
      lastArea.lon.toFixed(6),
      lastArea.lat.toFixed(6),
    ]);
    const facilityRows = readCsv(facilitiesFile);
    expect(facilityRows[0]).toEqual(['id', 'type', 'lon', 'lat']);
    expect(facilityRows).toHaveLength(demo.facilities.length + 1);
    const f = demo.facilities[1234];
    expect(facilityRows[1235]).toEqual([
      String(f?.id),
      f?.type,
      f?.lon.toFixed(6),
      f?.lat.toFixed(6),
    ]);
  });

  it('streams a scaled dataset larger than one write chunk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-csv-'));
    tmpDirs.push(dir);
    const d = generateScaledDataset({ seed: 2, areas: 20_000, facilities: 60_000 });
    const { areasFile, facilitiesFile } = await writePointsCsv(dir, d);
    const areaRows = readCsv(areasFile);
    expect(areaRows).toHaveLength(20_001);
    expect(areaRows[20_000]).toEqual([
      '20000',
      (d.areas.lon[19_999] as number).toFixed(6),
      (d.areas.lat[19_999] as number).toFixed(6),
    ]);
    const facilityRows = readCsv(facilitiesFile);
    expect(facilityRows).toHaveLength(60_001);
    const last = readScaledFacility(d, 59_999);
    expect(facilityRows[60_000]).toEqual([
      '60000',
      last.type,
      last.lon.toFixed(6),
      last.lat.toFixed(6),
    ]);
  });
});
