import { categoryOfFacilityType, type FacilityTypeCode } from '@zibo/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeCategory, canSeeRegion } from '../../platform/auth/scope.ts';
import { toWgs84 } from '../../platform/geo.ts';

/**
 * The ledger's write rules as pure checks, in one place: single writes (`ledger.service.ts`) and
 * the workbook import (`ledger-import.service.ts`) both ask these, each reporting a failure in its
 * own way (an error response, or an error row of the import report). The value bounds (longitude,
 * latitude, households …) are the shared contract's (`LEDGER_BOUNDS` in packages/shared).
 */

/** The district (6-digit code) whose ledger lock governs a region code (P3). */
export function districtOf(regionCode: string): string {
  return regionCode.slice(0, 6);
}

/** The distinct districts of some region codes. */
export function districtsOf(regionCodes: Iterable<string>): string[] {
  return [...new Set([...regionCodes].map(districtOf))];
}

/**
 * A record's community: it must exist, be a community (not a street or district), and lie in the
 * actor's region. `level` is the region's level as stored, undefined when there is no such code.
 */
export type CommunityCheck = 'ok' | 'not_a_community' | 'out_of_scope';
export function checkCommunity(
  actor: Actor,
  regionCode: string,
  level: string | undefined,
): CommunityCheck {
  if (level !== 'community') return 'not_a_community';
  if (!canSeeRegion(actor, regionCode)) return 'out_of_scope';
  return 'ok';
}

/** A facility type the actor may write: its category must be one of the actor's. */
export function mayWriteType(actor: Actor, type: FacilityTypeCode): boolean {
  return canSeeCategory(actor, categoryOfFacilityType(type));
}

type CoordSystem = 'wgs84' | 'gcj02' | 'bd09';
/**
 * Coordinates as stored: both or neither, converted to WGS-84 from the system they were given in.
 * `missing` names the one given without the other.
 */
export function storedPoint(
  lon: number | null | undefined,
  lat: number | null | undefined,
  system: CoordSystem = 'wgs84',
): { lon: number | null; lat: number | null; missing?: 'lon' | 'lat' } {
  if (lon == null || lat == null) {
    if ((lon == null) !== (lat == null)) {
      return { lon: null, lat: null, missing: lon == null ? 'lon' : 'lat' };
    }
    return { lon: null, lat: null };
  }
  const [x, y] = toWgs84(lon, lat, system);
  return { lon: x, lat: y };
}
