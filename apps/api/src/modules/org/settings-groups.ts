import { bumpRevision } from '../../platform/revisions.ts';
import { DEFAULT_SETTINGS } from './reference-data.ts';
import { registerSettingsGroup, storedKeys } from './settings-registry.ts';

/**
 * The settings of the platform's own reference data (stored one key a row, defaults in
 * DEFAULT_SETTINGS) and, read-only, the deployment configuration that governs security.
 * The bounds are the ones PUT /api/settings has always enforced.
 */
registerSettingsGroup({
  id: 'planning',
  label: '配建测算',
  help: '配建标准测算时使用的参数。修改后，缺口分析会按新参数重新计算。',
  order: 10,
  permissions: ['settings.manage'],
  fields: [
    {
      key: 'personsPerHousehold',
      label: '户均人口',
      help: '小区人口未填报时，按“户数 × 户均人口”估算人口，再按人口测算应配建的设施规模。',
      type: 'number',
      min: 1,
      max: 10,
      unit: '人/户',
    },
  ],
  ...storedKeys({ personsPerHousehold: DEFAULT_SETTINGS.personsPerHousehold }, (tx) =>
    bumpRevision(tx, 'standards'),
  ),
});

registerSettingsGroup({
  id: 'joint-review',
  label: '联合审查',
  help: '新建居住区项目各审查关口征求部门意见的时限（P7）。',
  order: 20,
  permissions: ['settings.manage'],
  fields: [
    {
      key: 'opinionDeadlineWorkdays',
      label: '部门出具意见时限',
      help: '项目报送某一关口后，各有关部门须在此时限内出具审查意见；超过时限在待办中标红。',
      type: 'integer',
      min: 1,
      max: 60,
      unit: '个工作日',
    },
  ],
  ...storedKeys({ opinionDeadlineWorkdays: DEFAULT_SETTINGS.opinionDeadlineWorkdays }),
});

registerSettingsGroup({
  id: 'feedback',
  label: '居民反馈',
  help: '居民通过公众入口反映的问题如何办理，以及联系方式保留多久（P13，个人信息保护）。',
  order: 30,
  permissions: ['settings.manage'],
  fields: [
    {
      key: 'feedbackTriageWorkdays',
      label: '处理时限',
      help: '居民反馈提交后，承办单位须在此时限内处理（转为问题、并入已有问题或直接答复），超过时限计为逾期。',
      type: 'integer',
      min: 1,
      max: 30,
      unit: '个工作日',
    },
    {
      key: 'feedbackContactRetentionDays',
      label: '联系方式保留天数',
      help: '反馈办结后，居民的姓名和电话保留这么多天，到期由系统自动删除（不可恢复）。',
      type: 'integer',
      min: 1,
      max: 3650,
      unit: '天',
    },
  ],
  ...storedKeys({
    feedbackTriageWorkdays: DEFAULT_SETTINGS.feedbackTriageWorkdays,
    feedbackContactRetentionDays: DEFAULT_SETTINGS.feedbackContactRetentionDays,
  }),
});

/** Account hygiene (等保 8.1.4.1): how long a password lives, when an unused account locks. */
registerSettingsGroup({
  id: 'accounts',
  label: '账号安全',
  help: '工作人员账号的口令有效期、长期未使用账号的锁定，以及是否要求所有账号启用双因素认证（等级保护 8.1.4.1）。',
  order: 80,
  permissions: ['settings.manage'],
  fields: [
    {
      key: 'passwordMaxAgeDays',
      label: '密码最长使用期限',
      help: '密码使用超过这么多天，登录后须先修改密码才能继续使用（近 5 次用过的密码不能再用）。',
      type: 'integer',
      min: 7,
      max: 365,
      unit: '天',
    },
    {
      key: 'inactiveLockDays',
      label: '长期未登录锁定期限',
      help: '账号连续这么多天未登录即被锁定，须由系统管理员解锁后才能再登录。',
      type: 'integer',
      min: 7,
      max: 365,
      unit: '天',
    },
    {
      key: 'mfaRequiredForAll',
      label: '所有账号须启用双因素认证',
      help: '“是”：每个工作人员账号登录时都须绑定并使用动态验证码；“否”：只有三个管理员账号必须启用。',
      type: 'boolean',
    },
  ],
  ...storedKeys({
    passwordMaxAgeDays: DEFAULT_SETTINGS.passwordMaxAgeDays,
    inactiveLockDays: DEFAULT_SETTINGS.inactiveLockDays,
    mfaRequiredForAll: DEFAULT_SETTINGS.mfaRequiredForAll,
  }),
});

/** Security settings come from the server's environment (platform/config.ts): shown, not edited. */
registerSettingsGroup({
  id: 'deployment',
  label: '安全与审计（部署配置，只读）',
  help: '以下参数由服务器的环境变量设定，关系到等级保护要求，只能由运维人员修改配置后重启服务，此处仅供查看。',
  order: 90,
  permissions: ['settings.manage'],
  fields: [
    {
      key: 'auditRetentionDays',
      label: '审计日志保留天数',
      help: '审计日志至少保留这么多天才可清理（环境变量 AUDIT_RETENTION_DAYS，不少于 180 天，网络安全法第二十一条）。',
      type: 'integer',
      min: 180,
      unit: '天',
    },
    {
      key: 'mfaRequiredForAllByDeployment',
      label: '部署配置强制所有账号启用双因素认证',
      help: '“是”时不论上面“账号安全”中的设置如何，所有工作人员账号都须使用动态验证码（环境变量 MFA_REQUIRED_FOR_ALL）。',
      type: 'boolean',
    },
    {
      key: 'sessionIdleMinutes',
      label: '无操作自动退出',
      help: '登录后连续这么长时间没有操作，须重新登录（环境变量 SESSION_IDLE_MINUTES）。',
      type: 'integer',
      unit: '分钟',
    },
    {
      key: 'sessionAbsoluteHours',
      label: '登录最长有效期',
      help: '无论是否操作，登录满这么长时间须重新登录（环境变量 SESSION_ABSOLUTE_HOURS）。',
      type: 'integer',
      unit: '小时',
    },
    {
      key: 'lockoutThreshold',
      label: '密码连续错误锁定次数',
      help: '连续输错密码达到这个次数，账号暂时锁定（环境变量 LOCKOUT_THRESHOLD）。',
      type: 'integer',
      unit: '次',
    },
    {
      key: 'lockoutMinutes',
      label: '锁定时长',
      help: '账号因密码错误被锁定后，这么长时间后才能再次登录（环境变量 LOCKOUT_MINUTES）。',
      type: 'integer',
      unit: '分钟',
    },
  ],
  read: async ({ config }) => ({
    values: {
      auditRetentionDays: config.auditRetentionDays,
      mfaRequiredForAllByDeployment: config.mfaRequiredForAll,
      sessionIdleMinutes: config.sessionIdleMinutes,
      sessionAbsoluteHours: config.sessionAbsoluteHours,
      lockoutThreshold: config.lockoutThreshold,
      lockoutMinutes: config.lockoutMinutes,
    },
    version: 0,
  }),
});
