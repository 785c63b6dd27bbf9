import type { CategoryCode } from '@zibo/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeCategory, canSeeRegion } from '../../platform/auth/scope.ts';

/** Record abilities for the UI; the services enforce the same rules. */
export function areaAbilities(actor: Actor, area: { regionCode: string }, locked: boolean) {
  const write =
    actor.permissions.has('ledger.write') && canSeeRegion(actor, area.regionCode) && !locked;
  return { update: write, delete: write, addFacility: write };
}

export function facilityAbilities(
  actor: Actor,
  f: { regionCode: string; category: string },
  locked: boolean,
) {
  const write =
    actor.permissions.has('ledger.write') &&
    canSeeRegion(actor, f.regionCode) &&
    canSeeCategory(actor, f.category as CategoryCode) &&
    !locked;
  return { update: write, delete: write };
}
