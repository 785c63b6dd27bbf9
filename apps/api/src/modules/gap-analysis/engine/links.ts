import { apportion } from './apportion.ts';
import type { FacilityTypeCode } from '@zibo/shared';
import {
  NO_ENTRIES,
  countsAsProvision,
  pushLinked,
  type EvalFacility,
  type LinkedEntry,
  type LinkedList,
} from './model.ts';

/**
 * The facilities linked to each area (its configured provision, 配建), each with the area's
 * share (apportion.ts) and whether it counts as provision, in facility id order.
 *
 * A load keeps them as columns: per area a range of one array of facilities, one of shares and
 * one of flags (10⁵ areas have over a million links; an object per link made the load slow and
 * the heap large, issue 12). An area whose links an edit touches gets a list of its own, which
 * replaces its range from then on.
 */
/** Facilities (or links) handled between two steps of a load. */
const STEP = 16_384;

export class Links {
  /** Per area loaded: its slot; the slot's links are at start[slot] .. start[slot + 1]. */
  private readonly slotOf = new Map<number, number>();
  private start = new Int32Array(1);
  private facilities: EvalFacility[] = [];
  private shares = new Float64Array(0);
  private counted = new Uint8Array(0);
  /**
   * Per link, its facility's type as a number (`typeId`): `into` sorts an area's links by type
   * without reading each facility or hashing its type (issue 12: 10⁵ areas have over a million
   * links). Numbers are given as types are first met and kept for the life of the links.
   */
  private types = new Uint16Array(0);
  private readonly typeIds = new Map<FacilityTypeCode, number>();
  private readonly typeNames: FacilityTypeCode[] = [];
  /** Areas whose links changed since the load (or that were not loaded). */
  private readonly edited = new Map<number, LinkedEntry[]>();

  /**
   * Links every facility to its areas. `areaIds` are the loaded areas and `households` their
   * households, by position; links to other areas are left out (apportion.ts). In steps, as
   * the engine's `loading`.
   */
  *loading(
    areaIds: readonly number[],
    households: readonly number[],
    facilities: readonly EvalFacility[],
  ): Generator<void, void, void> {
    this.slotOf.clear();
    this.edited.clear();
    areaIds.forEach((id, slot) => this.slotOf.set(id, slot));
    const slotFor = slotLookup(areaIds, this.slotOf);
    const householdsOf = (id: number) => {
      const slot = slotFor(id);
      return slot < 0 ? undefined : households[slot];
    };
    // Every (area, facility, share) once, then placed area by area (a counting sort).
    // One pass reads what the placing needs of each facility (each is a read from memory
    // far from the last: 5 × 10⁵ facilities), and whether they come in id order.
    let most = 0;
    let inIdOrder = true;
    let lastId = -Infinity;
    const counts = new Uint8Array(facilities.length);
    const typeOf = new Uint16Array(facilities.length);
    for (let i = 0; i < facilities.length; i++) {
      const f = facilities[i] as EvalFacility;
      most += f.residentialAreaIds.length;
      counts[i] = countsAsProvision(f) ? 1 : 0;
      typeOf[i] = this.typeId(f.type);
      if (f.id < lastId) inIdOrder = false;
      lastId = f.id;
    }
    const pairSlot = new Int32Array(most);
    const pairFacility = new Int32Array(most);
    const pairShare = new Float64Array(most);
    const count = new Int32Array(areaIds.length + 1);
    let pairs = 0;
    for (let i = 0; i < facilities.length; i++) {
      apportion(
        (facilities[i] as EvalFacility).residentialAreaIds,
        householdsOf,
        (areaId, share) => {
          const slot = slotFor(areaId);
          pairSlot[pairs] = slot;
          pairFacility[pairs] = i;
          pairShare[pairs] = share;
          pairs++;
          (count[slot + 1] as number)++;
        },
      );
      if ((i + 1) % STEP === 0) yield;
    }
    const start = new Int32Array(areaIds.length + 1);
    for (let s = 0; s < areaIds.length; s++)
      start[s + 1] = (start[s] as number) + (count[s + 1] as number);
    const next = start.slice(0, areaIds.length);
    const placed: EvalFacility[] = new Array<EvalFacility>(pairs);
    const shares = new Float64Array(pairs);
    const counted = new Uint8Array(pairs);
    const types = new Uint16Array(pairs);
    yield;
    for (let p = 0; p < pairs; p++) {
      if ((p + 1) % STEP === 0) yield;
      const at = (next[pairSlot[p] as number] as number)++;
      const fi = pairFacility[p] as number;
      placed[at] = facilities[fi] as EvalFacility;
      shares[at] = pairShare[p] as number;
      counted[at] = counts[fi] as number;
      types[at] = typeOf[fi] as number;
    }
    this.start = start;
    this.facilities = placed;
    this.shares = shares;
    this.counted = counted;
    this.types = types;
    // Facilities usually come in id order, and then every area's links do (the placing keeps
    // the facilities' order); otherwise an area whose links are out of order is sorted now.
    if (inIdOrder) return;
    for (let s = 0; s < areaIds.length; s++) {
      for (let at = (start[s] as number) + 1; at < (start[s + 1] as number); at++) {
        if ((placed[at - 1] as EvalFacility).id > (placed[at] as EvalFacility).id) {
          this.edited.set(areaIds[s] as number, sortById(this.fromColumns(s)));
          break;
        }
      }
    }
  }

  /** The links of an area, in facility id order (a new list each call for a loaded area). */
  of(areaId: number): readonly LinkedEntry[] {
    const own = this.edited.get(areaId);
    if (own) return own;
    const slot = this.slotOf.get(areaId);
    return slot === undefined ? NO_ENTRIES : this.fromColumns(slot);
  }

  /** The number `into` gives a facility type (the same for the life of these links). */
  typeId(type: FacilityTypeCode): number {
    let id = this.typeIds.get(type);
    if (id === undefined) {
      id = this.typeNames.length;
      this.typeNames.push(type);
      this.typeIds.set(type, id);
    }
    return id;
  }

  /** The facility type numbered `id` by `typeId`. */
  typeName(id: number): FacilityTypeCode {
    return this.typeNames[id] as FacilityTypeCode;
  }

  /**
   * The links of an area written into the list `listAt` gives for each facility type's number
   * (`typeId`), in facility id order, without making an object per link (how the engine
   * evaluates).
   */
  into(areaId: number, listAt: (typeId: number) => LinkedList): void {
    const own = this.edited.get(areaId);
    if (own) {
      for (const l of own)
        pushLinked(listAt(this.typeId(l.facility.type)), l.facility, l.share, l.counted);
      return;
    }
    const slot = this.slotOf.get(areaId);
    if (slot === undefined) return;
    const end = this.start[slot + 1] as number;
    for (let at = this.start[slot] as number; at < end; at++) {
      pushLinked(
        listAt(this.types[at] as number),
        this.facilities[at] as EvalFacility,
        this.shares[at] as number,
        this.counted[at] === 1,
      );
    }
  }

  /** Links a facility to its areas known to `householdsOf`, shared by households. */
  add(f: EvalFacility, householdsOf: (areaId: number) => number | undefined): void {
    const counted = countsAsProvision(f);
    apportion(f.residentialAreaIds, householdsOf, (areaId, share) => {
      const list = this.editable(areaId);
      const entry = { facility: f, share, counted };
      let at = list.length;
      while (at > 0 && (list[at - 1] as LinkedEntry).facility.id > f.id) at--;
      list.splice(at, 0, entry);
    });
  }

  /** Unlinks a facility from its areas. */
  remove(f: EvalFacility): void {
    for (const id of new Set(f.residentialAreaIds)) {
      const list = this.editable(id);
      const i = list.findIndex((l) => l.facility.id === f.id);
      if (i >= 0) list.splice(i, 1);
    }
  }

  /** Forgets an area's links (the area is gone). */
  drop(areaId: number): void {
    this.edited.set(areaId, []);
  }

  private editable(areaId: number): LinkedEntry[] {
    let list = this.edited.get(areaId);
    if (!list) {
      const slot = this.slotOf.get(areaId);
      list = slot === undefined ? [] : this.fromColumns(slot);
      this.edited.set(areaId, list);
    }
    return list;
  }

  private fromColumns(slot: number): LinkedEntry[] {
    const out: LinkedEntry[] = [];
    for (let at = this.start[slot] as number; at < (this.start[slot + 1] as number); at++) {
      out.push({
        facility: this.facilities[at] as EvalFacility,
        share: this.shares[at] as number,
        counted: this.counted[at] === 1,
      });
    }
    return out;
  }
}

/**
 * An area id's slot (−1 when not loaded), as the load asks it for every link. Ids are a table's
 * serial numbers, so an array indexed by id answers where the ids are dense enough (at most four
 * array cells per area), without hashing; otherwise the map does.
 */
function slotLookup(
  areaIds: readonly number[],
  slotOf: ReadonlyMap<number, number>,
): (id: number) => number {
  let most = -1;
  for (const id of areaIds) {
    if (!Number.isInteger(id) || id < 0) return (id) => slotOf.get(id) ?? -1;
    if (id > most) most = id;
  }
  if (most >= 4 * areaIds.length + 1024) return (id) => slotOf.get(id) ?? -1;
  const table = new Int32Array(most + 1).fill(-1);
  areaIds.forEach((id, slot) => (table[id] = slot));
  return (id) => table[id] ?? -1;
}

function sortById(list: LinkedEntry[]): LinkedEntry[] {
  return list.sort((a, b) => a.facility.id - b.facility.id);
}
