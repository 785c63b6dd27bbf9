import type { Writable } from 'node:stream';
import {
  CATEGORY_CODES,
  describeFinding,
  FACILITY_TYPE_NAMES,
  FINDING_STATUS_NAMES,
  METRIC_INFO,
  PROBLEM_STATUS_LABELS,
  type CategoryCode,
  type Finding,
  statusPasses,
  type FindingStatus,
  type FindingStatusFilter,
} from '@zibo/shared';
import { todayInShanghai } from '../../platform/time.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { narrowRegion } from '../../platform/auth/scope.ts';
import { findArea } from '../ledger/index.ts';
import { regionName, regionNames } from '../org/index.ts';
import {
  findingKeyOf,
  problemsOfFindings,
  raiseProblem,
  type FindingProblem,
} from '../problems/index.ts';
import { ruleViolation } from '../../platform/http/errors.ts';
import { ScopedAnswers } from '../../platform/kept-answers.ts';
import type { GapAnalysisCache } from './gap-analysis.cache.ts';
import { KeptFindings, type KeptFilter } from './gap-analysis.kept.ts';
import { type WriteColumn, writeWorkbook } from '../../platform/excel/writer.ts';

export type GapFilter = {
  region?: string | undefined;
  category?: CategoryCode | undefined;
  residentialAreaId?: number | undefined;
  status?: FindingStatusFilter | undefined;
  /** Leave out findings that rest on a rule not yet verified against its text (待核实). */
  verifiedOnly?: boolean | undefined;
};

const SEVERITY: Record<FindingStatus, number> = { met: 0, short: 1, missing: 2 };

type Selected = { finding: Finding; areaName: string; regionCode: string };

/** The actor's scope narrowed by the filter: a region prefix and the findings counted. */
function scopeOf(actor: Actor, f: GapFilter): { region: string; filter: KeptFilter } | null {
  const region = narrowRegion(actor, f.region);
  const categories = new Set<string>(
    actor.categories.filter((c) => !f.category || c === f.category),
  );
  if (region === null || categories.size === 0) return null;
  return { region, filter: { categories, status: f.status, verifiedOnly: f.verifiedOnly } };
}

/** One area as kept state of its own (for answers about a single area). */
function keptOfArea(state: { kept: KeptFindings }, id: number, region: string) {
  const one = new KeptFindings();
  const area = state.kept.area(id);
  if (area && area.regionCode.startsWith(region)) {
    one.putArea(area);
    one.setFindings(id, [...state.kept.findingsOf(id)]);
  }
  return one;
}

/**
 * The findings the actor may see: areas in its region subtree, facility types of its
 * categories, narrowed by the filter. Scope first, then the filter. In answer order (region
 * code, area, facility type), which the kept state holds: nothing is sorted here.
 */
async function select(cache: GapAnalysisCache, actor: Actor, f: GapFilter) {
  const state = await cache.current();
  const areaIds: number[] = [];
  const out: Selected[] = [];
  const scope = scopeOf(actor, f);
  if (!scope) return { state, areaIds, items: out };
  const kept =
    f.residentialAreaId !== undefined
      ? keptOfArea(state, f.residentialAreaId, scope.region)
      : state.kept;
  kept.walk(scope.region, scope.filter, (area, findings) => {
    areaIds.push(area.id);
    for (const finding of findings)
      out.push({ finding, areaName: area.name, regionCode: area.regionCode });
  });
  return { state, areaIds, items: out };
}

function emptyCounts() {
  return { met: 0, short: 0, missing: 0 };
}

export async function findGapAnalysis(input: {
  db: Db;
  cache: GapAnalysisCache;
  actor: Actor;
  filter: GapFilter;
  page: number;
  pageSize: number;
}) {
  const { cache, actor, filter } = input;
  const state = await cache.current();
  const scope = scopeOf(actor, filter);
  type Counts = ReturnType<typeof emptyCounts> & { unverified: ReturnType<typeof emptyCounts> };
  const byCategory: Record<string, Counts> = {};
  const byStatus = emptyCounts();
  const unverified = emptyCounts();
  let findings = 0;
  let areas = 0;
  let items: { finding: Finding; areaName: string; regionCode: string }[] = [];
  if (scope) {
    const kept =
      filter.residentialAreaId !== undefined
        ? keptOfArea(state, filter.residentialAreaId, scope.region)
        : state.kept;
    const totals = kept.totals(scope.region, scope.filter);
    areas = totals.areas;
    for (const [c, counts] of totals.byCategory) {
      if (!scope.filter.categories.has(c)) continue;
      byCategory[c] = counts;
      for (const s of ['met', 'short', 'missing'] as const) {
        byStatus[s] += counts[s];
        unverified[s] += counts.unverified[s];
        findings += counts[s];
      }
    }
    items = kept
      .page(scope.region, scope.filter, (input.page - 1) * input.pageSize, input.pageSize)
      .map(({ finding, area }) => ({ finding, areaName: area.name, regionCode: area.regionCode }));
  } else {
    for (const c of CATEGORY_CODES)
      if (actor.categories.includes(c) && (!filter.category || c === filter.category))
        byCategory[c] = { ...emptyCounts(), unverified: emptyCounts() };
  }
  return {
    summary: {
      areas,
      findings,
      byCategory,
      byStatus,
      unverifiedFindings: unverified.met + unverified.short + unverified.missing,
      unverified,
      evaluatedAt: state.evaluatedAt.toISOString(),
      distance: 'straight_line' as const,
    },
    items: await withProblems(input.db, actor, items),
    total: findings,
  };
}

/**
 * Findings as listed: each with its area's name and community, and the problem raised from it
 * (problems.repo's problemsOfFindings) for a reader of problems; one query for the page.
 */
async function withProblems(
  db: Db,
  actor: Actor,
  items: readonly { finding: Finding; areaName: string; regionCode: string }[],
) {
  const raised = await problemsReadBy(
    db,
    actor,
    items.map((i) => findingKeyOf(i.finding)),
  );
  return items.map(({ finding, areaName, regionCode }) => ({
    ...finding,
    areaName,
    regionCode,
    problem: raised.get(findingKeyOf(finding)) ?? null,
  }));
}

/** The problems raised from findings, for a reader of problems; none for anyone else. */
function problemsReadBy(db: Db, actor: Actor, keys: readonly string[] | 'all') {
  return actor.permissions.has('problems.read')
    ? problemsOfFindings(db, actor, keys)
    : Promise.resolve(new Map<string, FindingProblem>());
}

const GROUP_LENGTH = { district: 6, street: 9, community: 12 } as const;

/** Counts by district, street, community or category: how many areas have gaps, and findings by status. */
export async function summariseGaps(input: {
  db: Db;
  cache: GapAnalysisCache;
  actor: Actor;
  filter: GapFilter;
  groupBy: 'district' | 'street' | 'community' | 'category';
}) {
  const state = await input.cache.current();
  const what = ['summary', input.filter, input.groupBy];
  return summaries.at(input.db, input.actor, what, state.version, () => summarise(input, state));
}

/**
 * Summaries kept per database until the analysis changes (ADR 0018); the oldest past 200. Each
 * is kept at the version of the state it is counted from.
 */
const summaries = new ScopedAnswers(200);

async function summarise(
  input: Parameters<typeof summariseGaps>[0],
  state: Awaited<ReturnType<GapAnalysisCache['current']>>,
) {
  const { db, actor, filter, groupBy } = input;
  const scope = scopeOf(actor, filter);
  if (!scope) return { rows: [] };
  const kept =
    filter.residentialAreaId !== undefined
      ? keptOfArea(state, filter.residentialAreaId, scope.region)
      : state.kept;
  const rows = kept
    .summary(scope.region, scope.filter, groupBy === 'category' ? null : GROUP_LENGTH[groupBy])
    .map((r) => ({ ...r, name: r.code }));
  if (groupBy !== 'category' && rows.length > 0) {
    const names = await regionNames(
      db,
      rows.map((r) => r.code),
    );
    for (const r of rows) r.name = names.get(r.code) ?? r.code;
  }
  return {
    rows: rows.map((r) => ({
      code: r.code,
      name: r.name,
      areas: r.areas,
      areasWithGaps: r.areasWithGaps,
      met: r.met,
      short: r.short,
      missing: r.missing,
      unverified: r.unverified,
    })),
  };
}

/** Each located area of the scope with its worst finding, for the map of uncovered areas. */
export async function mapGaps(input: { cache: GapAnalysisCache; actor: Actor; filter: GapFilter }) {
  const { items, areaIds, state } = await select(input.cache, input.actor, {
    ...input.filter,
    status: undefined,
  });
  const per = new Map<number, { worst: FindingStatus; missing: Set<string>; short: Set<string> }>();
  for (const id of areaIds) per.set(id, { worst: 'met', missing: new Set(), short: new Set() });
  for (const { finding } of items) {
    const p = per.get(finding.residentialAreaId)!;
    if (SEVERITY[finding.status] > SEVERITY[p.worst]) p.worst = finding.status;
    if (finding.status === 'missing') p.missing.add(finding.facilityType);
    if (finding.status === 'short') p.short.add(finding.facilityType);
  }
  const areas = [];
  for (const [id, p] of per) {
    const a = state.kept.area(id)!;
    if (a.lon === null || a.lat === null) continue;
    if (!statusPasses(input.filter.status, p.worst)) continue;
    areas.push({
      id,
      name: a.name,
      lon: a.lon,
      lat: a.lat,
      worst: p.worst,
      missingTypes: [...p.missing],
      shortTypes: [...p.short],
    });
  }
  return { areas };
}

/** One area with all its findings the actor may see (404 outside the scope). */
export async function findAreaGaps(input: {
  db: Db;
  cache: GapAnalysisCache;
  actor: Actor;
  id: number;
}) {
  const area = await findArea(input.db, input.actor, input.id);
  const { items } = await select(input.cache, input.actor, { residentialAreaId: input.id });
  return { area, findings: await withProblems(input.db, input.actor, items) };
}

/**
 * P2 缺什么补什么 → P5: turns current findings into problems, one per finding. Idempotent: a
 * finding that already has an open problem gets that problem back. All or nothing: a finding
 * that is not (or no longer) short or missing refuses the whole request.
 */
export async function createProblemsFromFindings(input: {
  db: Db;
  cache: GapAnalysisCache;
  actor: Actor;
  items: { residentialAreaId: number; facilityType: string; ruleId: string }[];
}) {
  const { db, cache, actor } = input;
  const chosen: Selected[] = [];
  const refused: { index: number; message: string }[] = [];
  for (const [index, item] of input.items.entries()) {
    const { items } = await select(cache, actor, { residentialAreaId: item.residentialAreaId });
    const hit = items.find(
      (s) => s.finding.facilityType === item.facilityType && s.finding.ruleId === item.ruleId,
    );
    if (!hit) refused.push({ index, message: '找不到该缺口（小区不在数据范围内，或标准已变化）' });
    else if (hit.finding.status === 'met')
      refused.push({ index, message: '该项已达标，不需要立为问题' });
    else chosen.push(hit);
  }
  if (refused.length > 0) {
    throw ruleViolation(
      `有 ${refused.length} 项不能立为问题，全部未处理`,
      refused.map((r) => ({ path: `items.${r.index}`, message: r.message })),
    );
  }
  const results = await db.transaction((tx) => promote(tx, actor, chosen));
  return { items: results, created: results.filter((r) => r.created).length };
}

/** Raises (or finds) the problem of each finding, in the caller's transaction. */
async function promote(tx: Db, actor: Actor, chosen: readonly Selected[]) {
  const out = [];
  for (const { finding, areaName, regionCode } of chosen) {
    const typeName = FACILITY_TYPE_NAMES[finding.facilityType];
    const r = await raiseProblem(tx, actor, {
      regionCode,
      residentialAreaId: finding.residentialAreaId,
      facilityType: finding.facilityType,
      // Nothing there at all is a planning gap; something too small is a construction one.
      stage: finding.status === 'missing' ? 'planning' : 'construction',
      source: 'gap_analysis',
      title: `${areaName}${typeName}${FINDING_STATUS_NAMES[finding.status]}`,
      description: describeFinding(finding),
      findingKey: findingKeyOf(finding),
      ruleId: finding.ruleId,
      ruleVersion: finding.ruleVersion,
    });
    out.push({
      residentialAreaId: finding.residentialAreaId,
      facilityType: finding.facilityType,
      ruleId: finding.ruleId,
      problemId: r.id,
      created: r.created,
    });
  }
  return out;
}

/** Findings a bulk promotion works through per request (the client sends the next offset). */
export const BULK_CHUNK = 200;

/**
 * P2 → P5 in bulk: every short or missing finding matching the filter becomes a problem, in
 * chunks the client requests one after another (offset = how many it has already sent), so a
 * long run shows progress and a dropped connection resumes where it stopped. Idempotent: a
 * finding with an open problem gets that problem back, so running the same filter again
 * creates nothing. The findings are listed in a fixed order, which raising problems does not
 * change.
 */
export async function promoteFindingsInBulk(input: {
  db: Db;
  cache: GapAnalysisCache;
  actor: Actor;
  filter: GapFilter;
  offset: number;
  limit?: number;
}) {
  const { db, cache, actor, filter, offset } = input;
  const limit = Math.min(input.limit ?? BULK_CHUNK, BULK_CHUNK);
  const { items } = await select(cache, actor, filter);
  const gaps = items.filter((s) => s.finding.status !== 'met');
  const chunk = gaps.slice(offset, offset + limit);
  const results = chunk.length > 0 ? await db.transaction((tx) => promote(tx, actor, chunk)) : [];
  const processed = Math.min(offset + chunk.length, gaps.length);
  const created = results.filter((r) => r.created).length;
  return {
    total: gaps.length,
    processed,
    created,
    existing: results.length - created,
    done: processed >= gaps.length,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The name of a region code ('' for none), for file names and headings. */
export async function regionNameOf(db: Db, code: string | null): Promise<string> {
  if (!code) return '';
  return (await regionName(db, code)) ?? code;
}

const EXPORT_COLUMNS: readonly WriteColumn[] = [
  { header: '区县', width: 12 },
  { header: '镇街', width: 16 },
  { header: '社区', width: 18 },
  { header: '小区', width: 24 },
  { header: '设施类型', width: 18 },
  { header: '指标', width: 18 },
  { header: '结果', width: 8 },
  { header: '要求', width: 12, numFmt: '0.##' },
  { header: '实际', width: 12, numFmt: '0.##' },
  { header: '单位', width: 8 },
  { header: '规则', width: 16 },
  { header: '出处', width: 48 },
  { header: '条款', width: 16 },
  { header: '依据是否核实', width: 12 },
  { header: '问题编号', width: 10 },
  { header: '问题状态', width: 12 },
];

/**
 * P2: the gap list of the filter (every page) as .xlsx, region names spelt out, the
 * citation as users see it, 待核实 where the rule is not verified, and the problem raised from
 * each finding (as on the screen) for a reader of problems.
 */
export async function exportGapList(input: {
  db: Db;
  cache: GapAnalysisCache;
  actor: Actor;
  filter: GapFilter;
}) {
  const { db, cache, actor, filter } = input;
  const { items } = await select(cache, actor, filter);
  const codes = new Set<string>();
  for (const { regionCode } of items)
    for (const len of [6, 9, 12]) codes.add(regionCode.slice(0, len));
  const names = await regionNames(db, codes);
  const scopeCode = narrowRegion(actor, filter.region);
  const scopeName = scopeCode && scopeCode.length > 4 ? await regionNameOf(db, scopeCode) : '全市';
  const raised = await problemsReadBy(db, actor, 'all');
  function* rows() {
    for (const { finding: f, areaName, regionCode } of items) {
      const problem = raised.get(findingKeyOf(f));
      yield [
        names.get(regionCode.slice(0, 6)) ?? '',
        names.get(regionCode.slice(0, 9)) ?? '',
        names.get(regionCode.slice(0, 12)) ?? '',
        areaName,
        FACILITY_TYPE_NAMES[f.facilityType],
        METRIC_INFO[f.metric].name,
        FINDING_STATUS_NAMES[f.status],
        round(f.required),
        f.actual === null ? null : round(f.actual),
        f.unit,
        `${f.ruleCode} 第${f.ruleVersion}版`,
        f.source,
        f.clause,
        f.verified ? '已核实' : '待核实',
        problem ? `#${problem.id}` : '',
        problem ? PROBLEM_STATUS_LABELS[problem.status] : '',
      ] as const;
    }
  }
  return {
    fileName: `缺口分析-${scopeName}-${todayInShanghai()}.xlsx`,
    write: (out: Writable) =>
      writeWorkbook(out, [
        { name: '缺口清单', columns: EXPORT_COLUMNS, rows: rows(), blankRows: 0 },
      ]),
  };
}
