import type { FacilityTypeCode, GateFacility, ProjectRequiredFacility } from '@zibo/shared';

/**
 * Where the standards set no area for a type (a radius-only requirement such as a school), the
 * demo documents state a plausible one; the check needs only that the facility is there.
 */
const TYPICAL_FLOOR_AREA: Partial<Record<FacilityTypeCode, number>> = {
  primary_school: 12_000,
  middle_school: 15_000,
  convenience_store: 100,
  sports_venue: 2_000,
};
const TYPICAL_SITE_AREA: Partial<Record<FacilityTypeCode, number>> = {
  primary_school: 20_000,
  middle_school: 25_000,
};

const up2 = (x: number) => Math.ceil(x * 100) / 100;

/**
 * A document that states every required facility in its required amount and terms, one entry
 * per site (demo data, and the starting point a form can offer). `status` marks every entry
 * built/accepted/handed over/registered, for the completion and handover documents.
 */
export function compliantDocument(
  required: readonly ProjectRequiredFacility[],
  status: Pick<GateFacility, 'built' | 'accepted' | 'handedOver' | 'registered'> = {},
): GateFacility[] {
  const out: GateFacility[] = [];
  for (const r of required) {
    const alt = r.alternatives?.[0] ?? null;
    const floor = r.floorArea ?? alt?.floorArea ?? TYPICAL_FLOOR_AREA[r.facilityType] ?? 200;
    const site =
      r.siteArea ??
      (alt?.floorArea === null ? alt.siteArea : null) ??
      TYPICAL_SITE_AREA[r.facilityType] ??
      null;
    for (let i = 0; i < r.sites; i++) {
      out.push({
        facilityType: r.facilityType,
        floorArea: up2(floor / r.sites),
        siteArea: site === null ? null : up2(site / r.sites),
        constructionMethod: r.constructionMethod,
        ownership: r.ownership,
        handoverTo: r.handoverTo,
        handoverRequirement: r.handoverRequirement,
        ...status,
      });
    }
  }
  return out;
}
