import type {
  AreaKind,
  ConstructionStatus,
  FacilityTypeCode,
  GapSettings,
  UseStatus,
} from '@zibo/shared';
import { SLOT_ORDER, type Demand } from './rules.ts';
import type { Hit, NearBuffer } from './spatial-index.ts';

/**
 * The engine's vocabulary: what it reads of an area and a facility, what counts as provision,
 * the demand of an area, and the rule slots.
 *
 * How the engine reads the ledger (decisions a reviewer should check against the policy):
 *
 * - Provision. A facility counts unless it is not yet built (construction `not_started` or
 *   `under_construction`) or does not serve its purpose (use `idle`, `repurposed`, `occupied`):
 *   P2 asks what residents actually lack, and P10 wants facilities used for their purpose. A
 *   facility with no stage recorded counts, since the ledger lists it as existing. Facilities
 *   that do not count are counted in `excludedCount` (and listed by `GapEngine.explain`).
 * - Apportioning. A facility linked to several areas is shared among them by households
 *   (the only demand every area has); areas of the link that are not loaded are left out
 *   (apportion.ts, the one routine for it).
 * - Amounts (per 100 households, per person, per 1,000 persons) count only the facilities linked
 *   to the area (its configured provision, 配建), pooled over the rule's counted types.
 * - Service radius counts any facility of the type within the radius, linked or not (residents
 *   use the nearest one). An area without coordinates cannot be checked: the finding is
 *   `short` when a linked facility exists, else `missing`, with reason `area_location_unknown`.
 *   A linked facility without coordinates likewise gives `short` with
 *   `facility_location_unknown`. P3 wants the ledger complete, so an unverifiable gap stays open.
 *   `actual` is the distance to the nearest counted facility, to the metre; whether a facility
 *   is within the radius is decided by the exact WGS-84 distance (spatial-index.ts).
 * - Per-site minimums check the facilities serving the area (linked ones and those within the
 *   governing radius): met when the largest reaches the minimum. They ask for no facility by
 *   themselves, so an area with none serving gets no per-site finding; its radius or amount
 *   finding reports the absence.
 * - Population per site: ceil(persons / value) sites, counted over the same serving facilities.
 * - Either/or (`any_of`): each alternative is evaluated as an amount; the finding is met when
 *   any alternative is met and reports the alternative closest to being met.
 * - Precedence: per facility type and slot (floor amount, site amount, either/or, radius,
 *   per-site floor, per-site site, population) one rule governs: see compareByPrecedence.
 * - Persons = the recorded population, or households × personsPerHousehold where unknown.
 */

export type EvalArea = {
  id: number;
  lon: number | null;
  lat: number | null;
  households: number;
  population: number | null;
  kind: AreaKind;
  regionCode: string;
};

export type EvalFacility = {
  id: number;
  type: FacilityTypeCode;
  lon: number | null;
  lat: number | null;
  floorArea: number | null;
  siteArea: number | null;
  residentialAreaIds: number[];
  constructionStatus: ConstructionStatus | null;
  useStatus: UseStatus | null;
};

/** A facility linked to the area, the area's share of it, and whether it counts as provision. */
export type LinkedFacility = { facility: EvalFacility; share: number; counted: boolean };
/** An area's link to a facility, as the engine keeps it (the type is the facility's own). */
export type LinkedEntry = LinkedFacility;
/**
 * The facilities of one type linked to an area: `facilities[i]`, the area's share `shares[i]`
 * and whether it counts as provision `counted[i]`, for i < count. Like a NearList, a context
 * refills it for the next area, so an evaluation makes no object per link.
 */
export type LinkedList = {
  count: number;
  facilities: EvalFacility[];
  shares: number[];
  counted: boolean[];
};

export function createLinkedList(): LinkedList {
  return { count: 0, facilities: [], shares: [], counted: [] };
}

export function pushLinked(
  list: LinkedList,
  facility: EvalFacility,
  share: number,
  counted: boolean,
): void {
  const i = list.count++;
  list.facilities[i] = facility;
  list.shares[i] = share;
  list.counted[i] = counted;
}
/** A facility within a radius (`item`), with its distance in metres. */
export type NearFacility = Hit<EvalFacility>;
/**
 * Facilities within a radius, nearest first: `items[i]` (id `ids[i]`) at `distances[i]` m for
 * i < count; `tags[i]` is COUNTED when the facility counts as provision.
 */
export type NearList = NearBuffer<EvalFacility>;
export const COUNTED = 1;

/** What the evaluation of one area may look at; implemented over indexes or plain lists. */
export interface AreaContext {
  /**
   * Facilities of `type` linked to the area, with the area's share of each, in facility id
   * order. The list may be refilled for the next area, so it is read before moving on.
   */
  linked(type: FacilityTypeCode): LinkedList;
  /**
   * Facilities of `type` within `radius` metres of the area, nearest first. The list may be
   * reused by the next call, so it is read before asking again.
   */
  near(type: FacilityTypeCode, radius: number): NearList;
}

const NOT_YET_BUILT: ReadonlySet<string> = new Set(['not_started', 'under_construction']);
const NOT_SERVING: ReadonlySet<string> = new Set(['idle', 'repurposed', 'occupied']);

/** Whether a facility counts as provision (see the header comment). */
export function countsAsProvision(f: EvalFacility): boolean {
  if (f.constructionStatus !== null && NOT_YET_BUILT.has(f.constructionStatus)) return false;
  if (f.useStatus !== null && NOT_SERVING.has(f.useStatus)) return false;
  return true;
}

export function tagOf(f: EvalFacility): number {
  return countsAsProvision(f) ? COUNTED : 0;
}

/** The demand of an area: persons fall back to households × persons per household. */
export function demandOf(
  area: Pick<EvalArea, 'kind' | 'regionCode' | 'households' | 'population'>,
  settings: GapSettings,
): Demand & { populationEstimated: boolean } {
  const population = area.population;
  return {
    kind: area.kind,
    regionCode: area.regionCode,
    households: area.households,
    persons: population ?? area.households * settings.personsPerHousehold,
    populationEstimated: population === null,
  };
}

export const NO_LINKED: LinkedList = Object.freeze({
  count: 0,
  facilities: [],
  shares: [],
  counted: [],
});
export const NO_ENTRIES: readonly LinkedEntry[] = Object.freeze([]);

export const round2 = (x: number) => Math.round(x * 100) / 100;

export const RADIUS = SLOT_ORDER.indexOf('service_radius');
export const FLOOR_AMOUNT = SLOT_ORDER.indexOf('floor_amount');
export const SITE_AMOUNT = SLOT_ORDER.indexOf('site_amount');
export const ANY_OF = SLOT_ORDER.indexOf('any_of');
export const POPULATION = SLOT_ORDER.indexOf('population_per_site');
export const MIN_FLOOR = SLOT_ORDER.indexOf('min_floor_area_per_site');
export const MIN_SITE = SLOT_ORDER.indexOf('min_site_area_per_site');
export const AMOUNT_SLOTS = [FLOOR_AMOUNT, SITE_AMOUNT] as const;
export const PER_SITE_SLOTS = [MIN_FLOOR, MIN_SITE] as const;
export const PER_SITE_KEYS = [
  [MIN_FLOOR, 'floorArea'],
  [MIN_SITE, 'siteArea'],
] as const;
