import { describe, expect, it } from 'vitest';
import {
  FACILITY_TYPE_CODES,
  standardRule,
  standardRuleInput,
  type StandardRuleInput,
} from '@zibo/shared';
import {
  CATALOGUE_MAPPING,
  buildCatalogue,
  buildRuleFromInput,
  loadStandardsCatalogue,
  readCatalogueRows,
} from './catalogue.ts';
import { clauseZh } from './citations.ts';

describe('standards catalogue', () => {
  const rows = readCatalogueRows();
  const rules = loadStandardsCatalogue();

  it('reads all 125 rows (111 checked, 14 added from CHECK.md), with commas inside quoted sources intact', () => {
    expect(rows).toHaveLength(125);
    // CHECK.md: EDU-020…022 and HLT-014 now verified; of the added rows, the Shandong 2018
    // limits and JGJ 39 are seen, the recalled GB 50180 figures are not.
    expect(rows.filter((r) => r.verified)).toHaveLength(88);
    expect(rows.find((r) => r.code === 'EDU-002')?.source).toBe(
      '完整居住社区建设标准（试行）(住建部等13部门, 建科规〔2020〕7号) — seen via news reproduction (beihai.jiwu.com, 2020-09-03)',
    );
  });

  it('maps every row and nothing else, so the catalogue is complete', () => {
    expect(Object.keys(CATALOGUE_MAPPING).sort()).toEqual(rows.map((r) => r.code).sort());
    const covered = rules.flatMap((r) => r.catalogueCodes).sort();
    expect(covered).toEqual(rows.map((r) => r.code).sort());
  });

  it('keeps each row’s verified flag, and its source and clause as written in the research note', () => {
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const rule of rules) {
      const sources = rule.catalogueCodes.map((c) => byCode.get(c)!);
      expect(rule.verified).toBe(sources.every((s) => s.verified));
      expect(rule.researchNote).toBe(
        `来源记录：${sources[0]!.source}；条款记录：${sources[0]!.clause}`,
      );
    }
  });

  it('cites every rule by a Chinese document title and a Chinese clause, no research English', () => {
    for (const rule of rules) {
      // Latin letters only in standard numbers (GB 50180-2018, JGJ 39-2016, SB/T 10455-2008).
      const latin = `${rule.source} ${rule.clause} ${rule.unit} ${rule.appliesTo.description}`
        .replace(/\b(GB|JGJ|SB\/T)\s?[\d.-]+/g, '')
        .replace(/附录[A-Z]/g, '')
        .replace(/m²|m\b/g, '');
      expect(latin, rule.code).not.toMatch(/[A-Za-z]/);
    }
    const byId = new Map(rules.map((r) => [r.id, r]));
    expect(byId.get('EDU-020')).toMatchObject({
      jurisdiction: 'shandong',
      verified: true,
      source: '山东省人民政府办公厅《关于城镇居住区配套教育设施规划建设的意见》（2018年）',
      clause: '服务半径',
    });
    expect(byId.get('ELD-022')?.informationalKind).toBe('catchment_level');
    expect(byId.get('SPT-006')?.clause).toBe('二/四（公共活动空间）');
  });

  it('turns clauses into Chinese: 第5.0.2条, 附录C, 表3.0.4', () => {
    expect(clauseZh('5.0.2')).toBe('第5.0.2条');
    expect(clauseZh('Appendix C (recalled, low confidence)')).toBe('附录C');
    expect(clauseZh('Table 3.0.4')).toBe('表3.0.4');
    expect(clauseZh('2.0.4 / Table 3.0.4 (recalled)')).toBe('第2.0.4条、表3.0.4');
    expect(clauseZh('n/a')).toBe('');
    expect(clauseZh('recalled; population band doubtful (0.5-1.5万 or 1.0-1.5万)')).toBe('');
    expect(clauseZh('一(一)')).toBe('一（一）');
  });

  it('validates against the API contract', () => {
    for (const rule of rules) expect(standardRule.safeParse(rule).success).toBe(true);
  });

  it('gives every facility type at least one evaluable rule', () => {
    for (const type of FACILITY_TYPE_CODES) {
      const evaluable = rules.filter((r) => r.facilityType === type && !r.informational);
      expect(evaluable.length, type).toBeGreaterThan(0);
    }
  });

  it('takes each figure from its own row (the lower bound of a range), or names the row it derives from', () => {
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const rule of rules.filter((r) => !r.informational && r.metric !== 'any_of')) {
      const row = byCode.get(rule.code)!;
      const numbers = (row.value.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
      if (rule.metric === 'population_per_site') {
        // A catchment "30000-50000 persons per centre": required from 30,000, one per 50,000.
        expect([rule.appliesTo.minPopulation, rule.value], rule.code).toEqual(numbers.slice(0, 2));
      } else if (rule.derivedFrom.length > 0) {
        const basis = byCode.get(rule.derivedFrom[0]!)!;
        expect(rule.value, rule.code).toBe(Number(/\d+/.exec(basis.value)?.[0]));
      } else {
        expect(rule.value, rule.code).toBe(numbers[0]);
      }
    }
    for (const rule of rules.filter((r) => r.metric === 'any_of')) {
      const texts = rule.catalogueCodes.map((c) => byCode.get(c)!.value).join(' / ');
      for (const alt of rule.anyOf!) expect(texts, rule.code).toContain(String(alt.value));
    }
  });

  it('records the jurisdiction the source states: comparators, Shandong, national', () => {
    for (const row of rows) {
      const rule = rules.find((r) => r.catalogueCodes.includes(row.code))!;
      if (/comparator/i.test(row.appliesTo)) expect(rule.jurisdiction, row.code).toBe('comparator');
      if (/^山东省/.test(row.source)) expect(rule.jurisdiction, row.code).toBe('shandong');
      if (/^GB /.test(row.source)) expect(rule.jurisdiction, row.code).toBe('national');
    }
    expect(rules.find((r) => r.id === 'CMS-009')?.jurisdiction).toBe('comparator');
  });

  it('keeps non-evaluable rows as informational entries with their source and clause', () => {
    const gate = rules.find((r) => r.id === 'EDU-008')!;
    expect(gate).toMatchObject({
      informational: true,
      informationalKind: 'comparator',
      metric: 'informational',
      value: null,
    });
    expect(gate.origin?.metric).toBe('acceptance gate');
    expect(rules.find((r) => r.id === 'GEN-001')).toMatchObject({
      informational: true,
      informationalKind: 'tier_definition',
      lifeCircle: '15min',
    });
  });

  it('joins SPT-001 and SPT-002 into one either/or rule', () => {
    const joined = rules.find((r) => r.id === 'SPT-001+SPT-002')!;
    expect(joined).toMatchObject({
      code: 'SPT-001/SPT-002',
      metric: 'any_of',
      facilityType: 'fitness_site',
      verified: true,
    });
    expect(joined.anyOf?.map((a) => [a.metric, a.value])).toEqual([
      ['floor_area_per_person', 0.1],
      ['site_area_per_person', 0.3],
    ]);
  });

  it('refuses a mapping that names a code the catalogue lacks', () => {
    expect(() => buildCatalogue(rows.filter((r) => r.code !== 'HLT-001'))).toThrow(/HLT-001/);
  });
});

describe('department rule input', () => {
  const base: StandardRuleInput = {
    facilityType: 'elderly_service_station',
    metric: 'floor_area_per_100_households',
    value: 30,
    appliesTo: { areaKinds: ['new'] },
    jurisdiction: 'zibo',
    source: '淄博市民政局关于社区养老服务设施配建的通知',
    clause: '第三条',
    verified: true,
  };

  it('builds a Zibo rule that counts its own type', () => {
    const rule = buildRuleFromInput(base, { id: 'ZB-ELD-1', version: 2 });
    expect(rule).toMatchObject({
      id: 'ZB-ELD-1',
      version: 2,
      category: 'elderly_care',
      countedTypes: ['elderly_service_station'],
      unit: 'm²/百户',
      jurisdiction: 'zibo',
      informational: false,
      origin: null,
    });
    expect(standardRule.safeParse(rule).success).toBe(true);
  });

  it('refuses an either/or without alternatives and a value-less amount, in Chinese', () => {
    const anyOf = standardRuleInput.safeParse({ ...base, metric: 'any_of', value: undefined });
    expect(anyOf.success).toBe(false);
    expect(anyOf.error?.issues.map((i) => i.message)).toContain('二选一指标须列出备选项');
    const noValue = standardRuleInput.safeParse({ ...base, value: undefined });
    expect(noValue.error?.issues.map((i) => i.message)).toContain('请填写指标数值');
  });

  it('refuses a comparator jurisdiction and inverted thresholds', () => {
    expect(standardRuleInput.safeParse({ ...base, jurisdiction: 'comparator' }).success).toBe(
      false,
    );
    const inverted = standardRuleInput.safeParse({
      ...base,
      appliesTo: { areaKinds: ['new'], minHouseholds: 500, maxHouseholds: 100 },
    });
    expect(inverted.error?.issues.map((i) => i.message)).toContain('户数上限不能小于下限');
  });
});
