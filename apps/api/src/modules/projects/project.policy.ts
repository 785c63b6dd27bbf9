import { categoryOfFacilityType, type FacilityTypeCode, type ProjectGate } from '@zibo/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeRegion } from '../../platform/auth/scope.ts';
import {
  GATE_SUBMITTERS,
  checkAdjustRequired,
  checkOpinion,
  checkSubmit,
  departmentKindOf,
  facilityDepartmentOf,
  gateIndex,
  type GateState,
} from './project.workflow.ts';

/** What the policy needs to know about a project. */
export type ProjectFacts = {
  developerUserId: number | null;
  regionCode: string;
  gates: readonly (GateState & {
    requiredDepartments: readonly string[];
    opined: readonly string[];
  })[];
};

export type ConditionFacts = {
  gate: ProjectGate;
  departmentCode: string;
  status: 'open' | 'answered' | 'resolved' | 'withdrawn';
};

const GOVERNMENT_ROLES = [
  'office',
  'department',
  'leader',
  'district',
  'street',
  'community',
] as const;

/** A developer account that holds no government role sees only its own projects. */
export function isDeveloperOnly(actor: Actor): boolean {
  return (
    actor.roles.includes('developer_org') && !GOVERNMENT_ROLES.some((r) => actor.roles.includes(r))
  );
}

/** A natural resources department account (city or district), acting within its region. */
export function isNaturalResources(actor: Actor): boolean {
  return (
    actor.roles.includes('department') &&
    departmentKindOf(actor.departmentCode) === 'natural_resources'
  );
}

export function isProjectDeveloper(
  actor: Actor,
  p: Pick<ProjectFacts, 'developerUserId'>,
): boolean {
  return actor.roles.includes('developer_org') && p.developerUserId === actor.id;
}

function naturalResourcesFor(actor: Actor, p: Pick<ProjectFacts, 'regionCode'>): boolean {
  return isNaturalResources(actor) && canSeeRegion(actor, p.regionCode);
}

/** Whether the actor may see the project at all (the repository applies the same rule in SQL). */
export function canSeeProject(
  actor: Actor,
  p: Pick<ProjectFacts, 'developerUserId' | 'regionCode'>,
): boolean {
  if (!actor.permissions.has('projects.read')) return false;
  if (isDeveloperOnly(actor)) return p.developerUserId === actor.id;
  return canSeeRegion(actor, p.regionCode);
}

/** P7: natural resources or the developer's own account registers a project. */
export function mayRegister(actor: Actor): boolean {
  return (
    actor.permissions.has('projects.register') &&
    (isNaturalResources(actor) || actor.roles.includes('developer_org'))
  );
}

/** Descriptive fields (name, developer, phases, location, pre-sale flag). */
export function mayUpdate(actor: Actor, p: ProjectFacts): boolean {
  return (
    actor.permissions.has('projects.register') &&
    (naturalResourcesFor(actor, p) || isProjectDeveloper(actor, p))
  );
}

/** Who submits a gate's document (GATE_SUBMITTERS), once the workflow allows it. */
export function maySubmit(actor: Actor, p: ProjectFacts, gate: ProjectGate): boolean {
  if (!actor.permissions.has('projects.submit')) return false;
  if (!checkSubmit(p.gates, gate).ok) return false;
  return isSubmitterOf(actor, p, gate);
}

export function isSubmitterOf(actor: Actor, p: ProjectFacts, gate: ProjectGate): boolean {
  const who = GATE_SUBMITTERS[gate];
  return (
    (who.includes('natural_resources') && naturalResourcesFor(actor, p)) ||
    (who.includes('developer') && isProjectDeveloper(actor, p))
  );
}

/** A department required at an open gate opines once per round, for its own department. */
export function mayOpine(actor: Actor, p: ProjectFacts, gate: ProjectGate): boolean {
  if (!actor.permissions.has('projects.opine') || !actor.roles.includes('department')) return false;
  if (!checkOpinion(p.gates, gate).ok) return false;
  const g = p.gates.find((x) => x.gate === gate);
  const code = actor.departmentCode;
  return !!g && !!code && g.requiredDepartments.includes(code) && !g.opined.includes(code);
}

/** Whether the actor's department is among those required at the gate (for a 403 message). */
export function isRequiredAt(actor: Actor, p: ProjectFacts, gate: ProjectGate): boolean {
  const g = p.gates.find((x) => x.gate === gate);
  return !!g && !!actor.departmentCode && g.requiredDepartments.includes(actor.departmentCode);
}

/** P7: only natural resources adjusts required facilities, and only before land supply passes. */
export function mayAdjustRequired(actor: Actor, p: ProjectFacts): boolean {
  return (
    actor.permissions.has('projects.adjust') &&
    naturalResourcesFor(actor, p) &&
    checkAdjustRequired(p.gates).ok
  );
}

/**
 * A condition is answered by whoever submits the document it concerns: natural resources for
 * conditions on the planning and land-supply conditions, the developer for the rest.
 */
export function mayAnswerCondition(actor: Actor, p: ProjectFacts, c: ConditionFacts): boolean {
  if (!actor.permissions.has('projects.submit') || c.status !== 'open') return false;
  if (isProjectDeveloper(actor, p)) return true;
  return naturalResourcesFor(actor, p) && gateIndex(c.gate) <= gateIndex('agreement');
}

/** Only the department that set a condition says whether it is met. */
export function mayDecideCondition(actor: Actor, c: ConditionFacts): boolean {
  return (
    actor.permissions.has('projects.opine') &&
    actor.roles.includes('department') &&
    actor.departmentCode === c.departmentCode &&
    c.status === 'answered'
  );
}

/** P10: the department of the facility's category inspects it once use supervision is open. */
export function mayInspect(actor: Actor, p: ProjectFacts, type?: FacilityTypeCode): boolean {
  if (!actor.permissions.has('projects.inspect') || !actor.roles.includes('department'))
    return false;
  const us = p.gates.find((g) => g.gate === 'use_supervision');
  if (!us || us.status !== 'open' || !actor.departmentCode) return false;
  if (!us.requiredDepartments.includes(actor.departmentCode)) return false;
  return !type || facilityDepartmentOf(categoryOfFacilityType(type)) === actor.departmentCode;
}

export function projectAbilities(actor: Actor, p: ProjectFacts) {
  return {
    update: mayUpdate(actor, p),
    adjustRequired: mayAdjustRequired(actor, p),
    inspect: mayInspect(actor, p),
  };
}

export function gateAbilities(actor: Actor, p: ProjectFacts, gate: ProjectGate) {
  return { submit: maySubmit(actor, p, gate), opine: mayOpine(actor, p, gate) };
}

export function conditionAbilities(actor: Actor, p: ProjectFacts, c: ConditionFacts) {
  return { answer: mayAnswerCondition(actor, p, c), decide: mayDecideCondition(actor, c) };
}
