import {
  CATEGORIES,
  DEPARTMENT_KIND_NAMES,
  GATE_STATUS_NAMES,
  PROJECT_GATES,
  PROJECT_GATE_NAMES,
  type CategoryCode,
  type DepartmentKind,
  type GateStatus,
  type OpinionDecision,
  type ProjectGate,
} from '@zibo/shared';
import { currentCity } from '../../platform/city.ts';

/**
 * P7–P10 — a project's gates as an explicit state machine. Each gate is
 * pending → open (its document submitted) → passed (every required department approved) or
 * returned (a department rejected) → open again on resubmission. Gates are taken strictly in
 * order; a passed gate never reopens; only the pre-sale consultation can be skipped, and only
 * when pre-sale does not come before completion (P8). Use supervision opens when handover
 * passes and stays open: it is the permanent inspection regime, not a review. Pure.
 */

/** Joint reviews are signed by the city-level departments (`<city code>-<kind>`). */
export function cityDepartment(kind: DepartmentKind): string {
  return `${currentCity().code}-${kind}`;
}

export function cityDepartmentName(code: string): string {
  const kind = departmentKindOf(code);
  return kind ? `${currentCity().name}${DEPARTMENT_KIND_NAMES[kind]}` : code;
}

/** The kind of a department from its code (`<region>-<kind>`, ADR 0008). */
export function departmentKindOf(code: string | null | undefined): DepartmentKind | null {
  if (!code) return null;
  const kind = code.slice(code.indexOf('-') + 1);
  return kind in DEPARTMENT_KIND_NAMES ? (kind as DepartmentKind) : null;
}

/** P7 and P9: the six departments that sit with the lead at planning, land-supply and completion reviews. */
const JOINT_REVIEW: readonly DepartmentKind[] = [
  'natural_resources',
  'housing',
  'education',
  'civil_affairs',
  'health',
  'commerce',
  'sports',
];

/** What decides who opines at a gate: the project's required facilities. */
export type GateFacts = {
  /** Categories of the project's required facilities. */
  categories: readonly CategoryCode[];
  /** Whether any required facility is government property (P10: the state-asset agency). */
  governmentOwned: boolean;
};

/** The lead departments of the given categories (P1), in catalogue order, each once. */
export function facilityDepartmentKinds(categories: readonly CategoryCode[]): DepartmentKind[] {
  const out: DepartmentKind[] = [];
  for (const c of CATEGORIES) {
    if (categories.includes(c.code) && !out.includes(c.leadDepartmentKind))
      out.push(c.leadDepartmentKind);
  }
  return out;
}

/** P1: the city department that leads a category, which receives and supervises its facilities. */
export function facilityDepartmentOf(category: CategoryCode): string {
  const kind = CATEGORIES.find((c) => c.code === category)?.leadDepartmentKind;
  return cityDepartment(kind ?? 'natural_resources');
}

/** Who must give an opinion at each gate (the brief's P7–P10 table). */
export function requiredDepartmentsFor(gate: ProjectGate, facts: GateFacts): string[] {
  const facility = facilityDepartmentKinds(facts.categories);
  let kinds: DepartmentKind[];
  switch (gate) {
    case 'planning_review':
    case 'land_supply_review':
    case 'completion_review':
      kinds = [...JOINT_REVIEW];
      break;
    case 'agreement':
      // P7: each department whose facility the project builds signs; natural resources records
      // the agreements in the land contract.
      kinds = ['natural_resources', ...facility];
      break;
    case 'construction_permit':
      kinds = ['housing'];
      break;
    case 'presale_consultation':
    case 'use_supervision':
      kinds = facility;
      break;
    case 'handover_registration':
      kinds = facts.governmentOwned ? [...facility, 'state_assets'] : facility;
      break;
  }
  return kinds.map(cityDepartment);
}

/** The department that leads a gate's review, where the policy names one. */
export function leadDepartmentOf(gate: ProjectGate): string | null {
  switch (gate) {
    case 'planning_review':
    case 'land_supply_review':
    case 'agreement':
      return cityDepartment('natural_resources');
    case 'construction_permit':
    case 'completion_review':
      return cityDepartment('housing');
    case 'presale_consultation':
    case 'handover_registration':
    case 'use_supervision':
      return null;
  }
}

export type Submitter = 'natural_resources' | 'developer';

/**
 * Who submits each gate's document: natural resources issues the planning and land-supply
 * conditions and records the land contract; the developer applies for everything after.
 */
export const GATE_SUBMITTERS: Record<ProjectGate, readonly Submitter[]> = {
  planning_review: ['natural_resources'],
  land_supply_review: ['natural_resources'],
  agreement: ['developer', 'natural_resources'],
  construction_permit: ['developer'],
  presale_consultation: ['developer'],
  completion_review: ['developer'],
  handover_registration: ['developer'],
  use_supervision: [],
};

export type GateState = { gate: ProjectGate; status: GateStatus };

export function gateIndex(gate: ProjectGate): number {
  return PROJECT_GATES.indexOf(gate);
}

/** The gates of a newly registered project. */
export function initialGates(presaleBeforeCompletion: boolean): GateState[] {
  return PROJECT_GATES.map((gate) => ({
    gate,
    status: gate === 'presale_consultation' && !presaleBeforeCompletion ? 'skipped' : 'pending',
  }));
}

/** The first gate not yet passed (use supervision once everything before it has passed). */
export function currentGateOf(gates: readonly GateState[]): ProjectGate {
  const g = gates.find((x) => x.status !== 'passed' && x.status !== 'skipped');
  return g?.gate ?? 'use_supervision';
}

function statusOf(gates: readonly GateState[], gate: ProjectGate): GateStatus {
  return gates.find((g) => g.gate === gate)?.status ?? 'pending';
}

export type Check = { ok: true } | { ok: false; message: string };

/** Whether `gate`'s document may be submitted now: the current gate, not under review or passed. */
export function checkSubmit(gates: readonly GateState[], gate: ProjectGate): Check {
  const name = PROJECT_GATE_NAMES[gate];
  if (gate === 'use_supervision') {
    return { ok: false, message: '使用监管以巡查记录为准，无需提交审查材料' };
  }
  const status = statusOf(gates, gate);
  switch (status) {
    case 'passed':
      return { ok: false, message: `“${name}”已通过，不能重新提交或重新打开` };
    case 'skipped':
      return { ok: false, message: `本项目不在竣工验收前预售，不适用“${name}”` };
    case 'open':
      return { ok: false, message: `“${name}”正在审查中，待各部门出具意见` };
    case 'pending':
    case 'returned': {
      const current = currentGateOf(gates);
      if (current !== gate) {
        return {
          ok: false,
          message: `须先通过“${PROJECT_GATE_NAMES[current]}”，才能提交“${name}”`,
        };
      }
      return { ok: true };
    }
  }
}

/** Whether opinions may be given at `gate` now: only while it is open for review. */
export function checkOpinion(gates: readonly GateState[], gate: ProjectGate): Check {
  const name = PROJECT_GATE_NAMES[gate];
  if (gate === 'use_supervision') {
    return { ok: false, message: '使用监管以巡查记录为准，不出具审查意见' };
  }
  const status = statusOf(gates, gate);
  if (status !== 'open') {
    return {
      ok: false,
      message: `“${name}”当前为“${GATE_STATUS_NAMES[status]}”，不在审查中，不能出具意见`,
    };
  }
  return { ok: true };
}

/**
 * The outcome of a round after an opinion: any reject returns the gate; it passes when every
 * required department has approved (with or without conditions); otherwise it stays open.
 */
export function roundOutcome(
  required: readonly string[],
  opinions: readonly { departmentCode: string; decision: OpinionDecision }[],
): 'open' | 'returned' | 'passed' {
  if (opinions.some((o) => o.decision === 'reject')) return 'returned';
  const approved = new Set(opinions.map((o) => o.departmentCode));
  return required.every((d) => approved.has(d)) ? 'passed' : 'open';
}

/** The gates after `gate` passes: the next applicable gate becomes current (use supervision opens). */
export function passGate(gates: readonly GateState[], gate: ProjectGate): GateState[] {
  const out = gates.map((g) => (g.gate === gate ? { ...g, status: 'passed' as const } : { ...g }));
  const next = currentGateOf(out);
  if (next === 'use_supervision') {
    const us = out.find((g) => g.gate === 'use_supervision');
    if (us && us.status === 'pending') us.status = 'open';
  }
  return out;
}

/** The gates after a department rejects at `gate`. */
export function returnGate(gates: readonly GateState[], gate: ProjectGate): GateState[] {
  return gates.map((g) => (g.gate === gate ? { ...g, status: 'returned' as const } : { ...g }));
}

/** P7: required facilities may be adjusted until land supply passes, never under an open review. */
export function checkAdjustRequired(gates: readonly GateState[]): Check {
  const current = currentGateOf(gates);
  if (current !== 'planning_review' && current !== 'land_supply_review') {
    return { ok: false, message: '供地联合审查通过后，配建要求已写入供地条件，不能再调整' };
  }
  if (statusOf(gates, current) === 'open') {
    return {
      ok: false,
      message: `“${PROJECT_GATE_NAMES[current]}”正在审查中，不能调整配建要求；可待退回后调整`,
    };
  }
  return { ok: true };
}

/** P8: the pre-sale flag may change only while the consultation is still ahead. */
export function setPresale(
  gates: readonly GateState[],
  presale: boolean,
): GateState[] | { ok: false; message: string } {
  const presaleAt = gateIndex('presale_consultation');
  if (gateIndex(currentGateOf(gates)) >= presaleAt) {
    return { ok: false, message: '项目已到预售环节之后，不能再修改是否竣工验收前预售' };
  }
  return gates.map((g) =>
    g.gate === 'presale_consultation' ? { ...g, status: presale ? 'pending' : 'skipped' } : g,
  );
}

/** The gates a condition raised at `gate` may be due at: the applicable gates after it. */
export function laterGates(gates: readonly GateState[], gate: ProjectGate): ProjectGate[] {
  const at = gateIndex(gate);
  return gates.filter((g) => gateIndex(g.gate) > at && g.status !== 'skipped').map((g) => g.gate);
}
