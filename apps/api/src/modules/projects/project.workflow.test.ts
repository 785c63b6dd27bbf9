import { describe, expect, it } from 'vitest';
import { PROJECT_GATES, type ProjectGate } from '@zibo/shared';
import {
  checkAdjustRequired,
  checkOpinion,
  checkSubmit,
  currentGateOf,
  initialGates,
  laterGates,
  passGate,
  requiredDepartmentsFor,
  returnGate,
  roundOutcome,
  setPresale,
  type GateFacts,
  type GateState,
} from './project.workflow.ts';

const SEVEN = [
  '3703-natural_resources',
  '3703-housing',
  '3703-education',
  '3703-civil_affairs',
  '3703-health',
  '3703-commerce',
  '3703-sports',
];

/** Gates with every gate before `gate` passed (or skipped) and `gate` in `status`. */
function at(
  gate: ProjectGate,
  status: GateState['status'] = 'pending',
  presale = true,
): GateState[] {
  let gates = initialGates(presale);
  for (const g of PROJECT_GATES) {
    if (g === gate) break;
    if (gates.find((x) => x.gate === g)?.status !== 'skipped') gates = passGate(gates, g);
  }
  return gates.map((g) => (g.gate === gate ? { ...g, status } : g));
}

describe('project gates (P7–P10)', () => {
  it('starts at the planning review and skips the pre-sale consultation unless pre-sale comes first', () => {
    const without = initialGates(false);
    expect(without.map((g) => g.gate)).toEqual([...PROJECT_GATES]);
    expect(without.find((g) => g.gate === 'presale_consultation')?.status).toBe('skipped');
    expect(initialGates(true).every((g) => g.status === 'pending')).toBe(true);
    expect(currentGateOf(without)).toBe('planning_review');
  });

  it('names who opines at each gate', () => {
    const facts: GateFacts = { categories: ['education', 'elderly_care'], governmentOwned: true };
    // P7: natural resources leads, six departments review with it; P9 the same seven at completion.
    expect(new Set(requiredDepartmentsFor('planning_review', facts))).toEqual(new Set(SEVEN));
    expect(new Set(requiredDepartmentsFor('completion_review', facts))).toEqual(new Set(SEVEN));
    // P8: the permit is housing's alone; pre-sale asks the facility departments.
    expect(requiredDepartmentsFor('construction_permit', facts)).toEqual(['3703-housing']);
    expect(requiredDepartmentsFor('presale_consultation', facts)).toEqual([
      '3703-education',
      '3703-civil_affairs',
    ]);
    expect(requiredDepartmentsFor('agreement', facts)).toEqual([
      '3703-natural_resources',
      '3703-education',
      '3703-civil_affairs',
    ]);
    // P10: government property goes under the state-asset agency.
    expect(requiredDepartmentsFor('handover_registration', facts)).toContain('3703-state_assets');
    expect(
      requiredDepartmentsFor('handover_registration', {
        categories: ['commerce'],
        governmentOwned: false,
      }),
    ).toEqual(['3703-commerce']);
  });

  it('refuses a gate out of order, under review, passed or skipped', () => {
    const start = initialGates(false);
    expect(checkSubmit(start, 'planning_review')).toEqual({ ok: true });
    const early = checkSubmit(start, 'land_supply_review');
    expect(early.ok).toBe(false);
    expect(!early.ok && early.message).toContain('规划联合审查');

    const open = at('planning_review', 'open');
    expect(checkSubmit(open, 'planning_review').ok).toBe(false);
    expect(checkOpinion(open, 'planning_review')).toEqual({ ok: true });
    expect(checkOpinion(open, 'land_supply_review').ok).toBe(false);

    const later = at('agreement');
    const reopen = checkSubmit(later, 'planning_review');
    expect(!reopen.ok && reopen.message).toContain('不能重新提交');
    expect(checkOpinion(later, 'planning_review').ok).toBe(false);

    const skipped = at('completion_review', 'pending', false);
    expect(checkSubmit(skipped, 'presale_consultation').ok).toBe(false);
    expect(checkSubmit(skipped, 'completion_review')).toEqual({ ok: true });
    expect(checkSubmit(at('use_supervision', 'open'), 'use_supervision').ok).toBe(false);
  });

  it('returns a gate on any reject and passes it only when every required department approved', () => {
    const required = ['a', 'b', 'c'];
    expect(roundOutcome(required, [{ departmentCode: 'a', decision: 'approve' }])).toBe('open');
    expect(
      roundOutcome(required, [
        { departmentCode: 'a', decision: 'approve' },
        { departmentCode: 'b', decision: 'reject' },
      ]),
    ).toBe('returned');
    expect(
      roundOutcome(required, [
        { departmentCode: 'a', decision: 'approve' },
        { departmentCode: 'b', decision: 'approve_with_conditions' },
        { departmentCode: 'c', decision: 'approve' },
      ]),
    ).toBe('passed');
    const returned = returnGate(at('planning_review', 'open'), 'planning_review');
    expect(returned[0]?.status).toBe('returned');
    expect(checkSubmit(returned, 'planning_review')).toEqual({ ok: true });
  });

  it('moves to the next applicable gate and opens use supervision after handover', () => {
    expect(
      currentGateOf(passGate(at('construction_permit', 'open', false), 'construction_permit')),
    ).toBe('completion_review');
    expect(
      currentGateOf(passGate(at('construction_permit', 'open', true), 'construction_permit')),
    ).toBe('presale_consultation');
    const after = passGate(at('handover_registration', 'open'), 'handover_registration');
    expect(currentGateOf(after)).toBe('use_supervision');
    expect(after.find((g) => g.gate === 'use_supervision')?.status).toBe('open');
  });

  it('lets required facilities change only before land supply passes and never under review', () => {
    expect(checkAdjustRequired(initialGates(false)).ok).toBe(true);
    expect(checkAdjustRequired(at('land_supply_review', 'returned')).ok).toBe(true);
    expect(checkAdjustRequired(at('planning_review', 'open')).ok).toBe(false);
    expect(checkAdjustRequired(at('agreement')).ok).toBe(false);
  });

  it('changes the pre-sale flag only while the consultation is ahead', () => {
    const changed = setPresale(initialGates(false), true);
    expect(
      Array.isArray(changed) && changed.find((g) => g.gate === 'presale_consultation')?.status,
    ).toBe('pending');
    expect(Array.isArray(setPresale(at('completion_review', 'pending', false), true))).toBe(false);
  });

  it('lets a condition be due only at a later applicable gate', () => {
    const gates = at('land_supply_review', 'open', false);
    expect(laterGates(gates, 'land_supply_review')).toEqual([
      'agreement',
      'construction_permit',
      'completion_review',
      'handover_registration',
      'use_supervision',
    ]);
  });
});
