import {
  CONSTRUCTION_METHOD_NAMES,
  FACILITY_TYPE_NAMES,
  GATE_DOCUMENT_NAMES,
  PROJECT_OWNERSHIP_NAMES,
  type FacilityTypeCode,
  type GateFacility,
  type GateIssue,
  type ProjectGate,
  type ProjectRequiredFacility,
} from '@zibo/shared';

/**
 * The document check of every gate, pure: the facilities a gate's document states, against the
 * project's required facilities and the documents of the gates before it.
 *
 * - planning_review (P7): every required facility, in the required amount (应建尽建 starts here).
 * - land_supply_review (P7): also each facility's construction method, ownership and handover
 *   recipient as required, and everything the planning conditions contained.
 * - agreement (P7): the land contract carries everything the land-supply conditions did.
 * - construction_permit (P8): the application equals the land contract, facility by facility.
 * - presale_consultation (P8): the facilities still as the land contract has them.
 * - completion_review (P8, P9): every facility built and accepted, in at least the required
 *   and the contracted amount.
 * - handover_registration (P10): every facility as built, handed over and registered.
 */

export type Requirement = Pick<
  ProjectRequiredFacility,
  | 'facilityType'
  | 'floorArea'
  | 'siteArea'
  | 'sites'
  | 'alternatives'
  | 'constructionMethod'
  | 'ownership'
  | 'handoverTo'
>;
export type EarlierDocuments = Partial<Record<ProjectGate, readonly GateFacility[]>>;

type Totals = { count: number; floorArea: number; siteArea: number };

const round2 = (x: number) => Math.round(x * 100) / 100;
const EPS = 0.005;
const m2 = (x: number) => `${round2(x)} m²`;

export function totalsByType(facilities: readonly GateFacility[]): Map<FacilityTypeCode, Totals> {
  const out = new Map<FacilityTypeCode, Totals>();
  for (const f of facilities) {
    const t = out.get(f.facilityType) ?? { count: 0, floorArea: 0, siteArea: 0 };
    t.count++;
    t.floorArea = round2(t.floorArea + f.floorArea);
    t.siteArea = round2(t.siteArea + (f.siteArea ?? 0));
    out.set(f.facilityType, t);
  }
  return out;
}

/** The document each gate is compared with, where the policy says so. */
const EARLIER: Partial<Record<ProjectGate, ProjectGate>> = {
  land_supply_review: 'planning_review',
  agreement: 'land_supply_review',
  construction_permit: 'agreement',
  presale_consultation: 'agreement',
  completion_review: 'agreement',
  handover_registration: 'completion_review',
};

class Issues {
  readonly list: GateIssue[] = [];
  private readonly seen = new Set<string>();
  add(type: FacilityTypeCode | null, code: string, message: string, path = 'facilities'): void {
    const key = `${type}|${code}|${path}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ path, facilityType: type, code, message });
  }
  has(type: FacilityTypeCode, code: string): boolean {
    return this.list.some((i) => i.facilityType === type && i.code === code);
  }
}

/** The issues that make `gate` refuse the document; empty when it passes the check. */
export function checkGateDocument(input: {
  gate: ProjectGate;
  facilities: readonly GateFacility[];
  required: readonly Requirement[];
  earlier: EarlierDocuments;
}): GateIssue[] {
  const { gate, facilities, required } = input;
  const issues = new Issues();
  const stated = totalsByType(facilities);

  for (const r of required) checkCoverage(issues, r, stated.get(r.facilityType));

  if (gate !== 'planning_review') checkTerms(issues, facilities, required);

  const earlierGate = EARLIER[gate];
  const earlier = earlierGate ? input.earlier[earlierGate] : undefined;
  if (earlierGate && earlier) {
    if (gate === 'construction_permit') checkEqual(issues, facilities, earlier);
    else checkCarried(issues, stated, totalsByType(earlier), GATE_DOCUMENT_NAMES[earlierGate]);
  }

  if (gate === 'completion_review') {
    facilities.forEach((f, i) => {
      const name = FACILITY_TYPE_NAMES[f.facilityType];
      if (f.built !== true)
        issues.add(f.facilityType, 'not_built', `${name}尚未建成`, `facilities.${i}.built`);
      if (f.accepted !== true)
        issues.add(f.facilityType, 'not_accepted', `${name}未经验收`, `facilities.${i}.accepted`);
    });
  }
  if (gate === 'handover_registration') {
    facilities.forEach((f, i) => {
      const name = FACILITY_TYPE_NAMES[f.facilityType];
      if (f.handedOver !== true)
        issues.add(
          f.facilityType,
          'not_handed_over',
          `${name}尚未移交`,
          `facilities.${i}.handedOver`,
        );
      if (f.registered !== true)
        issues.add(
          f.facilityType,
          'not_registered',
          `${name}尚未办理产权登记`,
          `facilities.${i}.registered`,
        );
    });
  }
  return issues.list;
}

/** Present, in the required amount and number of sites; an either/or is met by any alternative. */
function checkCoverage(issues: Issues, r: Requirement, t: Totals | undefined): void {
  const name = FACILITY_TYPE_NAMES[r.facilityType];
  if (!t) {
    issues.add(r.facilityType, 'missing', `缺少${name}（${describeRequirement(r)}）`);
    return;
  }
  if (r.floorArea !== null && t.floorArea + EPS < r.floorArea) {
    issues.add(
      r.facilityType,
      'short_floor_area',
      `${name}建筑面积 ${m2(t.floorArea)}，应不少于 ${m2(r.floorArea)}，少 ${m2(r.floorArea - t.floorArea)}`,
    );
  }
  if (r.siteArea !== null && t.siteArea + EPS < r.siteArea) {
    issues.add(
      r.facilityType,
      'short_site_area',
      `${name}用地面积 ${m2(t.siteArea)}，应不少于 ${m2(r.siteArea)}，少 ${m2(r.siteArea - t.siteArea)}`,
    );
  }
  const alternatives = r.alternatives ?? [];
  if (alternatives.length > 0) {
    const met = alternatives.some((a) =>
      a.floorArea !== null
        ? t.floorArea + EPS >= a.floorArea
        : t.siteArea + EPS >= (a.siteArea ?? 0),
    );
    if (!met) {
      issues.add(
        r.facilityType,
        'short_alternatives',
        `${name}面积不足：应${alternatives.map(describeAlternative).join('，或')}`,
      );
    }
  }
  if (t.count < r.sites) {
    issues.add(r.facilityType, 'too_few_sites', `${name}仅 ${t.count} 处，应不少于 ${r.sites} 处`);
  }
}

/** P7: construction method, ownership and handover recipient as the project requires. */
function checkTerms(
  issues: Issues,
  facilities: readonly GateFacility[],
  required: readonly Requirement[],
): void {
  facilities.forEach((f, i) => {
    const r = required.find((x) => x.facilityType === f.facilityType);
    if (!r) return;
    const name = FACILITY_TYPE_NAMES[f.facilityType];
    if (f.constructionMethod !== r.constructionMethod) {
      issues.add(
        f.facilityType,
        'construction_method_mismatch',
        `${name}建设方式为“${CONSTRUCTION_METHOD_NAMES[f.constructionMethod]}”，应为“${CONSTRUCTION_METHOD_NAMES[r.constructionMethod]}”`,
        `facilities.${i}.constructionMethod`,
      );
    }
    if (f.ownership !== r.ownership) {
      issues.add(
        f.facilityType,
        'ownership_mismatch',
        `${name}产权归属为“${PROJECT_OWNERSHIP_NAMES[f.ownership]}”，应为“${PROJECT_OWNERSHIP_NAMES[r.ownership]}”`,
        `facilities.${i}.ownership`,
      );
    }
    if (f.handoverTo !== r.handoverTo) {
      issues.add(
        f.facilityType,
        'handover_mismatch',
        `${name}移交对象为“${f.handoverTo}”，应为“${r.handoverTo}”`,
        `facilities.${i}.handoverTo`,
      );
    }
  });
}

/** Everything the earlier document contained, in at least its amounts and number of sites. */
function checkCarried(
  issues: Issues,
  stated: Map<FacilityTypeCode, Totals>,
  earlier: Map<FacilityTypeCode, Totals>,
  earlierName: string,
): void {
  for (const [type, e] of earlier) {
    const name = FACILITY_TYPE_NAMES[type];
    const t = stated.get(type);
    if (!t) {
      issues.add(type, 'missing', `缺少${earlierName}中的${name}`);
      continue;
    }
    if (!issues.has(type, 'short_floor_area') && t.floorArea + EPS < e.floorArea) {
      issues.add(
        type,
        'short_floor_area',
        `${name}建筑面积 ${m2(t.floorArea)}，少于${earlierName}中的 ${m2(e.floorArea)}，少 ${m2(e.floorArea - t.floorArea)}`,
      );
    }
    if (!issues.has(type, 'short_site_area') && t.siteArea + EPS < e.siteArea) {
      issues.add(
        type,
        'short_site_area',
        `${name}用地面积 ${m2(t.siteArea)}，少于${earlierName}中的 ${m2(e.siteArea)}，少 ${m2(e.siteArea - t.siteArea)}`,
      );
    }
    if (!issues.has(type, 'too_few_sites') && t.count < e.count) {
      issues.add(
        type,
        'too_few_sites',
        `${name}仅 ${t.count} 处，少于${earlierName}中的 ${e.count} 处`,
      );
    }
  }
}

/** P8: the construction permit is issued strictly per the land contract — any difference refuses it. */
function checkEqual(
  issues: Issues,
  facilities: readonly GateFacility[],
  contract: readonly GateFacility[],
): void {
  const app = totalsByType(facilities);
  const con = totalsByType(contract);
  const types = [...new Set([...con.keys(), ...app.keys()])];
  for (const type of types) {
    const name = FACILITY_TYPE_NAMES[type];
    const a = app.get(type);
    const c = con.get(type);
    if (!a) {
      issues.add(type, 'contract_mismatch', `施工许可申请缺少土地出让合同约定的${name}`);
      continue;
    }
    if (!c) {
      issues.add(type, 'contract_mismatch', `土地出让合同未约定${name}，与施工许可申请不一致`);
      continue;
    }
    const diffs: string[] = [];
    if (a.count !== c.count) diffs.push(`${a.count} 处（合同 ${c.count} 处）`);
    if (Math.abs(a.floorArea - c.floorArea) > EPS)
      diffs.push(`建筑面积 ${m2(a.floorArea)}（合同 ${m2(c.floorArea)}）`);
    if (Math.abs(a.siteArea - c.siteArea) > EPS)
      diffs.push(`用地面积 ${m2(a.siteArea)}（合同 ${m2(c.siteArea)}）`);
    const terms = (list: readonly GateFacility[]) =>
      list
        .filter((f) => f.facilityType === type)
        .map((f) => `${f.constructionMethod}/${f.ownership}/${f.handoverTo}`)
        .sort()
        .join(';');
    if (terms(facilities) !== terms(contract)) diffs.push('建设方式、产权归属或移交对象与合同不同');
    if (diffs.length > 0) {
      issues.add(type, 'contract_mismatch', `${name}与土地出让合同不一致：${diffs.join('，')}`);
    }
  }
}

function describeAlternative(a: { floorArea: number | null; siteArea: number | null }): string {
  return a.floorArea !== null
    ? `建筑面积不少于 ${m2(a.floorArea)}`
    : `用地面积不少于 ${m2(a.siteArea ?? 0)}`;
}

/** A requirement in words, e.g. "建筑面积不少于 300 m²，1 处". */
export function describeRequirement(
  r: Pick<Requirement, 'floorArea' | 'siteArea' | 'sites' | 'alternatives'>,
): string {
  const parts: string[] = [];
  if (r.floorArea !== null) parts.push(`建筑面积不少于 ${m2(r.floorArea)}`);
  if (r.siteArea !== null) parts.push(`用地面积不少于 ${m2(r.siteArea)}`);
  if (r.alternatives?.length) parts.push(r.alternatives.map(describeAlternative).join('或'));
  parts.push(`至少 ${r.sites} 处`);
  return parts.join('，');
}

/** Per required facility: what the document states and the issues that concern it. */
export function checklistOf(
  required: readonly Requirement[],
  facilities: readonly GateFacility[] | null,
  issues: readonly GateIssue[],
) {
  const stated = facilities ? totalsByType(facilities) : null;
  return required.map((r) => {
    const own = issues.filter((i) => i.facilityType === r.facilityType).map((i) => i.message);
    return {
      facilityType: r.facilityType,
      stated: stated ? (stated.get(r.facilityType) ?? null) : null,
      ok: stated ? own.length === 0 : null,
      issues: own,
    };
  });
}
