import { describe, expect, it } from 'vitest';
import { FACILITY_TYPE_CODES, type Finding } from '@zibo/shared';
import { loadStandardsCatalogue } from '../../standards/index.ts';
import { destinationPoint } from './geodesy.ts';
import { FindingList, GapEngine, type EvalArea, type EvalFacility } from './evaluate.ts';

/*
 * P2 / issue 12: editing areas (households, position, added, removed) and facilities one at a
 * time leaves the engine with exactly the findings a fresh full evaluation of the same ledger
 * gives, facilities shared by several areas included.
 */

const SETTINGS = { personsPerHousehold: 3.2 };

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function byArea(findings: readonly Finding[]): Map<number, Finding[]> {
  const out = new Map<number, Finding[]>();
  for (const f of findings)
    out.set(f.residentialAreaId, [...(out.get(f.residentialAreaId) ?? []), f]);
  return out;
}

describe('incremental area edits', () => {
  it('equal a full re-evaluation after any sequence of area and facility edits (P2)', () => {
    const rules = loadStandardsCatalogue();
    const r = random(11);
    const point = () => destinationPoint(118.05, 36.8, r() * 360, r() * 3000);
    const areas = new Map<number, EvalArea>();
    const newArea = (id: number): EvalArea => {
      const located = r() < 0.9;
      const [lon, lat] = point();
      return {
        id,
        lon: located ? lon : null,
        lat: located ? lat : null,
        households: Math.floor(r() * 3000),
        population: r() < 0.5 ? null : Math.floor(r() * 9000),
        kind: r() < 0.5 ? 'new' : 'existing',
        regionCode: '370303001001',
      };
    };
    for (let id = 1; id <= 60; id++) areas.set(id, newArea(id));
    const facilities = new Map<number, EvalFacility>();
    const newFacility = (id: number): EvalFacility => {
      const [lon, lat] = point();
      const ids = [...areas.keys()];
      const links = Array.from(
        { length: Math.floor(r() * 3) },
        () => ids[Math.floor(r() * ids.length)] as number,
      );
      return {
        id,
        type: FACILITY_TYPE_CODES[Math.floor(r() * FACILITY_TYPE_CODES.length)]!,
        lon,
        lat,
        floorArea: r() < 0.9 ? Math.floor(r() * 2000) : null,
        siteArea: r() < 0.9 ? Math.floor(r() * 4000) : null,
        residentialAreaIds: links,
        constructionStatus: null,
        useStatus: r() < 0.1 ? 'idle' : null,
      };
    };
    for (let id = 1; id <= 300; id++) facilities.set(id, newFacility(id));
    const engine = new GapEngine({ rules, settings: SETTINGS });
    engine.load([...areas.values()], [...facilities.values()]);
    const current = byArea(engine.evaluateAll());
    let nextArea = 61;
    let nextFacility = 301;
    for (let step = 0; step < 200; step++) {
      const roll = r();
      const ids = [...areas.keys()];
      const id = ids[Math.floor(r() * ids.length)] as number;
      let update;
      if (roll < 0.35) {
        const a = { ...areas.get(id)!, households: Math.floor(r() * 3000) };
        if (r() < 0.5) [a.lon, a.lat] = point();
        areas.set(id, a);
        update = engine.upsertArea(a);
      } else if (roll < 0.45) {
        const a = newArea(nextArea++);
        areas.set(a.id, a);
        update = engine.upsertArea(a);
      } else if (roll < 0.55) {
        // As the database does: removing an area removes its links first.
        areas.delete(id);
        update = engine.removeArea(id);
        current.delete(id);
        for (const f of [...facilities.values()]) {
          if (!f.residentialAreaIds.includes(id)) continue;
          const g = { ...f, residentialAreaIds: f.residentialAreaIds.filter((x) => x !== id) };
          facilities.set(f.id, g);
          const u = engine.upsertFacility(g);
          for (const a of u.areaIds) current.set(a, []);
          for (const [a, list] of byArea(u.findings)) current.set(a, list);
        }
      } else {
        const f = newFacility(
          r() < 0.3 ? nextFacility++ : 1 + Math.floor(r() * (nextFacility - 1)),
        );
        facilities.set(f.id, f);
        update = engine.upsertFacility(f);
      }
      for (const a of update.areaIds) current.set(a, []);
      for (const [a, list] of byArea(update.findings)) current.set(a, list);
    }
    const fresh = new GapEngine({ rules, settings: SETTINGS });
    fresh.load([...areas.values()], [...facilities.values()]);
    const want = byArea(fresh.evaluateAll());
    for (const id of areas.keys())
      expect(current.get(id) ?? [], `area ${id}`).toEqual(want.get(id) ?? []);
    expect(engine.evaluateAll().length).toBe(fresh.evaluateAll().length);
    // Facilities in any order load the same links (kept in facility id order).
    const reversed = new GapEngine({ rules, settings: SETTINGS });
    reversed.load([...areas.values()], [...facilities.values()].reverse());
    expect(reversed.evaluateAll()).toEqual(fresh.evaluateAll());
    for (const id of areas.keys())
      for (const type of FACILITY_TYPE_CODES)
        expect(reversed.explain(id, type)).toEqual(fresh.explain(id, type));
  });

  it('loads and evaluates in steps, so a rebuild can let requests run, with the same findings', () => {
    const rules = loadStandardsCatalogue();
    const r = random(7);
    const point = () => destinationPoint(118.05, 36.8, r() * 360, r() * 8000);
    const areas: EvalArea[] = Array.from({ length: 1000 }, (_, i) => {
      const [lon, lat] = point();
      const kind = r() < 0.5 ? ('new' as const) : ('existing' as const);
      return {
        id: i + 1,
        lon,
        lat,
        households: Math.floor(r() * 3000),
        population: null,
        kind,
        regionCode: '370303001001',
      };
    });
    const facilities: EvalFacility[] = Array.from({ length: 9000 }, (_, i) => {
      const [lon, lat] = point();
      return {
        id: i + 1,
        type: FACILITY_TYPE_CODES[i % FACILITY_TYPE_CODES.length]!,
        lon,
        lat,
        floorArea: Math.floor(r() * 2000),
        siteArea: null,
        residentialAreaIds: r() < 0.3 ? [1 + Math.floor(r() * 1000)] : [],
        constructionStatus: null,
        useStatus: null,
      };
    });
    const whole = new GapEngine({ rules, settings: SETTINGS });
    whole.load(areas, facilities);
    const stepped = new GapEngine({ rules, settings: SETTINGS });
    let loadSteps = 0;
    for (const _ of stepped.loading(areas, facilities)) loadSteps++;
    const list = new FindingList();
    let evaluationSteps = 0;
    for (const _ of stepped.evaluating(list)) evaluationSteps++;
    // Two steps of facilities linked, one per index built; an evaluation step per 256 areas.
    expect(loadSteps).toBeGreaterThanOrEqual(2 + FACILITY_TYPE_CODES.length);
    expect(evaluationSteps).toBe(3);
    expect(list.findings).toEqual(whole.evaluateAll());
    expect(list.findings.length).toBeGreaterThan(1000);
  });
});
