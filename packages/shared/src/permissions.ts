/**
 * The permission catalogue. Every API route declares one of these, or `public` (no sign-in), or
 * `authenticated` (any signed-in account, e.g. its own profile). A test fails any route that
 * declares nothing, and a committed snapshot lists `METHOD path → permission`.
 */
export const PERMISSIONS = {
  'reference.read': '查看行政区划、功能区、部门等基础数据',
  'users.read': '查看账号',
  'users.manage': '创建账号、修改账号、停用账号、重置密码',
  'grants.manage': '授予角色和数据范围',
  'zones.manage': '维护功能区管辖范围',
  'settings.manage': '维护系统设置',
  'audit.read': '查看和校验审计日志',
  'standards.read': '查看配建标准',
  'standards.manage': '维护本部门主管类别的配建标准',
  'ledger.read': '查看配套设施台账',
  'ledger.write': '录入、修改、导入配套设施台账',
  'survey.read': '查看排查摸底',
  'survey.manage': '发起排查摸底',
  'survey.submit': '提交排查台账',
  'survey.file': '备案或退回排查台账',
  'gap.read': '查看缺口分析',
  'problems.read': '查看问题台账',
  'problems.create': '登记问题（排查、巡查、居民反映、缺口分析）',
  'problems.work': '制定整治方案、报告进展、申请销号和延期（问题所在区县、镇街）',
  'problems.review': '审批整治方案、核验销号、审批延期（设施主管部门）',
  'problems.approve': '审批整治方案、重新打开已销号问题（主管部门、领导小组办公室）',
  'problems.supervise': '督导：标记重点难点、审批一事一案、重新打开、管理专项整治',
  'problems.instruct': '对重点难点问题作出批示',
  'tasks.read': '查看任务分解表和领导小组名单',
  'tasks.manage': '维护任务分解表和领导小组名单',
  'tasks.report': '报告牵头任务的进展',
  'attachments.upload': '上传附件（照片、文件）',
  'projects.read': '查看新建居住区项目（建设单位仅本单位项目）',
  'projects.register': '登记新建居住区项目（自然资源部门、建设单位）',
  'projects.submit': '提交关口审查材料、答复附加条件（建设单位；规划、供地条件由自然资源部门提交）',
  'projects.opine': '在联合审查中出具本部门意见、确认附加条件落实',
  'projects.adjust': '调整项目配建要求（自然资源部门，须书面说明理由）',
  'projects.inspect': '对已交付配套设施开展使用监管巡查',
  'feedback.read': '查看居民反映（联系电话脱敏）',
  'feedback.triage': '处理居民反映：转为问题、答复、标记重复',
  'feedback.reveal': '查看居民反映的完整联系方式（敏感操作，记入审计）',
  'questionnaires.read': '查看满意度调查及其结果（本辖区社区）',
  'questionnaires.manage': '发起、修改、开始、结束满意度调查（领导小组办公室、区县）',
  'supervision.read': '查看督导调度：排名、落后清单、督办单、领导驾驶舱',
  'supervision.manage': '设置督导评分权重、亮灯分数线和自动督办规则',
  'supervision.order': '下发、办结、撤销督办单（领导小组办公室、主管部门）',
  'supervision.answer': '签收和答复督办单（区县、镇街、主管部门）',
  'bulletins.read': '查看已印发的定期通报',
  'bulletins.manage': '起草、修改、印发定期通报，维护通报设置（领导小组办公室）',
  'bulletins.sign': '签收本单位收到的定期通报',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export type RoutePermission = Permission | 'public' | 'authenticated';

export const PERMISSION_CODES = Object.keys(PERMISSIONS) as Permission[];
