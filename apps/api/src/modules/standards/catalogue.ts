import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  AREA_KINDS,
  INFORMATIONAL_KIND_NAMES,
  METRIC_INFO,
  categoryOfFacilityType,
  type AreaKind,
  type CategoryCode,
  type StandardRule,
} from '@zibo/shared';
import { parseCsv } from '../../platform/csv.ts';
import { citationOf, unitZh } from './citations.ts';
import { CATALOGUE_MAPPING } from './catalogue-mapping.ts';

export { CATALOGUE_MAPPING } from './catalogue-mapping.ts';
export { buildRuleFromInput } from './rule-input.ts';

/** P3: the initial catalogue the lead departments start from (reference/standards/standards.csv). */
export const STANDARDS_CSV_PATH = fileURLToPath(
  new URL('../../../reference/standards/standards.csv', import.meta.url),
);

const HEADER = [
  'code',
  'category',
  'facility_type_zh',
  'facility_type_en',
  'life_circle',
  'metric',
  'value',
  'unit',
  'applies_to',
  'source',
  'clause',
  'verified(yes/no)',
] as const;

/** One row of standards.csv, fields as written. */
export type CatalogueRow = {
  code: string;
  category: string;
  facilityTypeZh: string;
  facilityTypeEn: string;
  lifeCircle: string;
  metric: string;
  value: string;
  unit: string;
  appliesTo: string;
  source: string;
  clause: string;
  verified: boolean;
};

/** Reads standards.csv into rows, refusing a file whose header or shape is not the expected one. */
export function readCatalogueRows(path = STANDARDS_CSV_PATH): CatalogueRow[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(path, 'utf8'));
  if (header?.join(',') !== HEADER.join(',')) throw new Error('standards.csv: unexpected header');
  return rows.map((r, n) => {
    if (r.length !== HEADER.length) {
      throw new Error(`standards.csv line ${n + 2}: ${r.length} fields, expected ${HEADER.length}`);
    }
    const [code, category, zh, en, lifeCircle, metric, value, unit, appliesTo, source, clause, v] =
      r as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
    if (v !== 'yes' && v !== 'no')
      throw new Error(`standards.csv ${code}: verified must be yes/no`);
    return {
      code,
      category,
      facilityTypeZh: zh,
      facilityTypeEn: en,
      lifeCircle,
      metric,
      value,
      unit,
      appliesTo,
      source,
      clause,
      verified: v === 'yes',
    };
  });
}

const CSV_CATEGORY: Record<string, CategoryCode | null> = {
  general: null,
  community_service_rooms: 'community_service',
  elderly_care: 'elderly_care',
  education: 'education',
  sports_fitness: 'sports',
  community_health: 'health',
  convenience_commerce: 'commerce',
};

function originOf(rows: readonly CatalogueRow[]): NonNullable<StandardRule['origin']> {
  const join = (pick: (r: CatalogueRow) => string) => [...new Set(rows.map(pick))].join(' | ');
  return {
    facilityName: join((r) => `${r.facilityTypeZh} / ${r.facilityTypeEn}`),
    lifeCircle: join((r) => r.lifeCircle),
    metric: join((r) => r.metric),
    value: join((r) => r.value),
    unit: join((r) => r.unit),
    appliesTo: join((r) => r.appliesTo),
  };
}

function appliesToOf(kinds: readonly AreaKind[], description: string, minPopulation?: number) {
  return {
    areaKinds: AREA_KINDS.filter((k) => kinds.includes(k)),
    minHouseholds: null,
    maxHouseholds: null,
    minPopulation: minPopulation ?? null,
    maxPopulation: null,
    description,
  };
}

/**
 * Normalises the catalogue rows through CATALOGUE_MAPPING into rules (version 1, id = code).
 * Fails when a row has no mapping or a mapping has no row, so the two cannot drift apart.
 */
export function buildCatalogue(rows: readonly CatalogueRow[]): StandardRule[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const code of Object.keys(CATALOGUE_MAPPING)) {
    if (!byCode.has(code)) throw new Error(`standards mapping: ${code} is not in the catalogue`);
  }
  const rules: StandardRule[] = [];
  for (const row of rows) {
    const m = CATALOGUE_MAPPING[row.code];
    if (!m) throw new Error(`standards mapping: no entry for ${row.code}`);
    if ('joinedInto' in m) continue;
    const base = {
      version: 1,
      jurisdiction: m.jurisdiction,
      lifeCircle: m.lifeCircle ?? null,
      active: true,
      ...citationOf(row),
      issuedOn: m.issuedOn,
    };
    if ('rule' in m) {
      const r = m.rule;
      rules.push({
        ...base,
        id: row.code,
        code: row.code,
        catalogueCodes: [row.code],
        category: categoryOfFacilityType(r.facilityType),
        facilityType: r.facilityType,
        countedTypes: r.countedTypes ?? [r.facilityType],
        metric: r.metric,
        value: r.value,
        unit: METRIC_INFO[r.metric].unit,
        anyOf: null,
        appliesTo: appliesToOf(r.areaKinds, r.scope, r.minPopulation),
        informational: false,
        informationalKind: null,
        verified: row.verified,
        note: r.note ?? null,
        derivedFrom: r.derivedFrom ?? [],
        origin: originOf([row]),
      });
    } else if ('anyOf' in m) {
      const joined = [row, ...(m.joins ?? []).map((c) => byCode.get(c))].filter(
        (r): r is CatalogueRow => r !== undefined,
      );
      const codes = joined.map((r) => r.code);
      rules.push({
        ...base,
        id: codes.join('+'),
        code: codes.join('/'),
        catalogueCodes: codes,
        category: categoryOfFacilityType(m.facilityType),
        facilityType: m.facilityType,
        countedTypes: [...new Set(m.anyOf.flatMap((a) => a.countedTypes))],
        metric: 'any_of',
        value: null,
        unit: METRIC_INFO.any_of.unit,
        anyOf: m.anyOf,
        appliesTo: appliesToOf(m.areaKinds, m.scope),
        informational: false,
        informationalKind: null,
        // A joined rule is only as verified as its least verified row.
        verified: joined.every((r) => r.verified),
        note: m.note ?? null,
        derivedFrom: [],
        origin: originOf(joined),
      });
    } else {
      rules.push({
        ...base,
        id: row.code,
        code: row.code,
        catalogueCodes: [row.code],
        category: m.facilityType
          ? categoryOfFacilityType(m.facilityType)
          : (CSV_CATEGORY[row.category] ?? null),
        facilityType: m.facilityType ?? null,
        countedTypes: [],
        metric: 'informational',
        value: null,
        unit: unitZh(row.unit),
        anyOf: null,
        appliesTo: appliesToOf(AREA_KINDS, INFORMATIONAL_KIND_NAMES[m.info]),
        informational: true,
        informationalKind: m.info,
        verified: row.verified,
        note: m.note ?? null,
        derivedFrom: [],
        origin: originOf([row]),
      });
    }
  }
  return rules;
}

/** The standards catalogue as rules, read from the reference CSV. */
export function loadStandardsCatalogue(path = STANDARDS_CSV_PATH): StandardRule[] {
  return buildCatalogue(readCatalogueRows(path));
}
