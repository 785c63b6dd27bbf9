import { bulletinSettings, DEFAULT_BULLETIN_SETTINGS } from '@zibo/shared';
import type { SettingDescriptor } from '@zibo/shared';
import { registerSettingsGroup, storedObject } from '../org/index.ts';

/** The periodic bulletin's letterhead and schedule on the settings page (same row as before). */
const FIELDS: SettingDescriptor[] = [
  {
    key: 'issuer',
    label: '发文机关',
    help: '通报的发文机关标志和落款署名。',
    type: 'text',
    min: 1,
    maxLength: 60,
  },
  {
    key: 'docNumberPrefix',
    label: '机关代字',
    help: '发文字号中年份前的机关代字，如“淄社配办”（字号形如 淄社配办〔2026〕3号）。',
    type: 'text',
    min: 1,
    maxLength: 20,
  },
  {
    key: 'addressees',
    label: '主送机关',
    help: '通报正文前的主送机关，多个机关用逗号分隔。',
    type: 'text',
    maxLength: 300,
    multiline: true,
  },
  {
    key: 'copyTo',
    label: '抄送机关',
    help: '版记中的抄送机关，多个机关用逗号分隔。',
    type: 'text',
    maxLength: 300,
    multiline: true,
  },
  {
    key: 'schedule',
    label: '定期起草通报',
    help: '“每月”：系统每月在下面的日期自动起草上个月的通报草稿，由领导小组办公室审核后印发。',
    type: 'choice',
    options: [
      { value: 'off', label: '不自动起草' },
      { value: 'monthly', label: '每月' },
    ],
  },
  {
    key: 'scheduleDay',
    label: '每月起草日',
    help: '每月的这一天起草上个月的通报草稿（1–28 日，每个月都有这一天）。',
    type: 'integer',
    min: 1,
    max: 28,
    unit: '日',
  },
];

registerSettingsGroup({
  id: 'bulletins',
  label: '定期通报',
  help: '定期通报的版头、主送和抄送机关，以及自动起草的日程（P11）。',
  order: 50,
  permissions: ['settings.manage', 'bulletins.manage'],
  fields: FIELDS,
  ...storedObject({
    rowKey: 'bulletins',
    defaults: DEFAULT_BULLETIN_SETTINGS,
    schema: bulletinSettings,
    fields: FIELDS,
  }),
});
