import type { CategoryCode } from '@zibo/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeCategory, canSeeRegion } from '../../platform/auth/scope.ts';

/**
 * Record abilities for the UI; the services enforce the same rules. An archived record (issue 11)
 * is history only: no update, delete, archive or new facility.
 */
export function areaAbilities(
  actor: Actor,
  area: { regionCode: string; archivedAt?: Date | null },
  locked: boolean,
) {
  const write =
    actor.permissions.has('ledger.write') &&
    canSeeRegion(actor, area.regionCode) &&
    !locked &&
    !area.archivedAt;
  return { update: write, delete: write, archive: write, addFacility: write };
}

export function facilityAbilities(
  actor: Actor,
  f: { regionCode: string; category: string; archivedAt?: Date | null },
  locked: boolean,
) {
  const write =
    actor.permissions.has('ledger.write') &&
    canSeeRegion(actor, f.regionCode) &&
    canSeeCategory(actor, f.category as CategoryCode) &&
    !locked &&
    !f.archivedAt;
  return { update: write, delete: write, archive: write };
}
