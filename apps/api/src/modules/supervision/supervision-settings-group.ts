import { LEAGUE_INDICATORS, LEAGUE_INDICATOR_NAMES, supervisionSettings } from '@zibo/shared';
import type { SettingDescriptor } from '@zibo/shared';
import { registerSettingsGroup, storedObject } from '../org/index.ts';
import { DEFAULT_SUPERVISION_SETTINGS } from './league.ts';
import { SUPERVISION_SETTINGS_KEY } from './supervision-settings.ts';

/** P11 supervision settings on the system administrator's settings page (same row as 督导设置). */
const FIELDS: SettingDescriptor[] = [
  ...LEAGUE_INDICATORS.map((k): SettingDescriptor => ({
    key: `weights.${k}`,
    label: `评分权重：${LEAGUE_INDICATOR_NAMES[k]}`,
    help: '督导排名按各项指标加权计分；权重按一行实际具备的指标折算，不必合计为 100。',
    type: 'number',
    min: 0,
    max: 100,
  })),
  {
    key: 'lights.green',
    label: '绿灯分数线',
    help: '得分不低于此线亮绿灯。须不低于黄灯分数线。',
    type: 'number',
    min: 0,
    max: 100,
    unit: '分',
  },
  {
    key: 'lights.yellow',
    label: '黄灯分数线',
    help: '得分不低于此线、低于绿灯分数线亮黄灯；低于此线亮红灯。',
    type: 'number',
    min: 0,
    max: 100,
    unit: '分',
  },
  {
    key: 'planWriteDays',
    label: '整治方案报送时限',
    help: '问题立项后，责任单位须在此时限内报送整治方案。',
    type: 'integer',
    min: 1,
    max: 365,
    unit: '天',
  },
  {
    key: 'decisionDays',
    label: '主管部门审批时限',
    help: '主管部门审批整治方案、销号申请或延期申请的时限。',
    type: 'integer',
    min: 1,
    max: 365,
    unit: '天',
  },
  {
    key: 'orderRules.enabled',
    label: '自动生成督办单',
    help: '“是”：系统每天按下列规则对临期、滞后、逾期问题自动生成督办单。',
    type: 'boolean',
  },
  {
    key: 'orderRules.blueDaysBefore',
    label: '临期提醒（蓝色）提前天数',
    help: '问题距整改期限不超过这么多天时，生成蓝色提醒督办单。',
    type: 'integer',
    min: 0,
    max: 90,
    unit: '天',
  },
  {
    key: 'orderRules.yellowBehindPoints',
    label: '进度滞后（黄色）百分点',
    help: '整改进度落后于从立项到期限的均匀进度这么多个百分点时，生成黄色督办单。',
    type: 'number',
    min: 1,
    max: 100,
    unit: '个百分点',
  },
  {
    key: 'orderRules.redDaysOverdue',
    label: '逾期（红色）天数',
    help: '超过整改期限这么多天仍未销号时，生成红色督办单。',
    type: 'integer',
    min: 0,
    max: 365,
    unit: '天',
  },
  {
    key: 'orderRules.signDays',
    label: '督办单签收时限',
    help: '承办单位收到督办单后须在此时限内签收。',
    type: 'integer',
    min: 1,
    max: 30,
    unit: '天',
  },
  {
    key: 'orderRules.replyDays',
    label: '督办单答复时限',
    help: '承办单位须在此时限内答复督办单。',
    type: 'integer',
    min: 1,
    max: 90,
    unit: '天',
  },
];

registerSettingsGroup({
  id: 'supervision',
  label: '督导评分与自动督办',
  help: '督导排名的评分权重、亮灯分数线和办理时限，以及自动生成督办单的规则（P11）。',
  order: 40,
  permissions: ['settings.manage', 'supervision.manage'],
  fields: FIELDS,
  ...storedObject({
    rowKey: SUPERVISION_SETTINGS_KEY,
    defaults: DEFAULT_SUPERVISION_SETTINGS,
    schema: supervisionSettings,
    fields: FIELDS,
  }),
});
