import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { StandardRule } from '@zibo/shared';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea } from '../../../test/factories.ts';
import { loadStandardsCatalogue } from './catalogue.ts';
import { syncStandardsCatalogue } from './standards.service.ts';
import { standardRules } from './standards.tables.ts';

type RuleView = StandardRule & { abilities: Record<string, boolean> };

let t: TestApp;
const c: Record<string, Client> = {};
beforeAll(async () => {
  t = await startTestApp();
  for (const a of ['office', 'edu', 'health', 'zhangdian', 'developer1', 'leader'])
    c[a] = await t.login(a);
});
afterAll(async () => {
  await t.close();
});

const catalogue = loadStandardsCatalogue();
const NOTES = catalogue.map((r) => r.researchNote!).filter(Boolean);
/** Research wording that must never reach a user who does not maintain the rule. */
const RESEARCH_WORDS = /\b(seen|recalled|confidence|reproduction)\b|来源记录|条款记录/i;

function assertNoResearchNote(body: string) {
  expect(body).not.toMatch(RESEARCH_WORDS);
  for (const note of NOTES) expect(body.includes(note)).toBe(false);
}

/** The catalogue as it stood before the 2026-12 check (the rows CHECK.md corrected). */
const OLD_ROWS: Record<string, Partial<StandardRule>> = {
  'EDU-020': {
    jurisdiction: 'national',
    source: 'GB 50180-2018 城市居住区规划设计标准',
    clause: 'Appendix C (recalled)',
    verified: false,
  },
  'EDU-021': {
    jurisdiction: 'national',
    source: 'GB 50180-2018 城市居住区规划设计标准',
    clause: 'Appendix C (recalled; same value seen for the superseded GB 50180-93)',
    verified: false,
  },
  'HLT-014': {
    source: '国务院关于发展城市社区卫生服务的指导意见 (国发〔2006〕10号) / related 2006 guidance',
    clause: 'recalled',
    verified: false,
  },
};
const ADDED = ['EDU-024', 'EDU-029', 'EDU-032', 'SPT-024', 'HLT-023'];

describe('P3 the corrected catalogue, loaded as new versions on an existing database', () => {
  it('versions each corrected rule with its history, adds the missing rules, and is idempotent', async () => {
    // Put the database back to the catalogue as it was: research text as the source, old figures.
    const rows = await t.db.select().from(standardRules).where(eq(standardRules.current, true));
    for (const row of rows) {
      const rule = row.rule as StandardRule;
      if (ADDED.includes(row.id) || /^(EDU-02[5-9]|EDU-03|SPT-02[56])/.test(row.id)) {
        await t.db.delete(standardRules).where(eq(standardRules.id, row.id));
        continue;
      }
      const raw = /^来源记录：(.*)；条款记录：(.*)$/s.exec(rule.researchNote ?? '');
      const { researchNote: _n, ...old } = rule;
      await t.db
        .update(standardRules)
        .set({
          rule: {
            ...old,
            source: raw?.[1] ?? rule.source,
            clause: raw?.[2] ?? rule.clause,
            ...OLD_ROWS[row.id],
          },
        })
        .where(eq(standardRules.id, row.id));
    }

    const first = await syncStandardsCatalogue(t.db);
    expect(first.added.sort()).toEqual(
      catalogue
        .map((r) => r.id)
        .filter((id) => ADDED.includes(id) || /^(EDU-02[5-9]|EDU-03|SPT-02[56])/.test(id))
        .sort(),
    );
    expect(first.versioned).toEqual(expect.arrayContaining(['EDU-020', 'EDU-021', 'HLT-014']));

    const versions = (await c.edu!.get('/api/standards/rules/EDU-020/versions')).json<RuleView[]>();
    expect(versions.map((v) => [v.version, v.verified, v.jurisdiction])).toEqual([
      [2, true, 'shandong'],
      [1, false, 'national'],
    ]);
    expect(versions[0]).toMatchObject({
      source: '山东省人民政府办公厅《关于城镇居住区配套教育设施规划建设的意见》（2018年）',
      clause: '服务半径',
      value: 300,
    });
    // The maintainers (市教育局 leads education) see how the figure was researched.
    expect(versions[0]!.researchNote).toContain('seen via 青岛日报 2018-10-09');

    const health = (await c.health!.get('/api/standards/rules/HLT-014/versions')).json<
      RuleView[]
    >();
    expect(health[0]).toMatchObject({
      version: 2,
      verified: true,
      source:
        '中央编办、卫生部、财政部、民政部《城市社区卫生服务机构设置和编制标准指导意见》（2006年）',
      clause: '',
    });
    expect(health[1]).toMatchObject({ version: 1, verified: false });

    const second = await syncStandardsCatalogue(t.db);
    expect(second).toEqual({ added: [], versioned: [] });
    const again = (await c.edu!.get('/api/standards/rules/EDU-020/versions')).json<RuleView[]>();
    expect(again).toHaveLength(2);
  });

  it('cites GB 50180 clauses in Chinese: 附录C, 表5.0.2, 第2.0.2条', async () => {
    const { rules } = (await c.office!.get('/api/standards')).json<{ rules: RuleView[] }>();
    const byId = new Map(rules.map((r) => [r.id, r]));
    expect(byId.get('CMS-020')).toMatchObject({
      source: '《城市居住区规划设计标准》（GB 50180-2018）',
      clause: '附录C',
    });
    expect(byId.get('GEN-020')?.clause).toBe('表5.0.2');
    expect(byId.get('GEN-001')?.clause).toBe('第2.0.2条');
    expect(byId.get('GEN-006')?.clause).toBe('第2.0.3条、表3.0.4');
    expect(byId.get('SPT-024')).toMatchObject({ verified: false, metric: 'service_radius' });
    expect(byId.get('HLT-023')).toMatchObject({ verified: false, informational: true });
    expect(byId.get('EDU-024')).toMatchObject({ verified: true, informational: true });
  });
});

describe('P3 a user-facing answer never carries the research note', () => {
  it('the standards list, to anyone who does not maintain the rule', async () => {
    for (const who of ['office', 'leader', 'zhangdian']) {
      const res = await c[who]!.get('/api/standards');
      expect(res.statusCode).toBe(200);
      assertNoResearchNote(res.body);
      const { rules } = res.json<{ rules: RuleView[] }>();
      expect(rules.every((r) => r.researchNote === undefined && r.origin === null)).toBe(true);
    }
    // 市教育局 sees the notes of its own rules only.
    const { rules } = (await c.edu!.get('/api/standards')).json<{ rules: RuleView[] }>();
    expect(rules.find((r) => r.id === 'EDU-020')?.researchNote).toMatch(/来源记录/);
    expect(rules.find((r) => r.id === 'HLT-001')?.researchNote).toBeUndefined();
  });

  it('the gap analysis findings', async () => {
    const area = await buildArea(c.zhangdian!, { households: 1200, population: 3400 });
    const res = await c.zhangdian!.get(
      `/api/gap-analysis?residentialAreaId=${area.id}&pageSize=500`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0);
    assertNoResearchNote(res.body);
  });

  it('a project’s required facilities', async () => {
    const res = await c.developer1!.post('/api/projects', {
      name: '引用检查项目',
      developerName: '演示置业有限公司',
      regionCode: '370303001001',
      households: 1200,
      landArea: 36000,
      floorArea: 132000,
      lon: 118.05,
      lat: 36.81,
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ id: number; requiredFacilities: unknown[] }>();
    expect(body.requiredFacilities.length).toBeGreaterThan(0);
    assertNoResearchNote(res.body);
    assertNoResearchNote((await c.developer1!.get(`/api/projects/${body.id}`)).body);
  });
});
