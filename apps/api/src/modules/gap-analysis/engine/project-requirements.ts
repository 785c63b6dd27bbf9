import {
  METRIC_INFO,
  type AmountAlternative,
  type AreaKind,
  type FacilityTypeCode,
  type GapSettings,
  type RequiredFacility,
} from '@zibo/shared';
import { governingFor, type CompiledRule, type CompiledRules } from './rules.ts';
import { requiredAmount } from './area-evaluation.ts';
import {
  ANY_OF,
  FLOOR_AMOUNT,
  PER_SITE_KEYS,
  POPULATION,
  RADIUS,
  SITE_AMOUNT,
  countsAsProvision,
  demandOf,
  round2,
  type EvalArea,
  type NearFacility,
} from './model.ts';

export type ProjectLike = {
  households: number;
  population?: number | null;
  lon?: number | null;
  lat?: number | null;
  regionCode: string;
  kind?: AreaKind;
};

/**
 * What a new project must build: per facility type, the floor and site area (and sites) that
 * the governing rules require for its households and population, where the type is required
 * by an amount, by population, or by a radius that no counted facility already covers.
 */
export function requirementsFor(
  project: ProjectLike,
  source: {
    compiled: CompiledRules;
    settings: GapSettings;
    /** Facilities of `type` within `radius` metres of a point. */
    near: (type: FacilityTypeCode, lon: number, lat: number, radius: number) => NearFacility[];
  },
): RequiredFacility[] {
  const { compiled, settings } = source;
  const area: EvalArea = {
    id: -1,
    lon: project.lon ?? null,
    lat: project.lat ?? null,
    households: project.households,
    population: project.population ?? null,
    kind: project.kind ?? 'new',
    regionCode: project.regionCode,
  };
  const d = demandOf(area, settings);
  const out: RequiredFacility[] = [];
  const selection = governingFor(compiled, d);
  for (let t = 0; t < compiled.byType.length; t++) {
    const tr = compiled.byType[t] as (typeof compiled.byType)[number];
    const chosen = selection[t] as readonly (CompiledRule | undefined)[];
    const basis: RequiredFacility['rules'] = [];
    const cite = (c: CompiledRule, required: number | null) =>
      basis.push({
        ruleId: c.rule.id,
        ruleCode: c.rule.code,
        ruleVersion: c.rule.version,
        metric: c.rule.metric,
        value: c.rule.value,
        unit: c.rule.unit,
        required,
        verified: c.rule.verified,
        source: c.rule.source,
        clause: c.rule.clause,
      });
    let floor: number | null = null;
    let site: number | null = null;
    let sites = 0;
    let alternatives: RequiredFacility['alternatives'] = null;

    const floorAmount = chosen[FLOOR_AMOUNT];
    if (floorAmount) {
      const m = floorAmount.rule.metric as AmountAlternative['metric'];
      floor = requiredAmount(m, floorAmount.rule.value ?? 0, d);
      if (floor > 0) sites = 1;
      cite(floorAmount, floor);
    }
    const siteAmount = chosen[SITE_AMOUNT];
    if (siteAmount) {
      const m = siteAmount.rule.metric as AmountAlternative['metric'];
      site = requiredAmount(m, siteAmount.rule.value ?? 0, d);
      if (site > 0) sites = 1;
      cite(siteAmount, site);
    }
    const anyOf = chosen[ANY_OF];
    if (anyOf) {
      alternatives = (anyOf.rule.anyOf ?? []).map((alt) => {
        const amount = requiredAmount(alt.metric, alt.value, d);
        const isSite = METRIC_INFO[alt.metric].attribute === 'siteArea';
        return {
          code: alt.code,
          floorArea: isSite ? null : amount,
          siteArea: isSite ? amount : null,
        };
      });
      if (alternatives.some((a) => (a.floorArea ?? a.siteArea ?? 0) > 0))
        sites = Math.max(sites, 1);
      cite(anyOf, null);
    }
    const population = chosen[POPULATION];
    if (population) {
      const n = Math.ceil(d.persons / (population.rule.value ?? 1));
      sites = Math.max(sites, n);
      cite(population, n);
    }
    const radius = chosen[RADIUS];
    if (radius) {
      const r = radius.rule.value ?? 0;
      // An unknown location cannot show the project is served, so the facility is required.
      const covered =
        area.lon !== null &&
        area.lat !== null &&
        source.near(tr.type, area.lon, area.lat, r).some((n) => countsAsProvision(n.item));
      if (!covered) {
        sites = Math.max(sites, 1);
        cite(radius, r);
      }
    }
    if (sites === 0) continue;
    // Per-site minimums size each site; with an either/or and no plain amount of the same
    // kind, they size the matching alternative (an outdoor minimum binds the outdoor option).
    for (const [slot, key] of PER_SITE_KEYS) {
      const c = chosen[slot];
      if (!c) continue;
      const total = round2((c.rule.value ?? 0) * sites);
      const plain = key === 'floorArea' ? floor : site;
      if (alternatives && plain === null) {
        alternatives = alternatives.map((a) => {
          const v = a[key];
          return v === null ? a : { ...a, [key]: Math.max(v, total) };
        });
      } else if (key === 'floorArea') floor = Math.max(floor ?? 0, total);
      else site = Math.max(site ?? 0, total);
      cite(c, total);
    }
    out.push({
      facilityType: tr.type,
      category: tr.category,
      floorArea: floor,
      siteArea: site,
      sites,
      alternatives,
      rules: basis,
    });
  }
  return out;
}
