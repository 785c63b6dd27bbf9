import { CATEGORY_CODES, PROBLEM_STATUS_CODES } from '@zibo/shared';

/**
 * Supervision's kept copy of the problems (P11; issue 12's "kept, not recomputed"): for each
 * problem the few facts the league tables, the department table and the late list count — its
 * community, category and status, and the Shanghai day numbers of its raising, closing,
 * deadline, first plan, plan awaiting a decision, closure request and extension requests — in
 * typed columns; and every decision on a plan or a closure with the day of the request it
 * answered. A city of 5×10^5 problems is counted in a few milliseconds, where the same counts
 * in SQL read every problem and sort every timeline event on each request.
 *
 * The rules are here and only here (what counts as closed, overdue, late and on time); the
 * copy is loaded and kept current by problem-facts.cache.ts from problem-facts.repo.ts's rows.
 * Days are integers (platform/time.ts `dayNumber`); `NONE` is "no such day".
 */

export const NONE = -2_147_483_648;

/**
 * Problems' facts as loaded, one array per fact, index i for the i-th problem (days as day
 * numbers, NONE when absent): columns, because a city's half million problems cross from the
 * database as a few long values far faster than as rows.
 */
export type ProblemFactColumns = {
  id: Int32Array;
  regionCode: string[];
  category: string[];
  status: string[];
  created: Int32Array;
  closed: Int32Array;
  deadline: Int32Array;
  firstPlan: Int32Array;
  /** The plan awaiting a decision (status submitted): its revision (0: none) and day. */
  pendingRevision: Int32Array;
  pendingPlan: Int32Array;
  /** The latest closure request, when the problem awaits its verification. */
  closureRequest: Int32Array;
  /** 重点难点 (1) or not (0). */
  isKey: Int32Array;
  /** The campaign (专项整治) it belongs to, 0 for none. */
  campaignId: Int32Array;
  /** Each pending extension request's day, by problem id (the few that have any). */
  pendingExtensions: Map<number, number[]>;
};

/**
 * Decisions on a plan or a closure: by which department, on which day, answering the latest
 * request of its kind at or before it (its day; NONE: none).
 */
export type DecisionFactColumns = {
  problemId: Int32Array;
  department: string[];
  action: string[];
  day: Int32Array;
  requestDay: Int32Array;
};
export const DECISION_ACTIONS = ['approve_plan', 'reject_plan', 'approve_closure', 'returned'];
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export type UnitCategoryFigures = {
  unit: string;
  category: string;
  problems: number;
  closed: number;
  overdue: number;
  plansDue: number;
  plansOnTime: number;
};

export type DecisionFigures = {
  kind: string;
  plansDecided: number;
  plansApproved: number;
  plansOnTime: number;
  closuresVerified: number;
  closuresOnTime: number;
};

/** The late-list kinds that come from problems. */
export type ProblemLateKind =
  'plan_writing' | 'plan_approval' | 'closure_decision' | 'extension_decision' | 'problem_deadline';

export type ProblemLateEntry = {
  kind: ProblemLateKind;
  problemId: number;
  /** Day number of the deadline missed. */
  due: number;
  /** The plan's revision (plan_approval). */
  revision: number;
};

const STATUS = new Map(PROBLEM_STATUS_CODES.map((s, i) => [s as string, i]));
const CLOSED = STATUS.get('closed')!;
const OPEN = STATUS.get('open')!;
const CLOSURE_REQUESTED = STATUS.get('closure_requested')!;
const REMOVED = 255;
const CATEGORY = new Map(CATEGORY_CODES.map((c, i) => [c as string, i]));
const ACTION = new Map(DECISION_ACTIONS.map((a, i) => [a, i]));

function grown<T extends Int32Array | Uint8Array>(a: T, size: number): T {
  if (size <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2, 1024));
  next.set(a);
  return next;
}

/** Interned strings: each distinct region or department code stored once, named by index. */
class Interned {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

export class ProblemFacts {
  private size = 0;
  private readonly slotOf = new Map<number, number>();
  private readonly regions = new Interned();
  private readonly departments = new Interned();
  private id = new Int32Array(0);
  private region = new Int32Array(0);
  private category = new Uint8Array(0);
  private status = new Uint8Array(0);
  private created = new Int32Array(0);
  private closed = new Int32Array(0);
  private deadline = new Int32Array(0);
  private firstPlan = new Int32Array(0);
  private pendingRevision = new Int32Array(0);
  private pendingPlan = new Int32Array(0);
  private closureRequest = new Int32Array(0);
  private isKey = new Uint8Array(0);
  private campaignId = new Int32Array(0);
  /** Pending extension request days of the (few) problems that have any. */
  private readonly extensions = new Map<number, number[]>();

  private decisions = 0;
  private decisionsDead = 0;
  /** Problem id of each decision; -1 once replaced. */
  private decProblem = new Int32Array(0);
  private decRegion = new Int32Array(0);
  private decDepartment = new Int32Array(0);
  private decAction = new Uint8Array(0);
  private decDay = new Int32Array(0);
  private decRequest = new Int32Array(0);

  get problemCount(): number {
    return this.slotOf.size;
  }

  /** Bytes held by the typed columns (the benchmark prints it). */
  get bytes(): number {
    const cols = [
      this.id,
      this.region,
      this.category,
      this.status,
      this.created,
      this.closed,
      this.deadline,
      this.firstPlan,
      this.pendingRevision,
      this.pendingPlan,
      this.closureRequest,
      this.isKey,
      this.campaignId,
      this.decProblem,
      this.decRegion,
      this.decDepartment,
      this.decAction,
      this.decDay,
      this.decRequest,
    ];
    return cols.reduce((s, c) => s + c.byteLength, 0);
  }

  /**
   * Replaces the facts of the problems named in `ids` with `rows` and `decisions` (an id with
   * no row was deleted). A full load passes every problem.
   */
  replace(ids: Iterable<number>, rows: ProblemFactColumns, decisions: DecisionFactColumns): void {
    const changed = new Set(ids);
    for (const id of rows.id) changed.add(id);
    for (const id of changed) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) this.status[slot] = REMOVED;
      this.extensions.delete(id);
    }
    this.reserve(this.size + rows.id.length);
    for (let i = 0; i < rows.id.length; i++) this.put(rows, i);
    for (const [id, days] of rows.pendingExtensions) this.extensions.set(id, days);
    for (const id of changed) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined && this.status[slot] === REMOVED) this.slotOf.delete(id);
    }
    if (this.decisions > 0 && changed.size > 0) {
      for (let i = 0; i < this.decisions; i++) {
        if (this.decProblem[i] !== -1 && changed.has(this.decProblem[i]!)) {
          this.decProblem[i] = -1;
          this.decisionsDead++;
        }
      }
    }
    this.reserveDecisions(this.decisions + decisions.problemId.length);
    for (let i = 0; i < decisions.problemId.length; i++) this.putDecision(decisions, i);
    if (this.decisionsDead > 1024 && this.decisionsDead * 2 > this.decisions) this.compact();
  }

  private reserve(n: number): void {
    this.id = grown(this.id, n);
    this.region = grown(this.region, n);
    this.category = grown(this.category, n);
    this.status = grown(this.status, n);
    this.created = grown(this.created, n);
    this.closed = grown(this.closed, n);
    this.deadline = grown(this.deadline, n);
    this.firstPlan = grown(this.firstPlan, n);
    this.pendingRevision = grown(this.pendingRevision, n);
    this.pendingPlan = grown(this.pendingPlan, n);
    this.closureRequest = grown(this.closureRequest, n);
    this.isKey = grown(this.isKey, n);
    this.campaignId = grown(this.campaignId, n);
  }

  private reserveDecisions(n: number): void {
    this.decProblem = grown(this.decProblem, n);
    this.decRegion = grown(this.decRegion, n);
    this.decDepartment = grown(this.decDepartment, n);
    this.decAction = grown(this.decAction, n);
    this.decDay = grown(this.decDay, n);
    this.decRequest = grown(this.decRequest, n);
  }

  private put(r: ProblemFactColumns, i: number): void {
    const id = r.id[i]!;
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.size++;
      this.slotOf.set(id, slot);
    }
    this.id[slot] = id;
    this.region[slot] = this.regions.of(r.regionCode[i]!);
    this.category[slot] = CATEGORY.get(r.category[i]!) ?? 255;
    this.status[slot] = STATUS.get(r.status[i]!) ?? REMOVED;
    this.created[slot] = r.created[i]!;
    this.closed[slot] = r.closed[i]!;
    this.deadline[slot] = r.deadline[i]!;
    this.firstPlan[slot] = r.firstPlan[i]!;
    this.pendingRevision[slot] = r.pendingRevision[i]!;
    this.pendingPlan[slot] = r.pendingPlan[i]!;
    this.closureRequest[slot] = r.closureRequest[i]!;
    this.isKey[slot] = r.isKey[i]!;
    this.campaignId[slot] = r.campaignId[i]!;
  }

  private putDecision(d: DecisionFactColumns, k: number): void {
    const problemId = d.problemId[k]!;
    const slot = this.slotOf.get(problemId);
    const action = ACTION.get(d.action[k]!);
    if (slot === undefined || action === undefined) return;
    const i = this.decisions++;
    this.decProblem[i] = problemId;
    this.decRegion[i] = this.region[slot]!;
    this.decDepartment[i] = this.departments.of(d.department[k]!);
    this.decAction[i] = action;
    this.decDay[i] = d.day[k]!;
    this.decRequest[i] = d.requestDay[k]!;
  }

  private compact(): void {
    let j = 0;
    for (let i = 0; i < this.decisions; i++) {
      if (this.decProblem[i] === -1) continue;
      this.decProblem[j] = this.decProblem[i]!;
      this.decRegion[j] = this.decRegion[i]!;
      this.decDepartment[j] = this.decDepartment[i]!;
      this.decAction[j] = this.decAction[i]!;
      this.decDay[j] = this.decDay[i]!;
      this.decRequest[j] = this.decRequest[i]!;
      j++;
    }
    this.decisions = j;
    this.decisionsDead = 0;
  }

  /** For each interned region code: in scope (starts with `prefix`)? and its key. */
  private regionMap(prefix: string, key: (code: string) => string) {
    const codes = this.regions.values;
    const inScope = new Uint8Array(codes.length);
    const keys: string[] = new Array<string>(codes.length);
    for (let i = 0; i < codes.length; i++) {
      if (codes[i]!.startsWith(prefix)) {
        inScope[i] = 1;
        keys[i] = key(codes[i]!);
      }
    }
    return { inScope, keys };
  }

  private categoryMask(categories: readonly string[]): Uint8Array {
    const mask = new Uint8Array(256);
    for (const c of categories) {
      const i = CATEGORY.get(c);
      if (i !== undefined) mask[i] = 1;
    }
    return mask;
  }

  /**
   * Per unit (the first `unitLength` digits of the problem's region code) and category, of the
   * problems raised by `asOf` in `prefix` and `categories`: problems; closed by `asOf`; overdue
   * (not closed, deadline before `asOf`); plans due (a first plan by `asOf`, or raised more than
   * `planWriteDays` before it); plans on time (the first plan within `planWriteDays` of raising).
   */
  figures(input: {
    prefix: string;
    unitLength: number;
    categories: readonly string[];
    asOf: number;
    planWriteDays: number;
  }): UnitCategoryFigures[] {
    const { asOf, planWriteDays: w } = input;
    const { inScope, keys } = this.regionMap(input.prefix, (c) => c.slice(0, input.unitLength));
    const cats = this.categoryMask(input.categories);
    const out = new Map<string, UnitCategoryFigures>();
    for (let s = 0; s < this.size; s++) {
      const status = this.status[s]!;
      if (status === REMOVED) continue;
      const r = this.region[s]!;
      const c = this.category[s]!;
      if (!inScope[r] || !cats[c]) continue;
      const created = this.created[s]!;
      if (created > asOf) continue;
      const key = `${keys[r]}|${c}`;
      let f = out.get(key);
      if (!f) {
        f = {
          unit: keys[r]!,
          category: CATEGORY_CODES[c]!,
          problems: 0,
          closed: 0,
          overdue: 0,
          plansDue: 0,
          plansOnTime: 0,
        };
        out.set(key, f);
      }
      f.problems++;
      const deadline = this.deadline[s]!;
      if (status === CLOSED) {
        if (this.closed[s] !== NONE && this.closed[s]! <= asOf) f.closed++;
      } else if (deadline !== NONE && deadline < asOf) f.overdue++;
      const first = this.firstPlan[s]!;
      const planned = first !== NONE && first <= asOf;
      if (planned || created < asOf - w) f.plansDue++;
      if (planned && first <= created + w) f.plansOnTime++;
    }
    return [...out.values()];
  }

  /**
   * Decisions per department kind (the second part of the deciding department's code, of
   * departments whose code starts with `departmentPrefix` and has a kind after it) on problems
   * in `prefix`, made by `asOf`: plans approved or rejected, closures verified (approved or
   * returned), each on time when made within `decisionDays` of the request it answered.
   */
  decisionFigures(input: {
    prefix: string;
    departmentPrefix: string;
    asOf: number;
    decisionDays: number;
  }): DecisionFigures[] {
    const { asOf, decisionDays: d, departmentPrefix } = input;
    const { inScope } = this.regionMap(input.prefix, () => '');
    const deptKind = this.departments.values.map((code) => {
      if (!code.startsWith(departmentPrefix)) return null;
      if (!code.slice(departmentPrefix.length).includes('-')) return null;
      return code.split('-')[1] ?? '';
    });
    const out = new Map<string, DecisionFigures>();
    for (let i = 0; i < this.decisions; i++) {
      if (this.decProblem[i] === -1 || !inScope[this.decRegion[i]!]) continue;
      const kind = deptKind[this.decDepartment[i]!];
      if (kind == null) continue;
      const day = this.decDay[i]!;
      if (day > asOf) continue;
      let f = out.get(kind);
      if (!f) {
        f = {
          kind,
          plansDecided: 0,
          plansApproved: 0,
          plansOnTime: 0,
          closuresVerified: 0,
          closuresOnTime: 0,
        };
        out.set(kind, f);
      }
      const request = this.decRequest[i]!;
      const onTime = request !== NONE && day <= request + d;
      const action = DECISION_ACTIONS[this.decAction[i]!];
      if (action === 'approve_plan' || action === 'reject_plan') {
        f.plansDecided++;
        if (action === 'approve_plan') f.plansApproved++;
        if (onTime) f.plansOnTime++;
      } else {
        f.closuresVerified++;
        if (onTime) f.closuresOnTime++;
      }
    }
    return [...out.values()];
  }

  /**
   * 领导驾驶舱 (P11) figures of the problems in `prefix` and `categories` as they are now, with
   * overdue meaning past the deadline on `asOf`: totals; for each month (first day of it and of
   * the next, as day numbers) those raised, closed and open at its end; per category; per
   * campaign (overdue as everywhere: past the problem's own deadline, so that the figure equals
   * the list its link opens and 专项整治's card); and the ids of the first
   * `keyLimit` key problems (not closed first, then by deadline, none last, then by id).
   */
  cockpit(input: {
    prefix: string;
    categories: readonly string[];
    asOf: number;
    months: { start: number; next: number }[];
    /** The campaigns that exist (a problem may name one deleted since). */
    campaigns: ReadonlySet<number>;
    keyLimit: number;
  }) {
    const { asOf, months } = input;
    const { inScope } = this.regionMap(input.prefix, () => '');
    const cats = this.categoryMask(input.categories);
    const totals = { problems: 0, closed: 0, open: 0, overdue: 0, key: 0 };
    const perMonth = months.map(() => ({ raised: 0, closed: 0, open: 0 }));
    const perCategory = new Map<number, { problems: number; closed: number; overdue: number }>();
    const perCampaign = new Map<number, { problems: number; closed: number; overdue: number }>();
    const keys: number[] = [];
    for (let s = 0; s < this.size; s++) {
      const status = this.status[s]!;
      const c = this.category[s]!;
      if (status === REMOVED || !inScope[this.region[s]!] || !cats[c]) continue;
      const closed = status === CLOSED;
      const deadline = this.deadline[s]!;
      const overdue = !closed && deadline !== NONE && deadline < asOf;
      totals.problems++;
      if (closed) totals.closed++;
      else totals.open++;
      if (overdue) totals.overdue++;
      if (this.isKey[s]) {
        totals.key++;
        keys.push(s);
      }
      const created = this.created[s]!;
      const closedDay = closed ? this.closed[s]! : NONE;
      for (let m = 0; m < months.length; m++) {
        const { start, next } = months[m]!;
        const f = perMonth[m]!;
        if (created >= start && created < next) f.raised++;
        if (closedDay !== NONE && closedDay >= start && closedDay < next) f.closed++;
        if (created < next && (!closed || (closedDay !== NONE && closedDay >= next))) f.open++;
      }
      let k = perCategory.get(c);
      if (!k) perCategory.set(c, (k = { problems: 0, closed: 0, overdue: 0 }));
      k.problems++;
      if (closed) k.closed++;
      if (overdue) k.overdue++;
      const campaign = this.campaignId[s]!;
      if (campaign !== 0 && input.campaigns.has(campaign)) {
        let g = perCampaign.get(campaign);
        if (!g) perCampaign.set(campaign, (g = { problems: 0, closed: 0, overdue: 0 }));
        g.problems++;
        if (closed) g.closed++;
        if (overdue) g.overdue++;
      }
    }
    keys.sort((a, b) => {
      const ca = this.status[a] === CLOSED ? 1 : 0;
      const cb = this.status[b] === CLOSED ? 1 : 0;
      if (ca !== cb) return ca - cb;
      const da = this.deadline[a]!;
      const db = this.deadline[b]!;
      if (da !== db) return da === NONE ? 1 : db === NONE ? -1 : da - db;
      return this.id[a]! - this.id[b]!;
    });
    return {
      totals,
      months: perMonth,
      categories: [...perCategory.entries()]
        .map(([c, f]) => ({ category: CATEGORY_CODES[c]!, ...f }))
        .sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0)),
      campaigns: perCampaign,
      keyIds: keys.slice(0, input.keyLimit).map((s) => this.id[s]!),
    };
  }

  /**
   * 谁落后了, the problems' part (P11), in `prefix` and `categories` as of `asOf`: plans not
   * written within `planWriteDays` of raising; plans, closure requests and extension requests
   * not decided within `decisionDays`; problems past their deadline and not closed. Each kind
   * is counted; the `limit` most late entries (by due day, then kind, then link) are returned.
   */
  late(input: {
    prefix: string;
    categories: readonly string[];
    asOf: number;
    planWriteDays: number;
    decisionDays: number;
    limit: number;
  }): { entries: ProblemLateEntry[]; total: number } {
    const { asOf, planWriteDays: w, decisionDays: d } = input;
    const { inScope } = this.regionMap(input.prefix, () => '');
    const cats = this.categoryMask(input.categories);
    const kinds: ProblemLateKind[] = [];
    const ids: number[] = [];
    const dues: number[] = [];
    const revisions: number[] = [];
    const add = (kind: ProblemLateKind, id: number, due: number, revision = 0) => {
      kinds.push(kind);
      ids.push(id);
      dues.push(due);
      revisions.push(revision);
    };
    for (let s = 0; s < this.size; s++) {
      const status = this.status[s]!;
      if (status === REMOVED || !inScope[this.region[s]!] || !cats[this.category[s]!]) continue;
      const id = this.id[s]!;
      if (status === OPEN && this.created[s]! < asOf - w)
        add('plan_writing', id, this.created[s]! + w);
      const pending = this.pendingPlan[s]!;
      if (pending !== NONE && pending < asOf - d)
        add('plan_approval', id, pending + d, this.pendingRevision[s]);
      const request = this.closureRequest[s]!;
      if (status === CLOSURE_REQUESTED && request !== NONE && request < asOf - d)
        add('closure_decision', id, request + d);
      const deadline = this.deadline[s]!;
      if (status !== CLOSED && deadline !== NONE && deadline < asOf)
        add('problem_deadline', id, deadline);
    }
    for (const [id, days] of this.extensions) {
      const s = this.slotOf.get(id);
      if (s === undefined || !inScope[this.region[s]!] || !cats[this.category[s]!]) continue;
      for (const day of days) if (day < asOf - d) add('extension_decision', id, day + d);
    }
    const total = ids.length;
    // The most late `limit`: every entry due before the day the limit falls on, and of that day
    // the first by kind and link; a count of entries per due day finds it without sorting all.
    const order = selectFirst(dues, input.limit, (a, b) => {
      const x = kinds[a]!;
      const y = kinds[b]!;
      if (x !== y) return x < y ? -1 : 1;
      return compareLinks(ids[a]!, ids[b]!);
    });
    return {
      entries: order.map((i) => ({
        kind: kinds[i]!,
        problemId: ids[i]!,
        due: dues[i]!,
        revision: revisions[i]!,
      })),
      total,
    };
  }
}

/** Orders as the links '/problems/<id>' do as text (so as the SQL sources are ordered). */
function compareLinks(a: number, b: number): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The indexes of the `limit` smallest `keys`, in order (ties by `tie`), without sorting them
 * all: counts per key find the key the limit falls on.
 */
function selectFirst(keys: number[], limit: number, tie: (a: number, b: number) => number) {
  if (keys.length === 0 || limit <= 0) return [];
  let chosen: number[];
  if (keys.length <= limit) {
    chosen = keys.map((_, i) => i);
  } else {
    const counts = new Map<number, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    const sorted = [...counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    let last = sorted[sorted.length - 1]!;
    for (const k of sorted) {
      seen += counts.get(k)!;
      if (seen >= limit) {
        last = k;
        break;
      }
    }
    chosen = [];
    for (let i = 0; i < keys.length; i++) if (keys[i]! <= last) chosen.push(i);
  }
  chosen.sort((a, b) => keys[a]! - keys[b]! || tie(a, b));
  return chosen.slice(0, limit);
}
