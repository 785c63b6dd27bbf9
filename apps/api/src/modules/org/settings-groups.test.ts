import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsGroupView } from '@zibo/shared';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { checkSettingValue } from './settings-registry.ts';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(async () => {
  await t.close();
});

type ErrorBody = { error: { code: string; message: string; details?: { path: string }[] } };
const groupsOf = async (c: Client) =>
  (await c.get('/api/settings/groups')).json<{ groups: SettingsGroupView[] }>().groups;
const fieldOf = (groups: SettingsGroupView[], group: string, key: string) =>
  groups.find((g) => g.id === group)!.fields.find((f) => f.key === key)!;

describe('settings page: every business setting, described in Chinese (issue 13)', () => {
  it('gives the system administrator every group with Chinese labels, bounds and values', async () => {
    const groups = await groupsOf(admin);
    expect(groups.map((g) => g.id)).toEqual([
      'planning',
      'joint-review',
      'feedback',
      'supervision',
      'bulletins',
      'accounts',
      'deployment',
    ]);
    for (const g of groups) {
      expect(g.label).toMatch(/[\u4e00-\u9fa5]/);
      for (const f of g.fields) {
        expect(f.label, f.key).toMatch(/[\u4e00-\u9fa5]/);
        expect(f.help, f.key).toMatch(/[\u4e00-\u9fa5]/);
      }
    }
    expect(fieldOf(groups, 'planning', 'personsPerHousehold')).toMatchObject({
      label: '户均人口',
      type: 'number',
      min: 1,
      max: 10,
      value: 3.2,
    });
    expect(fieldOf(groups, 'supervision', 'lights.green').value).toBe(80);
    expect(fieldOf(groups, 'bulletins', 'schedule').options).toHaveLength(2);
    // The deployment configuration is shown as it is, and cannot be changed here.
    const deployment = groups.find((g) => g.id === 'deployment')!;
    expect(deployment.editable).toBe(false);
    expect(fieldOf(groups, 'deployment', 'auditRetentionDays').value).toBe(180);
  });

  it('shows an office user only the groups its role may change; a district user none', async () => {
    const office = await t.login('office');
    expect((await groupsOf(office)).map((g) => g.id)).toEqual(['supervision', 'bulletins']);
    const district = await t.login('zhangdian');
    expect(await groupsOf(district)).toEqual([]);
    const res = await district.put('/api/settings/groups/planning', {
      values: { personsPerHousehold: 3 },
      version: 0,
    });
    expect(res.statusCode).toBe(403);
  });

  it('saves a change, which the old endpoint sees, and audits it in Chinese', async () => {
    const before = (await groupsOf(admin)).find((g) => g.id === 'planning')!;
    const res = await admin.put('/api/settings/groups/planning', {
      values: { personsPerHousehold: 2.9 },
      version: before.version,
    });
    expect(res.statusCode).toBe(200);
    const saved = res.json<SettingsGroupView>();
    expect(saved.fields[0]!.value).toBe(2.9);
    expect(saved.version).toBeGreaterThan(before.version);
    expect(
      (await admin.get('/api/settings')).json<{ personsPerHousehold: number }>(),
    ).toMatchObject({ personsPerHousehold: 2.9 });
    // The same version again is stale: refused, nothing written.
    const stale = await admin.put('/api/settings/groups/planning', {
      values: { personsPerHousehold: 3.1 },
      version: before.version,
    });
    expect(stale.statusCode).toBe(409);

    const auditor = await t.login('auditor');
    const events = (await auditor.get('/api/audit?action=settings.update')).json<{
      items: { before: Record<string, unknown>; after: Record<string, unknown> }[];
    }>().items;
    expect(events[0]).toMatchObject({
      before: { 分组: '配建测算', 户均人口: 3.2 },
      after: { 分组: '配建测算', 户均人口: 2.9 },
    });
  });

  it('writes nested settings into their module’s row (P11): the supervision endpoint sees them', async () => {
    const group = (await groupsOf(admin)).find((g) => g.id === 'supervision')!;
    const res = await admin.put('/api/settings/groups/supervision', {
      values: { 'lights.green': 85, 'orderRules.enabled': false },
      version: group.version,
    });
    expect(res.statusCode).toBe(200);
    const office = await t.login('office');
    const seen = (await office.get('/api/supervision/settings')).json<{
      lights: { green: number; yellow: number };
      orderRules: { enabled: boolean; signDays: number };
    }>();
    expect(seen.lights).toEqual({ green: 85, yellow: 60 });
    expect(seen.orderRules).toMatchObject({ enabled: false, signDays: 2 });
    const auditor = await t.login('auditor');
    const [event] = (await auditor.get('/api/audit?action=settings.update')).json<{
      items: { after: Record<string, unknown> }[];
    }>().items;
    expect(event!.after).toEqual({
      分组: '督导评分与自动督办',
      绿灯分数线: 85,
      自动生成督办单: '否',
    });
  });

  it('refuses bad values with Chinese reasons per field, writing nothing', async () => {
    const planning = (await groupsOf(admin)).find((g) => g.id === 'planning')!;
    const tooBig = await admin.put('/api/settings/groups/planning', {
      values: { personsPerHousehold: 12 },
      version: planning.version,
    });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json<ErrorBody>().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '“户均人口”应在 1 到 10 人/户之间',
      details: [{ path: 'personsPerHousehold' }],
    });
    // A rule between fields, from the module's own schema: green may not be under yellow.
    const supervision = (await groupsOf(admin)).find((g) => g.id === 'supervision')!;
    const lights = await admin.put('/api/settings/groups/supervision', {
      values: { 'lights.green': 50, 'lights.yellow': 70 },
      version: supervision.version,
    });
    expect(lights.statusCode).toBe(400);
    expect(lights.json<ErrorBody>().error.message).toBe('绿灯分数线不能低于黄灯分数线');
    const unknown = await admin.put('/api/settings/groups/planning', {
      values: { nonsense: 1 },
      version: planning.version,
    });
    expect(unknown.statusCode).toBe(400);
    const readOnly = await admin.put('/api/settings/groups/deployment', {
      values: { auditRetentionDays: 365 },
      version: 0,
    });
    expect(readOnly.statusCode).toBe(422);
    expect(readOnly.json<ErrorBody>().error.message).toContain('运维人员');
    // Nothing was written by any of them.
    const after = await groupsOf(admin);
    expect(fieldOf(after, 'planning', 'personsPerHousehold').value).toBe(2.9);
    expect(fieldOf(after, 'supervision', 'lights.green').value).toBe(85);
    expect(after.find((g) => g.id === 'planning')!.version).toBe(planning.version);
  });
});

describe('account hygiene on the settings page (issue 11, 等保 8.1.4.1)', () => {
  it('edits the password age, the inactivity lock and MFA for all, which sign-in reads', async () => {
    const accounts = (await groupsOf(admin)).find((g) => g.id === 'accounts')!;
    expect(accounts.editable).toBe(true);
    expect(fieldOf([accounts], 'accounts', 'passwordMaxAgeDays').value).toBe(90);
    const tooShort = await admin.put('/api/settings/groups/accounts', {
      values: { passwordMaxAgeDays: 3 },
      version: accounts.version,
    });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json<ErrorBody>().error.message).toBe('“密码最长使用期限”应在 7 到 365 天之间');
    const saved = await admin.put('/api/settings/groups/accounts', {
      values: { passwordMaxAgeDays: 60, inactiveLockDays: 120 },
      version: accounts.version,
    });
    expect(saved.statusCode).toBe(200);
    expect(
      (await admin.get('/api/settings')).json<{
        passwordMaxAgeDays: number;
        inactiveLockDays: number;
      }>(),
    ).toMatchObject({ passwordMaxAgeDays: 60, inactiveLockDays: 120 });
  });
});

describe('checkSettingValue', () => {
  const days = { key: 'd', label: '时限', help: '', type: 'integer' as const, min: 1, max: 30 };
  it('names the field and the bound in Chinese', () => {
    expect(checkSettingValue(days, 3)).toBeNull();
    expect(checkSettingValue(days, 2.5)).toBe('“时限”应为整数');
    expect(checkSettingValue(days, 0)).toBe('“时限”应在 1 到 30 之间');
    expect(checkSettingValue(days, '3')).toBe('“时限”应为数字');
    const text = {
      key: 't',
      label: '机关代字',
      help: '',
      type: 'text' as const,
      min: 1,
      maxLength: 4,
    };
    expect(checkSettingValue(text, '  ')).toBe('“机关代字”不能为空');
    expect(checkSettingValue(text, '淄社配办公')).toBe('“机关代字”不能超过 4 个字');
    const choice = {
      key: 'c',
      label: '日程',
      help: '',
      type: 'choice' as const,
      options: [
        { value: 'off', label: '不自动起草' },
        { value: 'monthly', label: '每月' },
      ],
    };
    expect(checkSettingValue(choice, 'weekly')).toBe('“日程”应为以下之一：不自动起草、每月');
  });
});
