import { describe, expect, it } from 'vitest';
import { FEATURE_ROUTES, buildMenuItems, findFeatureRoute } from './routes.tsx';

describe('buildMenuItems', () => {
  const { items, groupKeys } = buildMenuItems(FEATURE_ROUTES, (r) => r.menu?.label);

  it('folds the four ledger pages under 台账管理, in order', () => {
    const ledger = items.find((i) => i.label === '台账管理');
    expect(ledger?.children?.map((c) => c.label)).toEqual([
      '小区台账',
      '设施台账',
      '台账地图',
      '导入导出',
    ]);
    expect(groupKeys).toContain(ledger?.key);
  });

  it('folds the problem pages under 问题整改 and the supervision pages under 督导调度', () => {
    const problems = items.find((i) => i.label === '问题整改');
    const supervision = items.find((i) => i.label === '督导调度');
    expect(problems?.children?.map((c) => c.label)).toEqual(['问题台账', '专项整治', '领导调度']);
    expect(supervision?.children?.map((c) => c.label)).toEqual([
      '任务分解表',
      '领导小组',
      '督导排名',
      '定期通报',
      '领导驾驶舱',
    ]);
    expect(groupKeys).toEqual(expect.arrayContaining([problems?.key, supervision?.key]));
  });

  it('lists every other menu page once at the top level and no detail page', () => {
    const top = items.filter((i) => !i.children).map((i) => i.key);
    const nested = items.flatMap((i) => i.children ?? []).map((i) => i.key);
    const withMenu = FEATURE_ROUTES.filter((r) => r.menu).map((r) => r.path);
    expect([...top, ...nested].sort()).toEqual([...withMenu].sort());
    expect(withMenu.some((p) => p.includes(':'))).toBe(false);
  });
});

describe('findFeatureRoute', () => {
  it('highlights the list page for its detail pages', () => {
    expect(findFeatureRoute('/ledger/areas/42')?.path).toBe('ledger/areas');
    expect(findFeatureRoute('/surveys/3')?.path).toBe('surveys');
    expect(findFeatureRoute('/gap-analysis/areas/7')?.path).toBe('gap-analysis');
    expect(findFeatureRoute('/problems/12')?.path).toBe('problems');
    expect(findFeatureRoute('/')?.path).toBe('');
  });
});
