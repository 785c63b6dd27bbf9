import { describe, expect, it } from 'vitest';
import type { FacilityTypeCode, Finding, LifeCircle } from '@zibo/shared';
import { loadStandardsCatalogue } from '../../standards/index.ts';
import { buildAreaContext, evaluateArea, type EvalArea, type EvalFacility } from './evaluate.ts';

/*
 * docs/life-circles.md: the tiers of GB 50180-2018 are not nested ("各层级居住区配套设施的设置为非包含关系",
 * 条文说明 5.0.x) and each tier has its own facility list (附录B/附录C).
 */

const rules = loadStandardsCatalogue();
const SETTINGS = { personsPerHousehold: 3.2 };
const HERE = { lon: 118.05, lat: 36.8 };

/** The tier each facility type belongs to in GB 50180-2018 附录C (docs/life-circles.md). */
const TIER_OF: Partial<Record<FacilityTypeCode, LifeCircle>> = {
  kindergarten: '5min',
  community_service_room: '5min',
  elderly_day_care: '5min',
  health_station: '5min',
  primary_school: '10min',
  convenience_market: '10min',
  middle_school: '15min',
  health_centre: '15min',
};

const area: EvalArea = {
  id: 1,
  ...HERE,
  households: 2000,
  population: 6000,
  kind: 'existing',
  regionCode: '370303001001',
};

function facility(p: Partial<EvalFacility> & Pick<EvalFacility, 'id' | 'type'>): EvalFacility {
  return {
    ...HERE,
    floorArea: 5000,
    siteArea: 5000,
    residentialAreaIds: [1],
    constructionStatus: 'built',
    useStatus: 'in_use',
    ...p,
  };
}

function findings(facilities: EvalFacility[]): Finding[] {
  return evaluateArea(area, buildAreaContext({ area, facilities, areas: [area] }), rules, SETTINGS);
}

describe('life-circle tiers (docs/life-circles.md)', () => {
  it('gives every GB 50180 rule of a facility type the tier 附录C gives the type', () => {
    for (const rule of rules) {
      if (!rule.source.includes('GB 50180') || !rule.facilityType || !rule.lifeCircle) continue;
      const tier = TIER_OF[rule.facilityType];
      if (tier) expect(rule.lifeCircle, rule.code).toBe(tier);
    }
  });

  it('never counts a facility of one tier towards a requirement of another (非包含关系)', () => {
    for (const rule of rules.filter((r) => !r.informational && r.facilityType)) {
      const tier = TIER_OF[rule.facilityType!];
      for (const t of rule.countedTypes) {
        if (tier && TIER_OF[t]) expect(TIER_OF[t], `${rule.code} counts ${t}`).toBe(tier);
      }
    }
    // A large health centre linked to the area meets nothing of the health station.
    const list = findings([facility({ id: 1, type: 'health_centre' })]);
    expect(list.filter((f) => f.facilityType === 'health_station' && f.status === 'met')).toEqual(
      [],
    );
  });

  it('a middle school does not meet the primary school radius, nor a primary school the kindergarten one', () => {
    const list = findings([
      facility({ id: 1, type: 'middle_school' }),
      facility({ id: 2, type: 'primary_school' }),
    ]);
    const radius = (t: FacilityTypeCode) =>
      list.find((f) => f.facilityType === t && f.metric === 'service_radius');
    expect(radius('middle_school')?.status).toBe('met');
    expect(radius('primary_school')?.status).toBe('met');
    expect(radius('kindergarten')).toMatchObject({ status: 'missing', actual: null });
  });

  it('adds up across tiers: each tier’s facility types are owed at once', () => {
    const none = findings([]);
    const owed = new Set(none.filter((f) => f.status !== 'met').map((f) => f.facilityType));
    for (const t of ['kindergarten', 'primary_school', 'middle_school'] as const)
      expect(owed.has(t), t).toBe(true);
    // Meeting the 5-minute tier leaves the 10- and 15-minute ones owed.
    const fiveMinute = findings(
      (
        ['kindergarten', 'community_service_room', 'elderly_day_care', 'health_station'] as const
      ).map((type, i) => facility({ id: i + 1, type })),
    );
    const stillOwed = new Set(
      fiveMinute.filter((f) => f.status !== 'met').map((f) => f.facilityType),
    );
    expect(stillOwed.has('kindergarten')).toBe(false);
    expect(stillOwed.has('primary_school')).toBe(true);
    expect(stillOwed.has('middle_school')).toBe(true);
  });

  it('does not add rules within one type and measure: one governs', () => {
    const list = findings([]);
    const keys = list.map((f) => `${f.facilityType}:${f.metric}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('pools types only where the source does: ELD-001 (养老 station + day care), SPT-001/002', () => {
    const pooled = rules.filter((r) => !r.informational && r.countedTypes.length > 1);
    expect(pooled.map((r) => r.code).sort()).toEqual(['ELD-001', 'SPT-001/SPT-002', 'SPT-004']);
  });

  it('keeps the tier totals of 表5.0.2 out of the evaluation', () => {
    for (const code of ['GEN-020', 'GEN-021', 'GEN-022', 'GEN-027'])
      expect(rules.find((r) => r.id === code)).toMatchObject({
        informational: true,
        clause: '表5.0.2',
      });
  });
});
