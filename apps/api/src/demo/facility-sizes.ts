import type { FacilityTypeCode } from '@zibo/shared';

/** Plausible floor and site areas (m²) of each facility type, in town and in the villages. */
export type SizeRange = { floor: [number, number] | null; site: [number, number] | null };

export const FACILITY_SIZES: Record<FacilityTypeCode, { urban: SizeRange; rural: SizeRange }> = {
  kindergarten: {
    urban: { floor: [1500, 3500], site: [2400, 6000] },
    rural: { floor: [600, 1800], site: [1200, 3500] },
  },
  primary_school: {
    urban: { floor: [6000, 16000], site: [15000, 40000] },
    rural: { floor: [3000, 9000], site: [10000, 26000] },
  },
  middle_school: {
    urban: { floor: [10000, 26000], site: [25000, 60000] },
    rural: { floor: [6000, 15000], site: [18000, 40000] },
  },
  community_service_room: {
    urban: { floor: [150, 900], site: null },
    rural: { floor: [100, 500], site: null },
  },
  elderly_day_care: {
    urban: { floor: [300, 1600], site: null },
    rural: { floor: [300, 1000], site: null },
  },
  elderly_service_station: {
    urban: { floor: [80, 400], site: null },
    rural: { floor: [80, 300], site: null },
  },
  convenience_market: {
    urban: { floor: [400, 2500], site: null },
    rural: { floor: [800, 3000], site: [1500, 6000] },
  },
  convenience_store: {
    urban: { floor: [50, 300], site: null },
    rural: { floor: [30, 150], site: null },
  },
  sports_venue: {
    urban: { floor: [1000, 6000], site: [3000, 12000] },
    rural: { floor: [800, 3000], site: [3000, 10000] },
  },
  fitness_site: {
    urban: { floor: null, site: [200, 2500] },
    rural: { floor: null, site: [300, 1500] },
  },
  health_centre: {
    urban: { floor: [1400, 6000], site: [2000, 8000] },
    rural: { floor: [1000, 4000], site: [2000, 8000] },
  },
  health_station: {
    urban: { floor: [100, 400], site: null },
    rural: { floor: [60, 200], site: null },
  },
};
