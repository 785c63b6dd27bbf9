import {
  FACILITY_TYPE_CODES,
  categoryOfFacilityType,
  type ConstructionMethod,
  type ConstructionStatus,
  type FacilityTypeCode,
  type Ownership,
  type ProjectRequiredFacility,
  type RequiredFacility,
  type UseStatus,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { GapEngine, type EvalFacility } from '../gap-analysis/index.ts';
import { selectFacilitiesInBox } from '../ledger/index.ts';
import { readSettings } from '../org/index.ts';
import { currentRules } from '../standards/index.ts';
import { cityDepartmentName, facilityDepartmentOf } from './project.workflow.ts';

/** Facilities that take their own plot (独立占地) by default; the rest are built into the housing. */
const STANDALONE: ReadonlySet<FacilityTypeCode> = new Set([
  'kindergarten',
  'primary_school',
  'middle_school',
  'sports_venue',
]);

function defaultOwnership(type: FacilityTypeCode): Ownership {
  // P10: property is in principle the government's; convenience commerce is run by the market,
  // so it stays with the investor under the commerce department's supervision.
  return categoryOfFacilityType(type) === 'commerce' ? 'investor' : 'government';
}

/** The default handover requirement for a facility owned as given (P7 移交要求, P10). */
export function defaultHandoverRequirement(ownership: Ownership, departmentName: string): string {
  switch (ownership) {
    case 'government':
      return `竣工验收合格后无偿移交${departmentName}，办理不动产登记，纳入政府资产管理机构监管，不得改变用途`;
    case 'investor':
      return `产权归投资方，由${departmentName}监管使用，须按规划用途经营，不得改变用途`;
    case 'owners':
      return `产权归全体业主，由${departmentName}监管使用，不得改变用途`;
    case 'other':
      return `由${departmentName}监管使用，不得改变用途`;
  }
}

/** Adds the P7 terms (method, ownership, handover) to what the standards engine requires. */
export function withProjectTerms(r: RequiredFacility): ProjectRequiredFacility {
  const departmentCode = facilityDepartmentOf(r.category);
  const departmentName = cityDepartmentName(departmentCode);
  const constructionMethod: ConstructionMethod = STANDALONE.has(r.facilityType)
    ? 'standalone'
    : 'attached';
  const ownership = defaultOwnership(r.facilityType);
  return {
    ...r,
    constructionMethod,
    ownership,
    handoverTo: departmentCode,
    handoverToName: departmentName,
    handoverRequirement: defaultHandoverRequirement(ownership, departmentName),
    departmentCode,
    adjusted: false,
  };
}

const METRES_PER_DEGREE = 111_320;

/**
 * What a new project must build under the current standards and settings, by the same engine as
 * the gap analysis. Ledger facilities near the site are loaded so that a service radius already
 * covered by a counted facility asks for nothing new (the engine's rule).
 */
export async function computeRequiredFacilities(
  db: Db,
  project: {
    households: number;
    population: number | null;
    lon: number;
    lat: number;
    regionCode: string;
  },
): Promise<ProjectRequiredFacility[]> {
  const [rules, settings] = await Promise.all([currentRules(db), readSettings(db)]);
  const engine = new GapEngine({
    rules,
    settings: { personsPerHousehold: settings.personsPerHousehold },
  });
  const radius = Math.max(0, ...FACILITY_TYPE_CODES.map((t) => engine.maxRadiusOf(t)));
  const nearby: EvalFacility[] = [];
  if (radius > 0) {
    const dLat = radius / METRES_PER_DEGREE;
    const dLon = radius / (METRES_PER_DEGREE * Math.cos((project.lat * Math.PI) / 180));
    const rows = await selectFacilitiesInBox(db, {
      west: project.lon - dLon,
      east: project.lon + dLon,
      south: project.lat - dLat,
      north: project.lat + dLat,
    });
    for (const f of rows) {
      nearby.push({
        id: f.id,
        type: f.type as FacilityTypeCode,
        lon: f.lon,
        lat: f.lat,
        floorArea: f.floorArea,
        siteArea: f.siteArea,
        residentialAreaIds: [],
        constructionStatus: f.constructionStatus as ConstructionStatus | null,
        useStatus: f.useStatus as UseStatus | null,
      });
    }
  }
  engine.load([], nearby);
  return engine
    .requiredFor({
      households: project.households,
      population: project.population,
      lon: project.lon,
      lat: project.lat,
      regionCode: project.regionCode,
      kind: 'new',
    })
    .map(withProjectTerms);
}
