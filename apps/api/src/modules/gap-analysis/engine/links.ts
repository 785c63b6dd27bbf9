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
    const householdsOf = (id: number) => {
      const slot = this.slotOf.get(id);
      return slot === undefined ? undefined : households[slot];
    };
    // Every (area, facility, share) once, then placed area by area (a counting sort).
    let most = 0;
    for (const f of facilities) most += f.residentialAreaIds.length;
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
          const slot = this.slotOf.get(areaId) as number;
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
    const counts = facilities.map((f) => countsAsProvision(f));
    const typeOf = Int32Array.from(facilities, (f) => this.typeId(f.type));
    yield;
    for (let p = 0; p < pairs; p++) {
      if ((p + 1) % STEP === 0) yield;
      const at = (next[pairSlot[p] as number] as number)++;
      const fi = pairFacility[p] as number;
      placed[at] = facilities[fi] as EvalFacility;
      shares[at] = pairShare[p] as number;
      counted[at] = counts[fi] ? 1 : 0;
      types[at] = typeOf[fi] as number;
    }
    this.start = start;
    this.facilities = placed;
    this.shares = shares;
    this.counted = counted;
    this.types = types;
    // Facilities usually come in id order; an area whose did not is put in order now.
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

function sortById(list: LinkedEntry[]): LinkedEntry[] {
  return list.sort((a, b) => a.facility.id - b.facility.id);
}
