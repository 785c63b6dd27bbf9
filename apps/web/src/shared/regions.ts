import type { RegionLevel } from '@zibo/shared';

export const REGION_LEVEL_NAMES: Record<RegionLevel, string> = {
  city: '市',
  district: '区县',
  street: '镇街',
  community: '社区（村）',
};

/** Region codes nest by length: city (4 digits) → district (6) → street (9) → community (12). */
const CODE_LENGTHS = [4, 6, 9, 12];

/** The codes of a region's ancestors, from the city down (the region itself excluded). */
export function listAncestorCodes(code: string): string[] {
  return CODE_LENGTHS.filter((n) => n < code.length).map((n) => code.slice(0, n));
}

/** The district (6-digit) code a region lies in, or null for the city. */
export function findDistrictCode(code: string): string | null {
  return code.length >= 6 ? code.slice(0, 6) : null;
}
