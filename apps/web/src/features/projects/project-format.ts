import {
  FACILITY_TYPE_NAMES,
  GATE_STATUS_NAMES,
  PROJECT_GATES,
  type FacilityTypeCode,
  type GateFacility,
  type GateIssue,
  type GateStatus,
  type OpinionDecision,
  type ProjectGate,
  type ProjectRecord,
  type ProjectRequiredFacility,
  type SessionUser,
  type projectPatch,
} from '@zibo/shared';
import type { z } from 'zod';
import { ApiError } from '../../api/client.ts';
import type { StatusTone } from '../../shared/status-tag.tsx';

type ProjectPatch = z.input<typeof projectPatch>;

/** The roles that see projects by region; an account with none of them is a developer's. */
const GOVERNMENT_ROLES = ['office', 'department', 'leader', 'district', 'street', 'community'];

/** A developer account sees only its own projects (the API filters the same way). */
export function isDeveloperOnly(user: Pick<SessionUser, 'roles'>): boolean {
  return (
    user.roles.includes('developer_org') && !user.roles.some((r) => GOVERNMENT_ROLES.includes(r))
  );
}

export const GATE_STATUS_TONES: Record<GateStatus, StatusTone> = {
  pending: 'default',
  open: 'processing',
  returned: 'error',
  passed: 'success',
  skipped: 'default',
};

export const OPINION_TONES: Record<OpinionDecision, StatusTone> = {
  approve: 'success',
  approve_with_conditions: 'warning',
  reject: 'error',
};

/** antd Steps status of a gate: passed done, under review in progress, returned an error. */
export function toStepStatus(status: GateStatus): 'wait' | 'process' | 'finish' | 'error' {
  switch (status) {
    case 'passed':
      return 'finish';
    case 'open':
      return 'process';
    case 'returned':
      return 'error';
    case 'pending':
    case 'skipped':
      return 'wait';
  }
}

/** Short gate names for tiles and chart axes, where the full names do not fit. */
export const GATE_SHORT_NAMES: Record<ProjectGate, string> = {
  planning_review: '规划审查',
  land_supply_review: '供地审查',
  agreement: '协议与合同',
  construction_permit: '施工许可',
  presale_consultation: '预售意见',
  completion_review: '竣工审核',
  handover_registration: '移交登记',
  use_supervision: '使用监管',
};

/**
 * A gate's status in words. Use supervision is never "under review": once open it is the
 * permanent inspection regime (P10).
 */
export function nameGateStatus(gate: ProjectGate, status: GateStatus): string {
  if (gate === 'use_supervision' && status === 'open') return '监管中';
  return GATE_STATUS_NAMES[status];
}

/** Map colours: one per gate, in order from early (cool) to late (warm). */
export const GATE_COLORS: Record<ProjectGate, string> = {
  planning_review: '#1677ff',
  land_supply_review: '#13c2c2',
  agreement: '#722ed1',
  construction_permit: '#eb2f96',
  presale_consultation: '#faad14',
  completion_review: '#fa8c16',
  handover_registration: '#a0d911',
  use_supervision: '#52c41a',
};

/** How a project stands at its current gate, for the map: waiting, under review, returned, done. */
export type Standing = 'pending' | 'open' | 'returned' | 'supervised';

export function standingOf(gate: ProjectGate, status: GateStatus): Standing {
  if (gate === 'use_supervision') return 'supervised';
  if (status === 'open' || status === 'returned') return status;
  return 'pending';
}

export const STANDINGS: readonly Standing[] = ['pending', 'open', 'returned', 'supervised'];

export const STANDING_NAMES: Record<Standing, string> = {
  pending: '待提交审查材料',
  open: '审查中',
  returned: '已退回',
  supervised: '已移交，使用监管中',
};

/** A returned gate red, as everywhere; finished projects green. */
export const STANDING_COLORS: Record<Standing, string> = {
  pending: '#8c8c8c',
  open: '#1677ff',
  returned: '#f5222d',
  supervised: '#52c41a',
};

/** 1234.5 → "1,234.5 m²"; "—" when there is no figure. */
export function formatArea(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${value.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} m²`;
}

export function nameFacility(type: FacilityTypeCode): string {
  return FACILITY_TYPE_NAMES[type] ?? type;
}

type Requirement = Pick<
  ProjectRequiredFacility,
  'floorArea' | 'siteArea' | 'sites' | 'alternatives'
>;

/** What a requirement asks, in words: "建筑面积 ≥ 2,200 m²；用地面积 ≥ 3,500 m²；1 处". */
export function describeRequirement(r: Requirement): string {
  const parts: string[] = [];
  if (r.floorArea !== null) parts.push(`建筑面积 ≥ ${formatArea(r.floorArea)}`);
  if (r.siteArea !== null) parts.push(`用地面积 ≥ ${formatArea(r.siteArea)}`);
  if (r.alternatives?.length) {
    parts.push(
      r.alternatives
        .map((a) =>
          a.floorArea !== null
            ? `建筑面积 ≥ ${formatArea(a.floorArea)}`
            : `用地面积 ≥ ${formatArea(a.siteArea ?? 0)}`,
        )
        .join(' 或 '),
    );
  }
  if (parts.length === 0) parts.push('标准未规定面积（按服务半径设置）');
  parts.push(`${r.sites} 处`);
  return parts.join('；');
}

/** A facility row of a gate document form: areas stay empty until someone states them. */
export type FacilityDraft = Omit<GateFacility, 'floorArea'> & { floorArea: number | null };

const up2 = (x: number) => Math.ceil(x * 100) / 100;

/**
 * The rows a requirement starts a document with: one per site, its amounts split evenly, with
 * the construction method, ownership and handover terms P7 asks for. Where the standards set no
 * area (a radius-only school), the area is left for the submitter to state, never invented.
 */
export function draftFromRequirement(r: ProjectRequiredFacility): FacilityDraft[] {
  const alt = r.alternatives?.[0] ?? null;
  const floor = r.floorArea ?? alt?.floorArea ?? null;
  const site = r.siteArea ?? (alt && alt.floorArea === null ? alt.siteArea : null);
  return Array.from({ length: r.sites }, () => ({
    facilityType: r.facilityType,
    floorArea: floor === null ? null : up2(floor / r.sites),
    siteArea: site === null ? null : up2(site / r.sites),
    constructionMethod: r.constructionMethod,
    ownership: r.ownership,
    handoverTo: r.handoverTo,
    handoverRequirement: r.handoverRequirement,
  }));
}

/** The gates whose documents a later one carries forward (API: the document check's order). */
function gatesBefore(gate: ProjectGate): ProjectGate[] {
  return PROJECT_GATES.slice(0, PROJECT_GATES.indexOf(gate)).reverse();
}

/**
 * Where a gate's document form starts: its own last document (a returned gate is corrected, not
 * retyped), else the latest earlier document (land supply carries the planning conditions, the
 * permit the contract…), else the required facilities.
 */
export function startDocument(
  project: {
    requiredFacilities: readonly ProjectRequiredFacility[];
    gates: readonly { gate: ProjectGate; document: { facilities: GateFacility[] } | null }[];
  },
  gate: ProjectGate,
): FacilityDraft[] {
  const own = project.gates.find((g) => g.gate === gate)?.document;
  if (own) return own.facilities.map((f) => ({ ...f }));
  for (const before of gatesBefore(gate)) {
    const doc = project.gates.find((g) => g.gate === before)?.document;
    if (doc) {
      // The completion and handover marks are this gate's own statements, never carried over.
      return doc.facilities.map(
        ({
          built: _built,
          accepted: _accepted,
          handedOver: _handedOver,
          registered: _registered,
          certificateNo: _certificateNo,
          ...rest
        }) => rest,
      );
    }
  }
  return project.requiredFacilities.flatMap(draftFromRequirement);
}

/** The facility-by-facility reasons of a RULE_VIOLATION refusal, or none. */
export function readGateIssues(error: unknown): GateIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'RULE_VIOLATION') return [];
  if (!Array.isArray(error.details)) return [];
  return error.details.filter(
    (d): d is GateIssue =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as { message?: unknown }).message === 'string' &&
      typeof (d as { code?: unknown }).code === 'string',
  );
}

/** Whole days from `today` to `deadline` (both YYYY-MM-DD); negative once past. */
export function countDaysLeft(deadline: string, today: string): number {
  return Math.round(
    (Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
}

/** A deadline in words for the inbox: "逾期 3 天", "今天到期", "剩 2 天". */
export function describeDeadline(deadline: string, today: string): string {
  const days = countDaysLeft(deadline, today);
  if (days < 0) return `逾期 ${-days} 天`;
  if (days === 0) return '今天到期';
  return `剩 ${days} 天`;
}

type Opinion = {
  departmentCode: string;
  decision: OpinionDecision;
  comment: string | null;
  round: number;
  actorName: string | null;
  at: string;
};

export type DepartmentOpinion<O extends Opinion> = {
  code: string;
  name: string;
  /** The department's opinion in the gate's latest round, if it has given one. */
  opinion: O | null;
};

/** Each required department with its opinion in the latest round (the one under review or decided). */
export function listRoundOpinions<O extends Opinion>(gate: {
  round: number;
  departments: readonly { code: string; name: string }[];
  opinions: readonly O[];
}): DepartmentOpinion<O>[] {
  return gate.departments.map((d) => ({
    code: d.code,
    name: d.name,
    opinion:
      gate.opinions.find((o) => o.round === gate.round && o.departmentCode === d.code) ?? null,
  }));
}

/** Opinions of rounds before the latest, newest round first (why a gate was returned). */
export function listEarlierRounds<O extends Opinion>(gate: {
  round: number;
  opinions: readonly O[];
}): { round: number; opinions: O[] }[] {
  const rounds = [...new Set(gate.opinions.map((o) => o.round))]
    .filter((r) => r < gate.round)
    .sort((a, b) => b - a);
  return rounds.map((round) => ({
    round,
    opinions: gate.opinions.filter((o) => o.round === round),
  }));
}

/** The gates a condition set at `gate` may be due at: the applicable ones after it. */
export function listLaterGates(
  gates: readonly { gate: ProjectGate; status: GateStatus }[],
  gate: ProjectGate,
): ProjectGate[] {
  const at = PROJECT_GATES.indexOf(gate);
  return gates
    .filter(
      (g) =>
        PROJECT_GATES.indexOf(g.gate) > at &&
        g.status !== 'skipped' &&
        g.gate !== 'use_supervision',
    )
    .map((g) => g.gate);
}

/** The editable fields of a project as the edit form holds them. */
export type ProjectEditValues = {
  name: string;
  developerName: string;
  developerUserId?: number | null;
  lon: number;
  lat: number;
  coordSystem: 'wgs84' | 'gcj02' | 'bd09';
  presaleBeforeCompletion: boolean;
  phases: {
    name: string;
    households?: number | null;
    floorArea?: number | null;
    note?: string | null;
  }[];
};

type EditableProject = Pick<
  ProjectRecord,
  | 'name'
  | 'developerName'
  | 'developerUserId'
  | 'lon'
  | 'lat'
  | 'presaleBeforeCompletion'
  | 'phases'
  | 'version'
>;

/**
 * The PATCH body of an edit: only what changed, so that an unchanged site or pre-sale flag does
 * not trip the rules that freeze them once their gates are behind (ADR 0010).
 */
export function buildProjectPatch(project: EditableProject, v: ProjectEditValues): ProjectPatch {
  const patch: ProjectPatch = { version: project.version };
  if (v.name.trim() !== project.name) patch.name = v.name.trim();
  if (v.developerName.trim() !== project.developerName) {
    patch.developerName = v.developerName.trim();
  }
  if (v.developerUserId !== undefined && (v.developerUserId ?? null) !== project.developerUserId) {
    patch.developerUserId = v.developerUserId ?? null;
  }
  if (v.coordSystem !== 'wgs84' || v.lon !== project.lon || v.lat !== project.lat) {
    patch.lon = v.lon;
    patch.lat = v.lat;
    patch.coordSystem = v.coordSystem;
  }
  if (v.presaleBeforeCompletion !== project.presaleBeforeCompletion) {
    patch.presaleBeforeCompletion = v.presaleBeforeCompletion;
  }
  // Stored phases come back from JSONB with their keys reordered: compare field by field.
  const normalise = (list: ProjectEditValues['phases']) =>
    list.map((p) => ({
      name: p.name.trim(),
      households: p.households ?? null,
      floorArea: p.floorArea ?? null,
      note: p.note?.trim() || null,
    }));
  const phases = normalise(v.phases);
  if (JSON.stringify(phases) !== JSON.stringify(normalise(project.phases))) patch.phases = phases;
  return patch;
}
