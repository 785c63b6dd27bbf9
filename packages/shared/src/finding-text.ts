import { FACILITY_TYPE_NAMES } from './categories.ts';
import {
  FINDING_REASON_NAMES,
  FINDING_STATUS_NAMES,
  METRIC_INFO,
  type Finding,
} from './contracts/standards.ts';

/** At most two decimals, without trailing zeros (300, 12.5, 0.35). */
function amount(n: number): string {
  return String(Math.round(n * 100) / 100);
}

type FindingFacts = Pick<
  Finding,
  | 'facilityType'
  | 'metric'
  | 'required'
  | 'actual'
  | 'unit'
  | 'status'
  | 'reason'
  | 'ruleCode'
  | 'source'
  | 'clause'
  | 'verified'
>;

/**
 * What a finding measured, in a sentence (P4: the problem a gap becomes says what is missing and
 * by which rule). A service radius names the distance to the nearest counted facility, or that
 * none is within the radius; never "现有 0m", which reads as a facility at the door.
 *
 *   幼儿园缺失：服务半径要求 ≤ 300m，半径内没有计入的设施。依据：EDU-020 …
 *   社区综合服务用房不足：建筑面积要求 300m²，现有 120m²。依据：CIV-001 …
 */
export function describeFinding(f: FindingFacts): string {
  const type = FACILITY_TYPE_NAMES[f.facilityType];
  const status = FINDING_STATUS_NAMES[f.status];
  const name = METRIC_INFO[f.metric].name;
  const u = f.unit;
  let measured: string;
  if (f.metric === 'service_radius') {
    measured =
      `${name}要求 ≤ ${amount(f.required)}${u}，` +
      (f.reason
        ? FINDING_REASON_NAMES[f.reason]
        : f.actual === null
          ? '半径内没有计入的设施'
          : `最近的计入设施 ${amount(f.actual)}${u}（直线距离）`);
  } else {
    measured =
      `${name}要求 ${amount(f.required)}${u}，` +
      (f.reason ? FINDING_REASON_NAMES[f.reason] : `现有 ${amount(f.actual ?? 0)}${u}`);
  }
  const basis =
    `${f.ruleCode} ${[f.source, f.clause].filter(Boolean).join(' ')}` +
    (f.verified ? '' : '（待核实）');
  return `${type}${status}：${measured}。依据：${basis}`;
}
